package ftkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The validate script run through ./jbang as a user would: exit codes, outputs, stdin, config precedence. */
class ValidateCliIT {
    @TempDir
    Path dir;

    static final Path EXAMPLES = ScriptRunner.projectRoot().resolve("examples/datasets");
    static final String OPENAI = "openai/gpt-4o-mini-2024-07-18";

    @Test
    void helpListsExitCodesAndAnExample() throws Exception {
        ScriptRunner.Result r = ScriptRunner.run(dir, Map.of(), null, "validate", "--help");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("Exit codes:"), r.stdout());
        assertTrue(r.stdout().contains("3   invalid records"), r.stdout());
        assertTrue(r.stdout().contains("Examples:"), r.stdout());
    }

    @Test
    void bundledExamplesAreAcceptedAndStdoutStaysEmpty() throws Exception {
        ScriptRunner.Result r = ScriptRunner.run(dir, Map.of(), null, "validate", "--target", OPENAI,
                EXAMPLES.resolve("support-train.jsonl").toString(), "--validation", EXAMPLES.resolve("support-validation.jsonl").toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stdout(), "stdout carries data only");
        assertTrue(r.stderr().contains("verdict: ACCEPTED"), r.stderr());
        assertTrue(r.stderr().contains("overlap with training: 0"), r.stderr());
    }

    @Test
    void badRecordsGiveExitThreeRejectsValidOutAndReport() throws Exception {
        Path rejects = dir.resolve("rejects.jsonl");
        Path valid = dir.resolve("valid.jsonl");
        Path report = dir.resolve("report.json");
        ScriptRunner.Result r = ScriptRunner.run(dir, Map.of(), null, "validate", "--target", OPENAI,
                EXAMPLES.resolve("needs-fixing.jsonl").toString(), "--rejects", rejects.toString(), "--valid-out", valid.toString(),
                "--report", report.toString());
        assertEquals(3, r.exitCode(), r.toString());
        List<String> rejected = Files.readAllLines(rejects);
        List<String> kept = Files.readAllLines(valid);
        assertEquals(8, rejected.size() + kept.size(), "every record is in exactly one of the two files");
        assertEquals(2, Json.MAPPER.readTree(rejected.get(0)).get("line").asInt(), "the first bad record is line 2");
        JsonNode rep = Json.MAPPER.readTree(report.toFile());
        assertEquals(3, rep.get("exit_code").asInt());
        JsonNode errors = rep.at("/files/0/targets/0/errors_by_type");
        assertEquals(1, errors.get("invalid_json").asInt());
        assertEquals(1, errors.get("missing_assistant_message").asInt());
        assertEquals(1, errors.get("weight_on_non_assistant").asInt());
        assertTrue(r.stderr().contains("needs-fixing.jsonl"), "the summary names the file");
    }

    @Test
    void readsStdinAndWritesTheReportToStdout() throws Exception {
        ScriptRunner.Result r = ScriptRunner.run(dir, Map.of(), EXAMPLES.resolve("support-train.jsonl"), "validate",
                "--target", "together/llama-3.1-8b", "--report", "-", "-");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode rep = Json.MAPPER.readTree(r.stdout());
        assertEquals(42, rep.at("/files/0/records").asInt());
        assertFalse(rep.at("/targets/0/token_counts_exact").asBoolean(), "no Llama file given: counts are estimates");
    }

    @Test
    void usageErrorsAndMissingFiles() throws Exception {
        assertEquals(2, ScriptRunner.run(dir, Map.of(), null, "validate", "--target", "nope/x", "a.jsonl").exitCode());
        assertEquals(2, ScriptRunner.run(dir, Map.of(), null, "validate", "--target", OPENAI).exitCode());
        assertEquals(2, ScriptRunner.run(dir, Map.of(), null, "validate", "--no-such-flag").exitCode());
        ScriptRunner.Result missing = ScriptRunner.run(dir, Map.of(), null, "validate", "--target", OPENAI, "missing.jsonl");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.stderr().contains("missing.jsonl"), missing.stderr());
    }

    @Test
    void targetComesFromFlagThenEnvironmentThenConfig() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "provider: anthropic\nmodel: claude-3-haiku\nmode: identify\n");
        Path train = EXAMPLES.resolve("support-train.jsonl");
        ScriptRunner.Result fromConfig = ScriptRunner.run(dir, Map.of(), null, "validate", "--no-rejects", "--report", "-", train.toString());
        assertEquals("bedrock/claude-3-haiku", Json.MAPPER.readTree(fromConfig.stdout()).at("/targets/0/id").asText(), fromConfig.toString());
        ScriptRunner.Result fromEnv = ScriptRunner.run(dir, Map.of("FTKIT_PROVIDER", "openai", "FTKIT_MODEL", "gpt-4.1-nano"), null,
                "validate", "--no-rejects", "--report", "-", train.toString());
        assertEquals("openai/gpt-4.1-nano-2025-04-14", Json.MAPPER.readTree(fromEnv.stdout()).at("/targets/0/id").asText(), fromEnv.toString());
        ScriptRunner.Result fromFlag = ScriptRunner.run(dir, Map.of("FTKIT_PROVIDER", "openai", "FTKIT_MODEL", "gpt-4.1-nano"), null,
                "validate", "--no-rejects", "--report", "-", "--provider", "google", "--model", "gemini-2.5-pro", train.toString());
        assertEquals("vertex/gemini-2.5-pro", Json.MAPPER.readTree(fromFlag.stdout()).at("/targets/0/id").asText(), fromFlag.toString());
        Files.writeString(dir.resolve("config.yaml"), "provider: anthropic\nmodle: x\n");
        ScriptRunner.Result badConfig = ScriptRunner.run(dir, Map.of(), null, "validate", "--no-rejects", train.toString());
        assertEquals(2, badConfig.exitCode(), badConfig.toString());
        assertTrue(badConfig.stderr().contains("modle"), badConfig.stderr());
    }

    @Test
    void matrixPrintsEveryTarget() throws Exception {
        ScriptRunner.Result r = ScriptRunner.run(dir, Map.of(), null, "validate", "--all-targets", "--no-rejects",
                EXAMPLES.resolve("support-train.jsonl").toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("bedrock/claude-3-haiku"), r.stderr());
        assertTrue(r.stderr().matches("(?s).*vertex/gemini-2\\.5-flash\\s+vertex-gemini\\s+rejects.*wrong_format.*"), r.stderr());
        assertTrue(r.stderr().contains("targets accept the file"), r.stderr());
    }
}
