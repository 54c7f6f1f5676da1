package ftkit.export;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.io.JsonlLine;
import ftkit.io.JsonlReader;
import ftkit.io.RecordConverter;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.ToolCall;
import ftkit.providers.Target;
import ftkit.validate.TargetTally;
import ftkit.validate.ValidationOptions;
import ftkit.validate.Validator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static ftkit.export.ExportFixtures.REGISTRY;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Canonical samples exported to one target per record format in one run; each exported line is read back the way a
 * user's tools would (format detection + {@link RecordConverter}) and must say exactly what the sample said; each
 * sample a format cannot hold must be in the rejects file with the expected reason; and every exported file must
 * pass {@link Validator} for its target with no record error.
 */
class ExportRoundTripTest {
    @TempDir
    static Path dir;
    static Exporter.Result result;
    static final Map<String, Sample> BY_ID = new HashMap<>();

    @BeforeAll
    static void export() throws IOException {
        for (Sample s : ExportFixtures.all()) BY_ID.put(s.id(), s);
        Path input = ExportFixtures.write(dir.resolve("samples.jsonl"), ExportFixtures.all());
        result = new Exporter(REGISTRY, ExportFixtures.options(ExportFixtures.targets(), dir.resolve("out")), w -> { })
                .run(List.of(new Exporter.Input(input.toString(), null)));
    }

    @Test
    void oneFolderPerTargetAndExitCodeThreeBecauseSomeSamplesWereRejected() {
        assertEquals(ExportFixtures.TARGET_PER_FORMAT.size(), result.targets().size());
        assertEquals(6, result.samples());
        assertEquals(3, result.exitCode());
        for (Exporter.TargetResult t : result.targets()) assertTrue(Files.isDirectory(t.dir()), t.dir().toString());
    }

    @TestFactory
    Stream<DynamicTest> everyFormat() {
        return result.targets().stream().map(t -> DynamicTest.dynamicTest(t.target().format() + " via " + t.target().id(), () -> check(t)));
    }

    private void check(Exporter.TargetResult t) throws Exception {
        String format = t.target().format();
        Map<String, String> expectedRejects = ExportFixtures.expectedRejections().get(format);
        assertNotNull(expectedRejects, "no expectation for " + format);

        // Rejections: exactly the expected samples, each with the expected reason among its errors.
        Map<String, Set<String>> rejected = new HashMap<>();
        Path rejects = t.dir().resolve("ds_rejects.jsonl");
        if (Files.exists(rejects)) {
            try (JsonlReader r = JsonlReader.open(rejects.toString())) {
                for (JsonlLine l : r) {
                    Set<String> codes = new HashSet<>();
                    for (JsonNode e : l.node().get("errors")) {
                        codes.add(e.get("code").asText());
                        assertFalse(e.get("message").asText().isBlank());
                    }
                    rejected.put(l.node().get("sample_id").asText(), codes);
                    assertEquals(t.target().id(), l.node().get("target").asText());
                    // The original record travels with its rejection, so it can be fixed and re-run.
                    assertEquals(l.node().get("sample_id").asText(), Json.MAPPER.readTree(l.node().get("record").asText()).get("id").asText());
                }
            }
        }
        assertEquals(expectedRejects.keySet(), rejected.keySet(), format + " rejected " + rejected);
        for (var e : expectedRejects.entrySet()) {
            assertTrue(rejected.get(e.getKey()).contains(e.getValue()), format + ": " + e.getKey() + " rejected for " + rejected.get(e.getKey())
                    + ", expected " + e.getValue());
        }
        assertEquals(expectedRejects.size(), t.rejected());

        // Round trip: every exported line, read back with format detection, equals its sample.
        List<String> exportedIds = new ArrayList<>();
        for (ExportSplit split : ExportSplit.values()) {
            for (String name : t.files().get(split)) {
                List<String> idsInFile = manifestIds(t.dir(), name);
                try (JsonlReader r = JsonlReader.open(t.dir().resolve(name).toString())) {
                    int i = 0;
                    for (JsonlLine l : r) {
                        Sample original = BY_ID.get(idsInFile.get(i++));
                        assertEquals(split.id(), original.metadata().split(), "sample in the file of its split");
                        Sample back = RecordConverter.toSample(l.node());
                        assertSameConversation(original, back, format);
                        exportedIds.add(original.id());
                    }
                    assertEquals(idsInFile.size(), i);
                }
            }
        }
        Set<String> expectedExported = new HashSet<>(BY_ID.keySet());
        expectedExported.removeAll(expectedRejects.keySet());
        assertEquals(expectedExported, new HashSet<>(exportedIds));

        // validate's verdict on the written files: no record-level error for this target.
        List<String> train = t.files().get(ExportSplit.TRAIN).stream().map(n -> t.dir().resolve(n).toString()).toList();
        List<String> validation = t.files().get(ExportSplit.VALIDATION).stream().map(n -> t.dir().resolve(n).toString()).toList();
        List<String> test = t.files().get(ExportSplit.TEST).stream().map(n -> t.dir().resolve(n).toString()).toList();
        List<String> all = new ArrayList<>(train);
        all.addAll(test);
        if (all.isEmpty() && validation.isEmpty()) return;
        ValidationOptions o = new ValidationOptions(List.of(t.target()), null, null, 1, null, null, null,
                ValidationOptions.DuplicatePolicy.REJECT, false);
        Validator.Run run = new Validator(REGISTRY, o, w -> { }).run(all.isEmpty() ? validation : all,
                all.isEmpty() || validation.isEmpty() ? null : validation.get(0));
        for (Validator.FileResult f : run.files()) {
            TargetTally tally = f.tallies().get(0);
            assertEquals(0, tally.invalid(), format + ": validate found " + tally.errorsByType() + " in " + f.file());
            assertTrue(tally.records() > 0);
        }
    }

