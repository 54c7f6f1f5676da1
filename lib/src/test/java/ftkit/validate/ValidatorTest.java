package ftkit.validate;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Every error type validate reports, each provoked by a real JSONL file. */
class ValidatorTest {
    static final ProviderRegistry REGISTRY = ProviderRegistry.bundled();
    static final String OPENAI = "openai/gpt-4o-mini-2024-07-18";
    static final String BEDROCK = "bedrock/claude-3-haiku";
    static final String MISTRAL = "mistral/open-mistral-7b";
    static final String GEMINI = "vertex/gemini-2.5-flash";

    @TempDir
    Path dir;

    static String chat(String user, String assistant) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":" + q(user) + "},{\"role\":\"assistant\",\"content\":" + q(assistant) + "}]}";
    }

    static String q(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    /** n distinct valid chat lines, so that dataset-level minimums are met. */
    static List<String> validChats(int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) lines.add(chat("Question number " + i + "?", "Answer number " + i + "."));
        return lines;
    }

    Path file(String name, List<String> lines) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, lines);
        return p;
    }

    Validator.Run run(String target, Path train, Path validation, ValidationOptions.DuplicatePolicy dup, int threads) throws IOException {
        List<Target> targets = target == null ? List.copyOf(REGISTRY.targets()) : List.of(REGISTRY.target(target));
        ValidationOptions o = new ValidationOptions(targets, null, null, threads, dir.resolve("rejects.jsonl").toString(),
                null, null, dup, false);
        return new Validator(REGISTRY, o, w -> { }).run(List.of(train.toString()), validation == null ? null : validation.toString());
    }

    /** n distinct valid lines in the target's own record format. */
    static List<String> validLines(String target, int n) {
        String format = REGISTRY.target(target).format();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String qn = q("Question number " + i + "?");
            String an = q("Answer number " + i + ".");
            lines.add(switch (format) {
                case "vertex-gemini" -> "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":" + qn + "}]},{\"role\":\"model\",\"parts\":[{\"text\":" + an + "}]}]}";
                case "bedrock-prompt-completion" -> "{\"prompt\":" + qn + ",\"completion\":" + an + "}";
                default -> chat("Question number " + i + "?", "Answer number " + i + ".");
            });
        }
        return lines;
    }

    Validator.Run run(String target, List<String> extraLines) throws IOException {
        List<String> lines = validLines(target, 40);
        lines.addAll(extraLines);
        return run(target, file("train.jsonl", lines), null, ValidationOptions.DuplicatePolicy.WARN, 1);
    }

    /** Asserts that exactly the extra line (line 41) is rejected, with this error code. */
    void assertRejected(String target, String line, String code) throws IOException {
        Validator.Run r = run(target, List.of(line));
        TargetTally t = r.files().get(0).tallies().get(0);
        assertEquals(1, t.invalid(), "exactly the bad line is invalid for " + target + ": " + line + " → " + t.errorsByType());
        assertTrue(t.errorsByType().containsKey(code), "expected " + code + " for " + target + ", got " + t.errorsByType());
        assertEquals(List.of(41L), t.linesByType.get(code));
        assertEquals(3, r.exitCode());
    }

    void assertWarned(String target, String line, String code) throws IOException {
        Validator.Run r = run(target, List.of(line));
        TargetTally t = r.files().get(0).tallies().get(0);
        assertEquals(0, t.invalid(), "no error expected for " + line + ", got " + t.errorsByType());
        assertTrue(t.warningsByType().containsKey(code), "expected warning " + code + ", got " + t.warningsByType());
    }

    @Test
    void validFileIsAcceptedWithExitCodeZero() throws IOException {
        Validator.Run r = run(OPENAI, List.of());
        TargetTally t = r.files().get(0).tallies().get(0);
        assertEquals(40, t.valid());
        assertTrue(t.accepted());
        assertEquals(0, r.exitCode());
        assertFalse(Files.exists(dir.resolve("rejects.jsonl")), "no rejects file when nothing is rejected");
    }

    @Test
    void jsonValidity() throws IOException {
        assertRejected(OPENAI, "{\"messages\": [", "invalid_json");
        assertRejected(OPENAI, "[1, 2, 3]", "not_an_object");
        assertRejected(OPENAI, "{\"text\": \"plain text record\"}", "unknown_format");
        assertRejected(OPENAI, "   ", "blank_line");
    }

    @Test
    void requiredFields() throws IOException {
        assertRejected(OPENAI, "{\"messages\": []}", "missing_messages");
        assertRejected(OPENAI, "{\"messages\": [{\"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"x\"}]}", "missing_role");
        assertRejected(OPENAI, "{\"messages\": [{\"role\": \"user\"}, {\"role\": \"assistant\", \"content\": \"x\"}]}", "missing_content");
        assertRejected("bedrock/llama-3.1-8b", "{\"prompt\": \"2+2?\"}", "unknown_format");
        assertRejected("bedrock/llama-3.1-8b", "{\"prompt\": \"2+2?\", \"completion\": 4}", "field_not_string");
    }

    @Test
    void rolesAndKeysPerTarget() throws IOException {
        assertRejected(OPENAI, "{\"messages\": [{\"role\": \"human\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"x\"}]}", "unrecognized_role");
        assertRejected(OPENAI, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\", \"mood\": \"happy\"}, {\"role\": \"assistant\", \"content\": \"x\"}]}", "message_unrecognized_key");
        assertWarned(OPENAI, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"x\"}], \"note\": 1}", "extraneous_key");
        // Bedrock: "No extraneous keys are allowed", and system lives at the top level.
        String bedrockBase = "\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\"}]";
        assertRejected(BEDROCK, "{\"system\": \"s\", " + bedrockBase + ", \"id\": \"x1\"}", "extraneous_key");
        assertRejected(BEDROCK, "{\"messages\": [{\"role\": \"system\", \"content\": \"s\"}, {\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\"}]}", "unrecognized_role");
        assertRejected(BEDROCK, "{\"system\": \"s\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"q\"}]}, {\"role\": \"assistant\", \"content\": \"a\"}]}", "content_not_string");
    }

    @Test
    void orderingRules() throws IOException {
        String twoUsers = "{\"system\": \"s\", \"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"user\", \"content\": \"q2\"}, {\"role\": \"assistant\", \"content\": \"a\"}]}";
        assertRejected(BEDROCK, twoUsers, "not_alternating");
        assertRejected(BEDROCK, "{\"system\": \"s\", \"messages\": [{\"role\": \"assistant\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"b\"}]}", "first_role");
        assertRejected(BEDROCK, "{\"system\": \"s\", \"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": \"q2\"}]}", "last_role");
        assertRejected(BEDROCK, "{\"system\": \"s\", \"messages\": [{\"role\": \"assistant\", \"content\": \"a\"}]}", "too_few_messages");
        // OpenAI allows a trailing user turn but it trains nothing: a warning.
        assertWarned(OPENAI, "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": \"thanks\"}]}", "last_role");
        assertRejected(OPENAI, "{\"messages\": [{\"role\": \"system\", \"content\": \"s\"}, {\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"system\", \"content\": \"s2\"}, {\"role\": \"assistant\", \"content\": \"a\"}]}", "multiple_system_messages");
        assertRejected(OPENAI, "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"system\", \"content\": \"s2\"}, {\"role\": \"assistant\", \"content\": \"a\"}]}", "system_not_first");
        assertRejected(OPENAI, "{\"messages\": [{\"role\": \"system\", \"content\": \"s\"}, {\"role\": \"user\", \"content\": \"q\"}]}", "missing_assistant_message");
        assertRejected(MISTRAL, "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": \"q2\"}]}", "last_role");
        // Gemini 2.x does not state alternation: a warning, not an error.
        assertWarned(GEMINI, "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"q\"}]}, {\"role\": \"user\", \"parts\": [{\"text\": \"q2\"}]}, {\"role\": \"model\", \"parts\": [{\"text\": \"a\"}]}]}", "not_alternating");
        assertRejected(GEMINI, "{\"contents\": [{\"role\": \"assistant\", \"parts\": [{\"text\": \"q\"}]}]}", "unrecognized_role");
    }

    @Test
    void weights() throws IOException {
        assertRejected(OPENAI, "{\"messages\": [{\"role\": \"user\", \"content\": \"q\", \"weight\": 0}, {\"role\": \"assistant\", \"content\": \"a\"}]}", "weight_on_non_assistant");
        assertRejected(OPENAI, "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\", \"weight\": 2}]}", "bad_weight");
        assertRejected(OPENAI, "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\", \"weight\": \"1\"}]}", "bad_weight");
        assertRejected(BEDROCK, "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\", \"weight\": 1}]}", "message_unrecognized_key");
        // weight 0 on an assistant message is fine for OpenAI
        Validator.Run ok = run(OPENAI, List.of("{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\", \"weight\": 0}, {\"role\": \"user\", \"content\": \"q2\"}, {\"role\": \"assistant\", \"content\": \"b\", \"weight\": 1}]}"));
        assertEquals(0, ok.files().get(0).tallies().get(0).invalid());
    }

    static final String TOOLS = "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"anagram\", \"parameters\": {\"type\": \"object\"}}}]";

    @Test
    void toolCallStructure() throws IOException {
        String good = "{\"messages\": [{\"role\": \"user\", \"content\": \"Anagram of listen?\"},"
                + "{\"role\": \"assistant\", \"tool_calls\": [{\"id\": \"TX92Jm8Zi\", \"type\": \"function\", \"function\": {\"name\": \"anagram\", \"arguments\": \"{\\\"word\\\": \\\"listen\\\"}\"}}]},"
                + "{\"role\": \"tool\", \"content\": \"silent\", \"tool_call_id\": \"TX92Jm8Zi\"},"
                + "{\"role\": \"assistant\", \"content\": \"silent\"}], " + TOOLS + "}";
        assertEquals(0, run(OPENAI, List.of(good)).files().get(0).tallies().get(0).invalid());
        assertEquals(0, run(MISTRAL, List.of(good)).files().get(0).tallies().get(0).invalid());
        assertRejected(OPENAI, good.replace("{\\\"word\\\": \\\"listen\\\"}", "not json"), "bad_tool_call");
        assertRejected(OPENAI, good.replace("\"tool_call_id\": \"TX92Jm8Zi\"", "\"tool_call_id\": \"nope\""), "orphan_tool_result");
        assertRejected(MISTRAL, good.replace("TX92Jm8Zi", "call_1"), "bad_tool_call_id");
        assertRejected(MISTRAL, good.replace("{\"role\": \"assistant\", \"tool_calls\"", "{\"role\": \"assistant\", \"content\": \"\", \"tool_calls\""), "tool_call_content");
        assertRejected(MISTRAL, good.replace(", " + TOOLS, ""), "undefined_tool");
        assertRejected(MISTRAL, good.replace(",{\"role\": \"assistant\", \"content\": \"silent\"}", ""), "tool_sequence");
        assertRejected(BEDROCK, good, "unrecognized_role");
    }

    @Test
    void emptyOrWhitespaceContent() throws IOException {
        assertRejected(OPENAI, chat("   \n\t ", "answer"), "empty_content");
        assertRejected(OPENAI, chat("question", ""), "empty_content");
        assertRejected(OPENAI, "{\"messages\": [{\"role\": \"system\", \"content\": \"  \"}, {\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"a\"}]}", "empty_content");
    }

    @Test
    void perExampleTokenLimit() throws IOException {
        String big = "word ".repeat(40_000); // ~40k tokens: over Claude's 32,000, under gpt-4o-mini's 65,536
        Validator.Run bedrock = run(BEDROCK, List.of(chat(big, "ok")));
        TargetTally tb = bedrock.files().get(0).tallies().get(0);
        assertTrue(tb.errorsByType().containsKey("over_token_limit"), tb.errorsByType().toString());
        assertEquals(1, tb.overLimitCount());
        assertEquals(41, tb.overLimit.get(0)[0]);
        Validator.Run openai = run(OPENAI, List.of(chat(big, "ok")));
        assertEquals(0, openai.files().get(0).tallies().get(0).overLimitCount());
        // over gpt-3.5-0613's 4,096: OpenAI truncates, so it is a warning with the count
        Validator.Run old = run("openai/gpt-3.5-turbo-0613", List.of(chat("word ".repeat(5000), "ok")));
        TargetTally to = old.files().get(0).tallies().get(0);
        assertEquals(0, to.invalid());
        assertEquals(1, to.overLimitCount());
        assertTrue(to.warningsByType().containsKey("over_token_limit"));
    }

    @Test
    void datasetLevelLimits() throws IOException {
        // Bedrock Claude needs at least 32 examples
        Validator.Run few = run(BEDROCK, file("few.jsonl", validChats(5)), null, ValidationOptions.DuplicatePolicy.WARN, 1);
        TargetTally t = few.files().get(0).tallies().get(0);
        assertEquals(0, t.invalid());
        assertFalse(t.accepted());
        assertTrue(t.datasetFindings().stream().anyMatch(f -> f.code().equals("too_few_examples")));
        assertTrue(t.datasetFindings().stream().anyMatch(f -> f.code().equals("target_legacy")), "status warning shown");
        assertEquals(3, few.exitCode());
        // Bedrock Claude accepts at most 1,000 validation records
        Validator.Run val = run(BEDROCK, file("t.jsonl", validChats(40)), file("v.jsonl", validChats(1001).subList(0, 1001)),
                ValidationOptions.DuplicatePolicy.WARN, 1);
        TargetTally tv = val.files().get(1).tallies().get(0);
        assertTrue(tv.datasetFindings().stream().anyMatch(f -> f.code().equals("too_many_validation_examples")), tv.datasetFindings().toString());
    }

    @Test
    void fileSizeLimitFromAUserRegistry() throws IOException {
        Path reg = dir.resolve("providers.yaml");
        Files.writeString(reg, """
                targets:
                  - id: tiny/test-model
                    provider: openai
                    route: tiny
                    model: test-model
                    format: openai-chat
                    tokenizer: o200k_base
                    max_tokens_per_example: 1000
                    min_examples: 1
                    max_examples: 30
                    max_file_bytes: 500
                    status: active
                    source: test
                    checked: 2026-11-21
                """);
        ProviderRegistry r = ProviderRegistry.load(reg);
        assertTrue(r.targets().size() > 30, "user entries are added to the bundled ones");
        ValidationOptions o = new ValidationOptions(List.of(r.target("tiny/test-model")), null, null, 1, null, null, null,
                ValidationOptions.DuplicatePolicy.WARN, false);
        Validator.Run run = new Validator(r, o, w -> { }).run(List.of(file("t.jsonl", validChats(40)).toString()), null);
        List<String> codes = run.files().get(0).tallies().get(0).datasetFindings().stream().map(Finding::code).toList();
        assertTrue(codes.contains("file_too_large"), codes.toString());
        assertTrue(codes.contains("too_many_examples"), codes.toString());
    }

    @Test
    void registryOverrideErrorsNameTheKey() throws IOException {
        Path reg = dir.resolve("bad.yaml");
        Files.writeString(reg, "targets:\n  - id: x/y\n    provider: openai\n    modle: y\n");
        IOException e = assertThrows(IOException.class, () -> ProviderRegistry.load(reg));
        assertTrue(e.getMessage().contains("targets.x/y") && e.getMessage().contains("modle"), e.getMessage());
    }

    @Test
    void duplicatesAfterNormalisationAndTrainValidationOverlap() throws IOException {
        List<String> lines = validChats(40);
        lines.add(chat("  QUESTION   number 3? ", "Answer number 3."));  // same as line 4 after normalising
        Validator.Run warn = run(OPENAI, file("d.jsonl", lines), null, ValidationOptions.DuplicatePolicy.WARN, 1);
        Validator.FileResult f = warn.files().get(0);
        assertEquals(1, f.duplicates());
        assertArrayEquals(new long[]{41, 4}, f.duplicatePairs().get(0));
        assertEquals(0, f.tallies().get(0).invalid());
        Validator.Run reject = run(OPENAI, file("d.jsonl", lines), null, ValidationOptions.DuplicatePolicy.REJECT, 1);
        assertEquals(1, reject.files().get(0).tallies().get(0).invalid());

        Path validation = file("v.jsonl", List.of(chat("Question number 7?", "Answer number 7."), chat("A new question?", "A new answer.")));
        Validator.Run overlap = run(OPENAI, file("t.jsonl", validChats(40)), validation, ValidationOptions.DuplicatePolicy.WARN, 1);
        Validator.FileResult v = overlap.files().get(1);
        assertEquals(1, v.overlap());
        assertArrayEquals(new long[]{1, 8}, v.overlapPairs().get(0));
        assertTrue(v.tallies().get(0).errorsByType().containsKey("train_validation_overlap"));
    }

    @Test
    void rejectsFileKeepsEveryBadRecordWithLineAndReason() throws IOException {
        Validator.Run r = run(OPENAI, List.of("{broken", chat("", "a")));
        assertEquals(2, r.files().get(0).tallies().get(0).invalid());
        List<String> rejects = Files.readAllLines(dir.resolve("rejects.jsonl"));
        assertEquals(2, rejects.size());
        JsonNode first = Json.MAPPER.readTree(rejects.get(0));
        assertEquals(41, first.get("line").asInt());
        assertEquals("{broken", first.get("record").asText());
        assertEquals("invalid_json", first.get("errors").get(0).get("code").asText());
        assertEquals(42, Json.MAPPER.readTree(rejects.get(1)).get("line").asInt());
    }

    @Test
    void matrixTellsWhichTargetsAcceptAndWhyNot() throws IOException {
        Validator.Run r = run(null, file("m.jsonl", validChats(120)), null, ValidationOptions.DuplicatePolicy.WARN, 1);
        Map<String, TargetTally> byId = new java.util.HashMap<>();
        for (TargetTally t : r.files().get(0).tallies()) byId.put(t.target().id(), t);
        assertTrue(byId.get(OPENAI).accepted());
        assertTrue(byId.get("together/llama-3.1-8b").accepted());
        assertFalse(byId.get(GEMINI).accepted());
        assertTrue(byId.get(GEMINI).topReasons(3).startsWith("wrong_format ×120"), byId.get(GEMINI).topReasons(3));
        assertFalse(byId.get("bedrock/llama-3.1-8b").accepted());
        assertEquals(0, r.exitCode(), "at least one target accepts");
    }

    @Test
    void canonicalSamplesAreCheckedInTheTargetsTerms() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add("{\"id\":\"s" + i + "\",\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"Q" + i + "?\"},{\"role\":\"assistant\",\"content\":\"A" + i + ".\"}],\"metadata\":{\"source_file\":\"faq.pdf\"}}");
        }
        lines.add("{\"messages\":[{\"role\":\"user\",\"content\":\"Q?\"},{\"role\":\"user\",\"content\":\"Q again?\"},{\"role\":\"assistant\",\"content\":\"A.\"}],\"metadata\":{}}");
        Validator.Run r = run(BEDROCK, file("c.jsonl", lines), null, ValidationOptions.DuplicatePolicy.WARN, 1);
        TargetTally t = r.files().get(0).tallies().get(0);
        assertEquals(1, t.invalid(), t.errorsByType().toString());
        assertTrue(t.errorsByType().containsKey("not_alternating"));
        assertFalse(t.errorsByType().containsKey("extraneous_key"), "canonical files are not uploaded as they are");
    }

    @Test
    void parallelRunGivesTheSameResultAsSequential() throws IOException {
        List<String> lines = validChats(3000);
        lines.add(500, "{broken");
        lines.add(chat("Question number 12?", "Answer number 12."));
        Path f = file("p.jsonl", lines);
        Validator.Run one = run(OPENAI, f, null, ValidationOptions.DuplicatePolicy.WARN, 1);
        String rejectsOne = Files.readString(dir.resolve("rejects.jsonl"));
        Validator.Run four = run(OPENAI, f, null, ValidationOptions.DuplicatePolicy.WARN, 4);
        String rejectsFour = Files.readString(dir.resolve("rejects.jsonl"));
        assertEquals(ValidationReport.toJson(one).toString(), ValidationReport.toJson(four).toString());
        assertEquals(rejectsOne, rejectsFour);
        assertEquals(1, four.files().get(0).duplicates());
    }
}
