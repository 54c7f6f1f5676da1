package ftkit.export;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.cli.ScriptRunner;
import ftkit.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The export and pipeline scripts run through ./jbang as a user would: exit codes, stdout, files. */
class ExportCliIT {
    @TempDir
    Path dir;

    static final Path ROOT = ScriptRunner.projectRoot();
    static final Path EXAMPLES = ROOT.resolve("examples/datasets");

    @Test
    void exportsTheExampleDatasetToSeveralTargetsWithAJsonReportOnStdout() throws Exception {
        ScriptRunner.Result r = ScriptRunner.run(dir, Map.of(), null, "export", "--target", "bedrock/claude-3-haiku",
                "--target", "bedrock/llama-3.1-8b", "--format", "sharegpt", "-o", "out", "--output-name", "support", "--report", "-",
                "--train", EXAMPLES.resolve("support-train.jsonl").toString(), "--validation", EXAMPLES.resolve("support-validation.jsonl").toString());
        // Llama 3.1 on Bedrock takes prompt/completion only: the examples' system prompts cannot go there.
        assertEquals(3, r.exitCode(), r.toString());
        JsonNode report = Json.MAPPER.readTree(r.stdout());
        assertEquals(3, report.get("exit_code").asInt());
        JsonNode claude = report.get("targets").get(0);
        assertEquals("bedrock/claude-3-haiku", claude.get("target").asText());
        assertEquals(42, claude.at("/exported/train").asInt());
        assertEquals(6, claude.at("/exported/validation").asInt());
        assertEquals(48, report.get("targets").get(1).get("rejected").asInt());
        assertTrue(report.get("targets").get(1).at("/reject_codes/system_not_supported").asInt() > 0);
        assertTrue(Files.isRegularFile(dir.resolve("out/bedrock-claude-3-haiku/support_train.jsonl")));
        assertTrue(Files.isRegularFile(dir.resolve("out/bedrock-llama-3.1-8b/support_rejects.jsonl")));
        assertTrue(Files.isRegularFile(dir.resolve("out/sharegpt/support_validation.jsonl")));
        assertTrue(r.stderr().contains("bedrock/claude-3-haiku"), r.stderr());
    }

    @Test
    void anUnknownTargetIsAUsageErrorAndWritesNothing() throws Exception {
        ScriptRunner.Result r = ScriptRunner.run(dir, Map.of(), null, "export", "--target", "nope/model", "-o", "out",
                EXAMPLES.resolve("support-train.jsonl").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("unknown target 'nope/model'"), r.stderr());
        assertEquals("", r.stdout());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void pipelineRunsTheMainJobOnTheExampleDocuments() throws Exception {
        ScriptRunner.Result r = ScriptRunner.run(dir, Map.of(), null, "pipeline", "--mode", "identify", "-o", "out",
                "--target", "openai/gpt-4o-mini-2024-07-18", ROOT.resolve("examples/documents").toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("", r.stdout(), "stdout carries data only");
        assertTrue(r.stderr().contains("==== pipeline summary"), r.stderr());
        assertTrue(r.stderr().contains("result    OK: ready to upload"), r.stderr());
        assertTrue(r.stderr().contains("store     dataset 'my_dataset'"), "the pipeline saves its export: " + r.stderr());
        assertTrue(Files.isRegularFile(dir.resolve("out/openai-gpt-4o-mini-2024-07-18/my_dataset_train.jsonl")));
        assertTrue(Files.isRegularFile(dir.resolve("out/openai-gpt-4o-mini-2024-07-18/my_dataset_validation.jsonl")));
    }
}