    static List<String> manifestIds(Path dir, String file) throws IOException {
        List<String> ids = new ArrayList<>();
        long expectedLine = 1;
        try (JsonlReader r = JsonlReader.open(dir.resolve("ds_manifest.jsonl").toString())) {
            for (JsonlLine l : r) {
                if (!l.node().get("file").asText().equals(file)) continue;
                assertEquals(expectedLine++, l.node().get("line").asLong(), "manifest lines in file order");
                ids.add(l.node().get("sample_id").asText());
            }
        }
        return ids;
    }

    /**
     * Compared field by field here rather than through {@link ContentView}, so the test does not trust the code it
     * tests: same system prompt, same roles and texts, same tool calls (name, arguments as JSON) and results, same
     * non-default weights.
     */
    static void assertSameConversation(Sample expected, Sample actual, String format) throws IOException {
        assertEquals(expected.system(), actual.system(), format + ": system prompt of " + expected.id());
        assertEquals(expected.messages().size(), actual.messages().size(), format + ": turns of " + expected.id());
        for (int i = 0; i < expected.messages().size(); i++) {
            Message e = expected.messages().get(i);
            Message a = actual.messages().get(i);
            String where = format + ": " + expected.id() + " message " + i;
            assertEquals(e.role(), a.role(), where);
            if (Message.TOOL.equals(e.role())) {
                JsonNode ea = toolJson(e.content());
                JsonNode aa = toolJson(a.content());
                assertEquals(ea, aa, where);
            } else if (e.hasToolCalls()) {
                assertEquals(e.content() == null || e.content().isEmpty() ? null : e.content(),
                        a.content() == null || a.content().isEmpty() ? null : a.content(), where);
                assertEquals(e.toolCalls().size(), a.toolCalls().size(), where);
                for (int c = 0; c < e.toolCalls().size(); c++) {
                    ToolCall ec = e.toolCalls().get(c);
                    ToolCall ac = a.toolCalls().get(c);
                    assertEquals(ec.name(), ac.name(), where);
                    assertEquals(Json.MAPPER.readTree(ec.arguments()), Json.MAPPER.readTree(ac.arguments()), where);
                }
            } else {
                assertEquals(e.content(), a.content(), where);
            }
            Integer ew = e.weight() == null || e.weight() == 1 ? null : e.weight();
            Integer aw = a.weight() == null || a.weight() == 1 ? null : a.weight();
            assertEquals(ew, aw, where + " weight");
        }
        // Tool results still answer the call before them.
        for (int i = 0; i < actual.messages().size(); i++) {
            Message a = actual.messages().get(i);
            if (!Message.TOOL.equals(a.role())) continue;
            Message call = actual.messages().get(i - 1);
            assertTrue(call.hasToolCalls() && call.toolCalls().stream().anyMatch(c -> c.id().equals(a.toolCallId())), format + ": tool result pairing");
        }
        assertEquals(expected.tools().size(), actual.tools().size(), format + ": tools of " + expected.id());
        for (int i = 0; i < expected.tools().size(); i++) {
            assertEquals(expected.tools().get(i).get("function"), actual.tools().get(i).get("function"));
        }
    }

