package ftkit.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.cli.ScriptRunner;
import ftkit.devserver.FakeLlmServer;
import ftkit.devserver.Route;
import ftkit.io.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code ./jbang pipeline@.} in create mode as a user runs it, against the fake LLM server on 127.0.0.1. */
class PipelineCliIT {
    static final Path ROOT = ScriptRunner.projectRoot();
    static final String KEY = "sk-test-pipeline-cli-77aa";

    @TempDir
    Path dir;

    FakeLlmServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeLlmServer.builder().log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).start();
        // The config.yaml a user would write to point the pipeline at their own OpenAI-compatible server.
        Files.writeString(dir.resolve("config.yaml"), """
                provider: openai
                model: gpt-4o-mini-2024-07-18
                mode: create
                dataset_size: 20
                output_name: support
                split:
                  strategy: random
                system:
                  agentic_llm: openai
                  agentic_model: fake-openai-model
                  base_url: %s
                  timeout: 10
                """.formatted(server.baseUrl(Route.OPENAI)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    ScriptRunner.Result pipeline(Map<String, String> env) throws Exception {
        return ScriptRunner.run(dir, env, null, "pipeline", "--prompts", ROOT.resolve("prompts").toString(),
                "--topic", "tide tables for sailors", "-o", "out", "--no-progress");
    }

    @Test
    void createModeGeneratesValidatesSplitsAndExportsAndAReRunResumesFromTheJournal() throws Exception {
        ScriptRunner.Result r = pipeline(Map.of("OPENAI_API_KEY", KEY));

        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stdout(), "stdout carries data only");
        assertEquals(20, server.totalRequests());
        assertTrue(r.stderr().contains("generate  create: requested 20 = produced 20 + rejected 0 + failed 0 + not run 0 (0 resumed from the journal)"), r.stderr());
        assertTrue(r.stderr().contains("this run: 20 requests, 0 retries, 0 repairs"), r.stderr());
        assertTrue(java.util.regex.Pattern.compile("cells filled: (\\d+) of \\1\\b").matcher(r.stderr()).find(), "every quota cell filled: " + r.stderr());
        assertTrue(r.stderr().contains("result    OK: ready to upload"), r.stderr());
        assertFalse(r.stderr().contains(KEY), "the key is never printed");
        Path target = dir.resolve("out/openai-gpt-4o-mini-2024-07-18");
        List<String> train = Files.readAllLines(target.resolve("support_train.jsonl"));
        List<String> validation = Files.readAllLines(target.resolve("support_validation.jsonl"));
        assertEquals(20, train.size() + validation.size(), r.stderr());
        assertTrue(r.stderr().contains("split     train " + train.size() + ", validation " + validation.size()), r.stderr());
        for (String line : train) {
            JsonNode messages = Json.MAPPER.readTree(line).get("messages");
            assertEquals("user", messages.get(0).get("role").asText(), line);
            assertEquals("assistant", messages.get(messages.size() - 1).get("role").asText(), line);
        }
        assertTrue(Files.isRegularFile(dir.resolve("out/work/support_generated.jsonl")));
        try (var journals = Files.list(dir.resolve("out/work/journal"))) {
            assertEquals(1, journals.filter(p -> p.toString().endsWith(".sqlite")).count());
        }

        ScriptRunner.Result again = pipeline(Map.of("OPENAI_API_KEY", KEY));

        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(20, server.totalRequests(), "the re-run made no request");
        assertTrue(again.stderr().contains("(20 resumed from the journal)"), again.stderr());
        assertEquals(train, Files.readAllLines(target.resolve("support_train.jsonl")));
    }

    @Test
    void withoutTheKeyItStopsBeforeAnyWorkNamingTheVariable() throws Exception {
        assumeTrue(System.getenv("OPENAI_API_KEY") == null, "OPENAI_API_KEY is set in this environment");

        ScriptRunner.Result r = pipeline(Map.of());

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("set OPENAI_API_KEY in the environment or in .env"), r.stderr());
        assertFalse(Files.exists(dir.resolve("out")), "nothing was written");
        assertEquals(0, server.totalRequests());
    }
}
