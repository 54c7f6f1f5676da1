package ftkit.generate;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.generate.GenerateCommand;
import ftkit.cli.Log;
import ftkit.devserver.FakeLlmServer;
import ftkit.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One in-process run of {@code generate} with its exit code, stdout and stderr; helpers for the tests. */
record GenerateRun(int exit, String stdout, String stderr) {

    /** The repository's prompts folder (tests run in lib/). */
    static final Path PROMPTS = Path.of("..", "prompts").toAbsolutePath().normalize();
    static final Path EXAMPLE_PLAN = Path.of("..", "examples", "plans", "plan.yaml").toAbsolutePath().normalize();

    static GenerateRun run(Map<String, String> env, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        Log.to(errStream, false);
        try {
            int exit = GenerateCommand.commandLine(env, new PrintStream(out, true, StandardCharsets.UTF_8), errStream)
                    .execute(args.toArray(String[]::new));
            return new GenerateRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            Log.reset();
        }
    }

    /** The common arguments of a run against the fake server, in {@code dir}. */
    static List<String> baseArgs(ProviderCase provider, FakeLlmServer server, Path dir) throws IOException {
        Path config = dir.resolve("config.yaml");
        if (!Files.exists(config)) Files.writeString(config, "provider: openai\nmodel: gpt-4o-mini-2024-07-18\n");
        return new ArrayList<>(List.of("--config", config.toString(), "--prompts", PROMPTS.toString(),
                "--llm", provider.providerName(), "--llm-model", provider.model(),
                "--base-url", server.baseUrl(provider.route()), "--journal", dir.resolve("journal.sqlite").toString(),
                "--rejects", dir.resolve("rejects.jsonl").toString(), "--backoff-ms", "20", "--timeout", "10",
                "--no-progress"));
    }

    static List<JsonNode> lines(String text) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            try {
                out.add(Json.MAPPER.readTree(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + line, e);
            }
        }
        return out;
    }

    static List<JsonNode> file(Path path) throws IOException {
        return lines(Files.readString(path));
    }

    List<JsonNode> samples() {
        return lines(stdout);
    }

    /** A number from the summary line, e.g. {@code count("produced")}. */
    int count(String what) {
        Matcher m = Pattern.compile("(\\d+) " + Pattern.quote(what) + "\\b").matcher(stderr);
        if (what.equals("requested")) m = Pattern.compile("requested (\\d+)").matcher(stderr);
        else if (what.equals("produced") || what.equals("rejected") || what.equals("failed"))
            m = Pattern.compile(Pattern.quote(what) + " (\\d+)").matcher(stderr);
        else if (what.equals("not run")) m = Pattern.compile("not run (\\d+)").matcher(stderr);
        if (!m.find()) throw new AssertionError("no '" + what + "' in stderr:\n" + stderr);
        return Integer.parseInt(m.group(1));
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stderr\n" + stderr;
    }
}