    private static JsonNode toolJson(String content) {
        try {
            JsonNode n = Json.MAPPER.readTree(content);
            if (n.isObject() && n.size() == 1 && n.has("content")) return n.get("content");
            return n;
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(content);
        }
    }

    @Test
    void mistralToolCallIdsAreNineCharactersAndStillPaired() throws IOException {
        Exporter.TargetResult mistral = result.targets().stream().filter(t -> t.target().format().equals("mistral-chat")).findFirst().orElseThrow();
        String text = Files.readString(mistral.dir().resolve("ds_train.jsonl"));
        JsonNode tools = null;
        for (String line : text.split("\n")) {
            JsonNode n = Json.MAPPER.readTree(line);
            if (n.has("tools")) tools = n;
        }
        assertNotNull(tools);
        String id = tools.get("messages").get(2).get("tool_calls").get(0).get("id").asText();
        assertTrue(id.matches("[A-Za-z0-9]{9}"), id);
        assertEquals(id, tools.get("messages").get(3).get("tool_call_id").asText());
        assertFalse(tools.get("messages").get(2).has("content"), "no content key beside tool_calls for Mistral");
        // Stable: the same original id maps to the same one on every run.
        assertEquals(id, RecordEncoder.mistralIds(ExportFixtures.tools()).get("call_abc123"));
    }

    @Test
    void geminiUsesModelRoleFunctionCallAndFunctionResponseParts() throws IOException {
        Exporter.TargetResult gemini = result.targets().stream().filter(t -> t.target().format().equals("vertex-gemini")).findFirst().orElseThrow();
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(gemini.dir().resolve("ds_train.jsonl"))) records.add(Json.MAPPER.readTree(line));
        JsonNode tools = records.stream().filter(r -> r.has("tools")).filter(r -> r.toString().contains("get_order_status")).findFirst().orElseThrow();
        assertEquals("You can look up orders.", tools.at("/systemInstruction/parts/0/text").asText());
        assertEquals("model", tools.at("/contents/1/role").asText());
        assertEquals("A17", tools.at("/contents/1/parts/0/functionCall/args/order_id").asText());
        assertEquals("user", tools.at("/contents/2/role").asText());
        assertEquals("shipped", tools.at("/contents/2/parts/0/functionResponse/response/status").asText());
        assertEquals("get_order_status", tools.at("/tools/0/functionDeclarations/0/name").asText());
        JsonNode text = records.stream().filter(r -> r.toString().contains("SKU 42")).findFirst().orElseThrow();
        assertEquals("Let me check.", text.at("/contents/1/parts/0/text").asText());
        assertEquals("stock", text.at("/contents/1/parts/1/functionCall/name").asText());
        assertEquals("3 left in the warehouse", text.at("/contents/2/parts/0/functionResponse/response/content").asText());
    }

    @Test
    void bedrockClaudeHasTopLevelSystemAndNoExtraKeys() throws IOException {
        Exporter.TargetResult claude = result.targets().stream().filter(t -> t.target().format().equals("bedrock-claude")).findFirst().orElseThrow();
        JsonNode first = Json.MAPPER.readTree(Files.readAllLines(claude.dir().resolve("ds_train.jsonl")).get(0));
        assertEquals(List.of("system", "messages"), iterable(first.fieldNames()));
        assertEquals("user", first.at("/messages/0/role").asText());
        for (JsonNode m : first.get("messages")) assertEquals(List.of("role", "content"), iterable(m.fieldNames()));
    }

    @Test
    void bedrockConverseAndPromptCompletionShapes() throws IOException {
        Exporter.TargetResult converse = result.targets().stream().filter(t -> t.target().format().equals("bedrock-converse")).findFirst().orElseThrow();
        JsonNode c = Json.MAPPER.readTree(Files.readAllLines(converse.dir().resolve("ds_train.jsonl")).get(0));
        assertEquals("bedrock-conversation-2024", c.get("schemaVersion").asText());
        assertEquals("You are the support assistant of a bike shop.", c.at("/system/0/text").asText());
        assertEquals("How long does delivery take?", c.at("/messages/0/content/0/text").asText());
        Exporter.TargetResult pc = result.targets().stream().filter(t -> t.target().format().equals("bedrock-prompt-completion")).findFirst().orElseThrow();
        assertTrue(pc.files().get(ExportSplit.TRAIN).isEmpty(), "every fixture has a system prompt or several turns");
        assertTrue(pc.datasetFindings().stream().anyMatch(f -> f.code().equals("no_training_examples")));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}
