package ftkit.recipes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recipe file of {@code recipes/}, read as its runner sees it: every {@code ```bash} block is a step the test
 * runs, and the {@code ```output} block after it (info string {@code output} or {@code output exit=N}) is what
 * the reader is shown. Other fences ({@code ```console-untested}, {@code ```yaml} …) are prose for the runner.
 * A comment {@code <!-- recipe-pending: REASON -->} marks a recipe the runner skips, printing the reason.
 */
record Recipe(Path file, String title, List<Step> steps, Optional<String> pendingReason) {

    /** One bash block, the output shown under it (empty when none is shown) and the exit code it promises. */
    record Step(int line, String script, List<String> shownOutput, int expectedExit) {}

    private static final Pattern FENCE = Pattern.compile("^```\\s*([A-Za-z0-9_-]*)(.*)$");
    private static final Pattern EXIT = Pattern.compile("\\bexit=(\\d+)\\b");
    private static final Pattern PENDING = Pattern.compile("<!--\\s*recipe-pending:\\s*(.*?)\\s*-->");

    static Recipe read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String title = file.getFileName().toString();
        Optional<String> pending = Optional.empty();
        List<Step> steps = new ArrayList<>();
        String pendingScript = null;
        int pendingLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("# ") && title.equals(file.getFileName().toString())) title = line.substring(2).strip();
            Matcher p = PENDING.matcher(line);
            if (p.find()) pending = Optional.of(p.group(1));
            Matcher fence = FENCE.matcher(line);
            if (!fence.matches()) continue;
            String language = fence.group(1);
            String info = fence.group(2);
            int start = i + 1;
            List<String> body = new ArrayList<>();
            for (i = start; i < lines.size() && !lines.get(i).startsWith("```"); i++) body.add(lines.get(i));
            if (i >= lines.size()) throw new IllegalArgumentException(file + ":" + start + ": fence not closed");
            if (language.equals("bash")) {
                if (pendingScript != null) steps.add(new Step(pendingLine, pendingScript, List.of(), 0));
                pendingScript = String.join("\n", body) + "\n";
                pendingLine = start;
            } else if (language.equals("output")) {
                if (pendingScript == null) {
                    throw new IllegalArgumentException(file + ":" + start + ": an output block without a bash block before it");
                }
                Matcher exit = EXIT.matcher(info);
                steps.add(new Step(pendingLine, pendingScript, List.copyOf(body), exit.find() ? Integer.parseInt(exit.group(1)) : 0));
                pendingScript = null;
            }
        }
        if (pendingScript != null) steps.add(new Step(pendingLine, pendingScript, List.of(), 0));
        return new Recipe(file, title, List.copyOf(steps), pending);
    }
}
