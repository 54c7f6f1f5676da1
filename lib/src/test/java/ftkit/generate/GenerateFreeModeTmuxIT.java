package ftkit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.cli.ScriptRunner;
import ftkit.cli.TmuxPane;
import ftkit.devserver.FakeLlmServer;
import ftkit.devserver.RecordedRequest;
import ftkit.devserver.Route;
import ftkit.io.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Free mode asks for its instructions on the terminal: drives {@code ./jbang generate@.} in a real terminal (a tmux
 * pane) against {@link FakeLlmServer} on 127.0.0.1, types the instructions, and checks that exactly those reached the
 * provider and that the samples were written. Three runs in one pane: no prompt file (asked); a prompt file but
 * {@code agent.free.use_prompt_file: false} (asked, the file ignored); no prompt file and stdin from /dev/null
 * (exit 2, nothing asked, nothing called).
 * Needs tmux: ./test.sh installs it; without it this test is skipped, unless FTKIT_REQUIRE_TMUX=1 makes that a failure.
 */
class GenerateFreeModeTmuxIT {
    /** The first step may include JBang compiling the script and the lib bundle. */
    static final Duration FIRST_STEP = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private final TmuxPane pane = new TmuxPane("free");
    private FakeLlmServer server;

    @AfterEach
    void stop() throws Exception {
        pane.close();
        if (server != null) server.close();
    }

    @Test
    void freeModeAsksForTheInstructionsOnTheTerminalAndSendsThemToTheProvider() throws Exception {
        boolean required = "1".equals(System.getenv("FTKIT_REQUIRE_TMUX"));
        if (!TmuxPane.available()) {
            if (required) throw new AssertionError("tmux is not installed (FTKIT_REQUIRE_TMUX=1); apt-get install -y tmux");
            assumeTrue(false, "tmux is not installed: the free-mode terminal test is skipped (./test.sh installs it)");
        }
        Path root = ScriptRunner.projectRoot();
        server = FakeLlmServer.builder().host("127.0.0.1").port(0).log(new PrintStream(OutputStream.nullOutputStream()))
                .start();

        // prompts/ without free_mode/prompt.txt (the shipped one would be used otherwise), and a copy with one.
        Path bare = dir.resolve("prompts-bare");
        Path withFile = dir.resolve("prompts-with-file");
        for (Path prompts : List.of(bare, withFile)) {
            Files.createDirectories(prompts.resolve("system"));
            try (Stream<Path> files = Files.list(root.resolve("prompts").resolve("system"))) {
                for (Path f : files.toList()) Files.copy(f, prompts.resolve("system").resolve(f.getFileName()));
            }
        }
        Files.createDirectories(withFile.resolve("free_mode"));
        Files.writeString(withFile.resolve("free_mode").resolve("prompt.txt"), "Conversations about kites.\n");
        Files.writeString(dir.resolve("asks.yaml"), "mode: free\ndataset_size: 3\n");
        Files.writeString(dir.resolve("asks-anyway.yaml"), "mode: free\ndataset_size: 2\nagent:\n  free:\n"
                + "    use_prompt_file: false\n");

        String generate = TmuxPane.quote(root.resolve("jbang")) + " --quiet generate@" + TmuxPane.quote(root)
                + " --llm openai --llm-model gpt-4o-mini --base-url " + TmuxPane.quote(server.baseUrl(Route.OPENAI))
                + " --no-progress --concurrency 2";
        Path launcher = dir.resolve("run-generate.sh");
        Files.writeString(launcher, String.join("\n",
                "cd " + TmuxPane.quote(dir),
                "unset NO_COLOR FTKIT_PROVIDER FTKIT_MODEL FTKIT_CONFIG FTKIT_BASE_URL FTKIT_DATABASE_URL",
                "export OPENAI_API_KEY=sk-dummy-free-mode-test",
                generate + " --config asks.yaml --prompts prompts-bare -o first.jsonl",
                "echo \"first run exited with $?\"",
                generate + " --config asks-anyway.yaml --prompts prompts-with-file -o second.jsonl",
                "echo \"second run exited with $?\"",
                generate + " --config asks.yaml --prompts prompts-bare -o third.jsonl < /dev/null",
                "echo \"third run exited with $?\"",
                "exec sleep 600", ""));
        pane.start(launcher, dir);

        // 1. No prompt file: asked on the terminal; two lines, then an empty line.
        pane.expect("Free mode: type the instructions for the conversations, then an empty line:", FIRST_STEP);
        assertEquals(0, server.totalRequests(), "nothing is called before the instructions are given");
        pane.type("Conversations between a beekeeper and a mentor about swarming in May.");
        pane.type("The mentor answers in short numbered steps.");
        pane.type("");
        pane.expect("first run exited with 0");
        List<JsonNode> first = samples(dir.resolve("first.jsonl"));
        assertEquals(3, first.size(), "dataset_size 3 from asks.yaml");
        List<RecordedRequest> calls = server.requests(Route.OPENAI);
        assertEquals(3, calls.size(), "one request per sample");
        for (RecordedRequest call : calls) {
            String user = call.call().userText();
            assertTrue(user.contains("Conversations between a beekeeper and a mentor about swarming in May.\n"
                    + "The mentor answers in short numbered steps."), user);
        }
        for (JsonNode sample : first) {
            assertEquals("free", sample.path("metadata").path("generation_mode").asText(), sample.toString());
            assertTrue(sample.path("messages").size() >= 2, sample.toString());
        }

        // 2. The prompt file exists, but use_prompt_file: false asks anyway, and the file is not used.
        server.reset();
        pane.expect("Free mode: type the instructions for the conversations, then an empty line:");
        pane.type("Dialogues about repairing a bicycle puncture at the roadside.");
        pane.type("");
        pane.expect("second run exited with 0");
        assertEquals(2, samples(dir.resolve("second.jsonl")).size());
        calls = server.requests(Route.OPENAI);
        assertEquals(2, calls.size());
        for (RecordedRequest call : calls) {
            String user = call.call().userText();
            assertTrue(user.contains("Dialogues about repairing a bicycle puncture at the roadside."), user);
            assertFalse(user.contains("kites"), "the prompt file is ignored when use_prompt_file is false: " + user);
        }

        // 3. No prompt file and stdin is not a terminal: a clear usage error, nothing asked or called.
        server.reset();
        String third = pane.expect("third run exited with 2");
        assertTrue(third.contains("free mode needs instructions: write them to prompts-bare"), third);
        assertTrue(third.contains("stdin is not a terminal"), third);
        assertFalse(third.contains("Free mode: type the instructions"), third);
        assertEquals(0, server.totalRequests());
        assertFalse(Files.exists(dir.resolve("third.jsonl")));
    }

    private static List<JsonNode> samples(Path file) throws IOException {
        List<JsonNode> samples = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) samples.add(Json.MAPPER.readTree(line));
        }
        return samples;
    }
}
