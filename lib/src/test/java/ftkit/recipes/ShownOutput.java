package ftkit.recipes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Compares the output a recipe shows with the output its commands really print. The shown lines must occur in
 * the real output in the same order, each as a whole line (trailing spaces ignored); a line that is only
 * {@code …} stands for lines left out, and {@code …} inside a line stands for any text (a timing, a path).
 * Every other character must match, so a recipe whose output drifts fails.
 */
final class ShownOutput {
    static final String ELLIPSIS = "…";

    private ShownOutput() {}

    /** Real output as lines: progress redraws ({@code \r}) count as line ends, trailing spaces are dropped. */
    static List<String> lines(String realOutput) {
        List<String> lines = new ArrayList<>();
        for (String line : realOutput.split("\r\n|\r|\n", -1)) lines.add(line.stripTrailing());
        return lines;
    }

    /** Empty when every shown line is found in order; otherwise the first shown line that is missing, explained. */
    static Optional<String> mismatch(List<String> shown, String realOutput) {
        List<String> real = lines(realOutput);
        int at = 0;
        for (String shownLine : shown) {
            String expected = shownLine.stripTrailing();
            if (expected.strip().equals(ELLIPSIS) || expected.isEmpty()) continue;
            Pattern pattern = pattern(expected);
            int found = -1;
            for (int i = at; i < real.size(); i++) {
                if (pattern.matcher(real.get(i)).matches()) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                boolean earlier = false;
                for (int i = 0; i < at && !earlier; i++) earlier = pattern.matcher(real.get(i)).matches();
                return Optional.of("shown line not in the real output" + (earlier ? " after the line before it (it occurs earlier: wrong order)" : "")
                        + ":\n    " + expected);
            }
            at = found + 1;
        }
        return Optional.empty();
    }

    static Pattern pattern(String shownLine) {
        String[] parts = shownLine.split(ELLIPSIS, -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) regex.append(".*");
            if (!parts[i].isEmpty()) regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }
}
