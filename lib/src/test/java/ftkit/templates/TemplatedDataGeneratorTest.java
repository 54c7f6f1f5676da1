package ftkit.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;
import ftkit.io.RecordFormat;
import ftkit.io.SampleReader;
import ftkit.model.Message;
import ftkit.model.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplatedDataGeneratorTest {
    /** A small template: the optimized strategy needs meta.group, the simple one does not. */
    private static final String TEMPLATE = """
            name: test-template
            version: 2
            strategies:
              simple:
                system: Classify the text.
                user: |-
                  Text: {{text}}
                assistant: '{"label": {{label|json}}}'
                assistant_format: json
              optimized:
                system: |
                  A detailed policy.
                user: |-
                  Group: {{meta.group}}
                  Text: "{{text}}"
                assistant: '{"label": {{label|json}}, "group": {{meta.group|json}}}'
                assistant_format: json
            """;

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static String rec(String id, String label, String group, String split) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id).put("text", "text of " + id).put("label", label);
        if (group != null) o.putObject("meta").put("group", group);
        if (split != null) o.put("split", split);
        return o.toString();
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private TemplateSet template() throws Exception {
        return TemplateSet.load(write("template.yaml", TEMPLATE));
    }

    private TemplatedDataGenerator.Result run(List<TemplatedDataGenerator.InputFile> inputs, TemplateSet template,
                                              List<String> strategies, boolean simpleOnly, boolean includeTest) throws Exception {
        TemplatedDataGenerator.Options options = new TemplatedDataGenerator.Options(inputs, template.file(), strategies,
                simpleOnly, includeTest, dir.resolve("out"), null, "split");
        return TemplatedDataGenerator.run(options, template, log::add);
    }

    private TemplatedDataGenerator.Result run(List<Path> inputs, boolean includeTest) throws Exception {
        return run(TemplatedDataGenerator.discover(inputs), template(), List.of(), false, includeTest);
    }

    private List<Sample> samples(Path file) throws Exception {
        List<Sample> out = new ArrayList<>();
        try (SampleReader reader = SampleReader.open(file.toString())) {
            for (SampleReader.Entry e : reader) {
                assertTrue(e.ok(), () -> e.describeError());
                out.add(e.sample());
            }
        }
        return out;
    }

    private List<JsonNode> jsonLines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) out.add(Json.MAPPER.readTree(line));
        return out;
    }

    private List<String> outputNames() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> ids(List<Sample> samples) {
        return samples.stream().map(Sample::id).toList();
    }

    // ---- the bundled example ----------------------------------------------------------------------------

    @Test
    void bundledExampleGivesBothStrategiesWithTheOriginalSplitsAndEveryLineReadsBackAsASample() throws Exception {
        Path root = TestFiles.repoRoot();
        TemplateSet template = TemplateSet.load(root.resolve("examples/labelled/support-tickets.yaml"));
        TemplatedDataGenerator.Result result = run(TemplatedDataGenerator.discover(List.of(root.resolve("examples/labelled/jsonl"))),
                template, List.of(), false, false);

        assertEquals(List.of("simple", "optimized"), result.strategies());
        assertEquals(40, result.samples("simple", "train"));
        assertEquals(10, result.samples("simple", "validation"));
        assertEquals(40, result.samples("optimized", "train"));
        assertEquals(10, result.samples("optimized", "validation"));
        assertEquals(0, result.samples("simple", "test"), "test is written only with --include-test");
        assertEquals(0, result.rejected());
        assertEquals(List.of("train.jsonl", "train_optimized.jsonl", "validation.jsonl", "validation_optimized.jsonl"), outputNames());

        Path out = dir.resolve("out");
        for (String[] file : new String[][]{{"train.jsonl", "simple", "train"}, {"validation.jsonl", "simple", "validation"},
                {"train_optimized.jsonl", "optimized", "train"}, {"validation_optimized.jsonl", "optimized", "validation"}}) {
            try (SampleReader reader = SampleReader.open(out.resolve(file[0]).toString())) {
                for (SampleReader.Entry e : reader) {
                    assertTrue(e.ok(), () -> e.describeError());
                    assertEquals(RecordFormat.CANONICAL, e.format());
                    Sample s = e.sample();
                    assertNotNull(s.system());
                    assertEquals(List.of(Message.USER, Message.ASSISTANT), s.messages().stream().map(Message::role).toList());
                    assertEquals("templated", s.metadata().mode());
                    assertEquals(file[2], s.metadata().split());
                    assertEquals(file[1], s.metadata().getString("strategy"));
                    assertEquals("support-tickets", s.metadata().getString("template"));
                    assertEquals("1", s.metadata().getString("template_version"));
                    assertEquals(template.shortHash(), s.metadata().getString("template_hash"));
                    assertTrue(s.metadata().sourceFile().endsWith(file[2].equals("train") ? "tickets_train.jsonl" : "tickets_val.jsonl"));
                    assertTrue(((Number) s.metadata().locator().get("line")).longValue() >= 1);
                    JsonNode answer = Json.MAPPER.readTree(s.messages().get(1).content());
                    assertEquals(s.metadata().tags().get("label"), answer.get("classification").asText());
                    assertEquals(s.metadata().tags().get("group"), answer.get("group").asText());
                    assertTrue(List.of("high", "medium").contains(answer.get("confidence").asText()));
                    assertFalse(answer.get("reasoning").asText().isBlank());
                }
            }
        }
        List<Sample> simple = samples(out.resolve("train.jsonl"));
        List<Sample> optimized = samples(out.resolve("train_optimized.jsonl"));
        assertEquals(ids(simple), ids(optimized), "strategies hold the same records in the same order");
        assertTrue(optimized.get(0).system().length() > 3 * simple.get(0).system().length(), "the optimized system prompt is the detailed one");
        assertEquals("T001", simple.get(0).id());
        assertTrue(optimized.get(0).messages().get(0).content().contains("received by email about Cloud Notes"),
                optimized.get(0).messages().get(0).content());
    }

    @Test
    void bundledExampleWithIncludeTestWritesTestFiles() throws Exception {
        Path root = TestFiles.repoRoot();
        TemplateSet template = TemplateSet.load(root.resolve("examples/labelled/support-tickets.yaml"));
        TemplatedDataGenerator.Result result = run(TemplatedDataGenerator.discover(List.of(root.resolve("examples/labelled/jsonl"))),
                template, List.of(), false, true);
        assertEquals(10, result.samples("simple", "test"));
        assertEquals(10, result.samples("optimized", "test"));
        assertTrue(outputNames().containsAll(List.of("test.jsonl", "test_optimized.jsonl")));
        assertTrue(samples(dir.resolve("out/test.jsonl")).stream().allMatch(s -> "test".equals(s.metadata().split())));
    }

    @Test
    void bundledCsvMixedFileGivesTheSameSamplesAsTheJsonlFiles() throws Exception {
        Path root = TestFiles.repoRoot();
        TemplateSet template = TemplateSet.load(root.resolve("examples/labelled/support-tickets.yaml"));
        run(TemplatedDataGenerator.discover(List.of(root.resolve("examples/labelled/jsonl"))), template, List.of(), false, true);
        Map<String, Sample> fromJsonl = new LinkedHashMap<>();
        for (String f : List.of("train", "validation", "test", "train_optimized", "validation_optimized", "test_optimized")) {
            for (Sample s : samples(dir.resolve("out/" + f + ".jsonl"))) fromJsonl.put(f + "/" + s.id(), s);
        }

        Path csvOut = dir.resolve("csv-out");
        TemplatedDataGenerator.Options options = new TemplatedDataGenerator.Options(
                TemplatedDataGenerator.discover(List.of(root.resolve("examples/labelled/tickets.csv"))), template.file(),
                List.of(), false, true, csvOut, null, "split");
        TemplatedDataGenerator.Result result = TemplatedDataGenerator.run(options, template, log::add);
        assertEquals(List.of(40L, 10L, 10L), List.of(result.samples("optimized", "train"),
                result.samples("optimized", "validation"), result.samples("optimized", "test")));
        assertEquals(0, result.rejected());
        int compared = 0;
        for (String f : List.of("train", "validation", "test", "train_optimized", "validation_optimized", "test_optimized")) {
            for (Sample s : samples(csvOut.resolve(f + ".jsonl"))) {
                Sample same = fromJsonl.get(f + "/" + s.id());
                assertNotNull(same, f + "/" + s.id());
                assertEquals(same.system(), s.system());
                assertEquals(same.messages(), s.messages(), "CSV (dotted headers, quoted newlines) renders like nested JSONL");
                assertEquals(same.metadata().split(), s.metadata().split());
                assertTrue(s.metadata().sourceFile().endsWith("tickets.csv"));
                compared++;
            }
        }
        assertEquals(120, compared);
    }

    // ---- splits -----------------------------------------------------------------------------------------

    @Test
    void splitFilesKeepOnlyRecordsOfTheirSplit() throws Exception {
        Path train = write("in/unified_train.jsonl", lines(rec("a", "x", "g", "train"), rec("b", "y", "g", "val"),
                rec("c", "x", "g", "train"), rec("d", "y", "g", "test"), rec("e", "x", "g", "Train")));
        write("in/unified_val.jsonl", lines(rec("f", "x", "g", "val"), rec("g", "y", "g", "train"), rec("h", "y", "g", "validation")));
        TemplatedDataGenerator.Result result = run(List.of(dir.resolve("in")), false);

        assertEquals(List.of("a", "c", "e"), ids(samples(dir.resolve("out/train.jsonl"))));
        assertEquals(List.of("f", "h"), ids(samples(dir.resolve("out/validation.jsonl"))));
        assertEquals(List.of("f", "h"), ids(samples(dir.resolve("out/validation_optimized.jsonl"))));
        TemplatedDataGenerator.InputStats trainStats = result.inputs().stream().filter(s -> s.input.path().equals(train)).findFirst().orElseThrow();
        assertEquals(5, trainStats.read);
        assertEquals(3, trainStats.written);
        assertEquals(2, trainStats.otherSplit);
        assertFalse(trainStats.fellBackToAll);
        assertTrue(result.warnings().isEmpty(), result.warnings().toString());
    }

    @Test
    void fileWithNoRecordOfItsSplitWarnsAndUsesAllRecords() throws Exception {
        Path val = write("in/unified_val.jsonl", lines(rec("a", "x", "g", "train"), rec("b", "y", "g", "train"),
                rec("c", "x", "g", null), "{not json"));
        write("in/unified_train.jsonl", lines(rec("t", "x", "g", "train")));
        TemplatedDataGenerator.Result result = run(List.of(dir.resolve("in")), false);

        assertTrue(log.contains("WARNING: No samples found with split=val in " + val), log.toString());
        assertTrue(log.contains("INFO: Using all 3 samples from file instead"), log.toString());
        List<Sample> validation = samples(dir.resolve("out/validation.jsonl"));
        assertEquals(List.of("a", "b", "c"), ids(validation));
        assertTrue(validation.stream().allMatch(s -> "validation".equals(s.metadata().split())));
        assertEquals(1, result.rejected(), "the unreadable line is still reported");
    }

    @Test
    void explicitSplitFileIsFilteredLikeANamedOne() throws Exception {
        Path data = write("records.jsonl", lines(rec("a", "x", "g", "train"), rec("b", "x", "g", "val")));
        TemplatedDataGenerator.Result result = run(List.of(new TemplatedDataGenerator.InputFile(data, Splits.TRAIN)),
                template(), List.of(), true, false);
        assertEquals(1, result.samples("simple", "train"));
        assertEquals(1, result.inputs().get(0).otherSplit);
    }

    @Test
    void mixedFileRoutesRecordsByTheirSplitAndRejectsThoseWithoutOne() throws Exception {
        Path mixed = write("mixed.jsonl", lines(rec("a", "x", "g", "train"), rec("b", "x", "g", "val"), rec("c", "x", "g", "test"),
                rec("d", "x", "g", null), rec("e", "x", "g", "holdout"), rec("f", "x", "g", "dev")));
        TemplatedDataGenerator.Result result = run(List.of(mixed), false);

        assertEquals(List.of("a"), ids(samples(dir.resolve("out/train.jsonl"))));
        assertEquals(List.of("b", "f"), ids(samples(dir.resolve("out/validation.jsonl"))));
        assertFalse(Files.exists(dir.resolve("out/test.jsonl")));
        TemplatedDataGenerator.InputStats s = result.inputs().get(0);
        assertEquals(6, s.read);
        assertEquals(1, s.skippedTest);
        assertEquals(2, s.rejected);
        assertEquals(s.read, s.written + s.otherSplit + s.skippedTest + s.rejected, "every record is accounted for");
        List<JsonNode> rejects = jsonLines(dir.resolve("out/rejects.jsonl"));
        assertEquals(List.of(4L, 5L), rejects.stream().map(r -> r.get("line").asLong()).toList());
        assertEquals("no_split", rejects.get(0).get("code").asText());
        assertTrue(rejects.get(0).get("reason").asText().startsWith(mixed + ":4: no 'split' field"), rejects.get(0).toString());
        assertTrue(rejects.get(1).get("reason").asText().contains("'split' is 'holdout'"), rejects.get(1).toString());

        log.clear();
        TemplatedDataGenerator.Result withTest = run(List.of(mixed), true);
        assertEquals(List.of("c"), ids(samples(dir.resolve("out/test.jsonl"))));
        assertEquals(1, withTest.samples("optimized", "test"));
    }

    @Test
    void nestedSplitFieldCanBeChosen() throws Exception {
        Path mixed = write("mixed.jsonl", lines("{\"id\":\"a\",\"text\":\"t\",\"label\":\"x\",\"info\":{\"fold\":\"val\"}}"));
        TemplatedDataGenerator.Options options = new TemplatedDataGenerator.Options(TemplatedDataGenerator.discover(List.of(mixed)),
                null, List.of(), true, false, dir.resolve("out"), null, "info.fold");
        TemplatedDataGenerator.Result result = TemplatedDataGenerator.run(options, template(), log::add);
        assertEquals(1, result.samples("simple", "validation"));
    }

    // ---- rendering and rejects -------------------------------------------------------------------------

    @Test
    void missingFieldRejectsTheRecordInEveryStrategyNamingLineAndFieldAndTheRestIsWritten() throws Exception {
        Path train = write("train.jsonl", lines(
                rec("a", "x", "g1", "train"),
                rec("b", "y", "g2", "train"),
                "{\"id\":\"c\",\"text\":\"no label\",\"meta\":{\"group\":\"g\"},\"split\":\"train\"}",
                rec("d", "x", null, "train"),
                rec("e", "y", "g3", "train"),
                "{\"id\":\"f\",\"text\":\"neither label nor group\",\"split\":\"train\"}"));
        TemplatedDataGenerator.Result result = run(List.of(train), false);

        assertEquals(3, result.rejected());
        assertEquals(List.of("a", "b", "e"), ids(samples(dir.resolve("out/train.jsonl"))));
        assertEquals(List.of("a", "b", "e"), ids(samples(dir.resolve("out/train_optimized.jsonl"))),
                "a record failing in one strategy is left out of all, so the files stay parallel");
        List<JsonNode> rejects = jsonLines(dir.resolve("out/rejects.jsonl"));
        assertEquals(3, rejects.size());
        JsonNode noLabel = rejects.get(0);
        assertEquals(3, noLabel.get("line").asLong());
        assertEquals("missing_field", noLabel.get("code").asText());
        assertEquals("simple", noLabel.get("strategy").asText());
        assertTrue(noLabel.get("reason").asText().startsWith(train + ":3: missing field 'label'"), noLabel.toString());
        assertEquals("no label", noLabel.get("record").get("text").asText(), "the record itself is kept in the rejects file");
        JsonNode noGroup = rejects.get(1);
        assertEquals(4, noGroup.get("line").asLong());
        assertEquals("optimized", noGroup.get("strategy").asText());
        assertTrue(noGroup.get("reason").asText().contains("'meta.group'"), noGroup.toString());
        assertEquals(train + ":6: missing fields 'label', 'meta.group' (needed by simple.assistant, optimized.user,"
                + " optimized.assistant in template.yaml)", rejects.get(2).get("reason").asText(), "every missing field at once");
        assertTrue(log.stream().anyMatch(l -> l.startsWith("ERROR " + train + ":3: missing field 'label'")), log.toString());
    }

    @Test
    void unreadableLinesAreRejectedWithLineNumbersAndNothingElseIsLost() throws Exception {
        Path train = write("train.jsonl", lines(rec("a", "x", "g", "train"), "{\"id\": \"b\", oops}", rec("c", "x", "g", "train"),
                "", "[\"array\"]", rec("f", "x", "g", "train")));
        TemplatedDataGenerator.Result result = run(List.of(train), false);

        assertEquals(List.of("a", "c", "f"), ids(samples(dir.resolve("out/train.jsonl"))));
        List<JsonNode> rejects = jsonLines(dir.resolve("out/rejects.jsonl"));
        assertEquals(List.of(2L, 4L, 5L), rejects.stream().map(r -> r.get("line").asLong()).toList());
        assertEquals(List.of("invalid_json", "blank_line", "not_an_object"), rejects.stream().map(r -> r.get("code").asText()).toList());
        assertEquals("{\"id\": \"b\", oops}", rejects.get(0).get("text").asText(), "the unreadable text is kept");
        TemplatedDataGenerator.InputStats s = result.inputs().get(0);
        assertEquals(6, s.read);
        assertEquals(s.read, s.written + s.rejected);
    }

    @Test
    void valuesWithQuotesNewlinesAndUnicodeAreEscapedInJsonAnswersAndKeptVerbatimInPrompts() throws Exception {
        String text = "He said \"refund\"\nthen: café ☕ 日本\ttab \\ backslash";
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("id", "q").put("text", text).put("label", "say \"hi\"\nbye").put("split", "train").putObject("meta").put("group", "Zoë");
        Path train = write("train.jsonl", lines(r.toString()));
        TemplatedDataGenerator.Result result = run(List.of(train), false);
        assertEquals(0, result.rejected());

        Sample optimized = samples(dir.resolve("out/train_optimized.jsonl")).get(0);
        assertEquals("Group: Zoë\nText: \"" + text + "\"", optimized.messages().get(0).content());
        JsonNode answer = Json.MAPPER.readTree(optimized.messages().get(1).content());
        assertEquals("say \"hi\"\nbye", answer.get("label").asText());
        assertEquals("Zoë", answer.get("group").asText());
        assertEquals("A detailed policy.", optimized.system(), "the trailing newline of a YAML block is dropped");
    }

    @Test
    void answerThatIsNotValidJsonIsRejectedWithAHint() throws Exception {
        TemplateSet raw = TemplateSet.load(write("raw.yaml", """
                strategies:
                  simple:
                    user: '{{text}}'
                    assistant: '{"label": "{{label}}"}'
                    assistant_format: json
                """));
        Path train = write("train.jsonl", lines(rec("a", "plain", "g", "train"), rec("b", "has \"quotes\"", "g", "train")));
        TemplatedDataGenerator.Result result = run(TemplatedDataGenerator.discover(List.of(train)), raw, List.of(), false, false);
        assertEquals(1, result.samples("simple", "train"));
        JsonNode reject = jsonLines(dir.resolve("out/rejects.jsonl")).get(0);
        assertEquals("invalid_assistant_json", reject.get("code").asText());
        assertEquals(2, reject.get("line").asLong());
        assertTrue(reject.get("reason").asText().contains("{{field|json}}"), reject.toString());
    }

    @Test
    void defaultsFillOptionalFields() throws Exception {
        TemplateSet withDefault = TemplateSet.load(write("d.yaml", """
                strategies:
                  simple:
                    user: 'Group {{meta.group|default:"unknown"}}: {{text}}'
                    assistant: '{{label}}'
                """));
        Path train = write("train.jsonl", lines(rec("a", "x", null, "train")));
        run(TemplatedDataGenerator.discover(List.of(train)), withDefault, List.of(), false, false);
        assertEquals("Group unknown: text of a", samples(dir.resolve("out/train.jsonl")).get(0).messages().get(0).content());
    }

    // ---- strategies -------------------------------------------------------------------------------------

    @Test
    void unknownStrategyWarnsAndWritesOnlyTheSimpleFormat() throws Exception {
        Path train = write("in/train.jsonl", lines(rec("a", "x", "g", "train")));
        write("in/val.jsonl", lines(rec("b", "x", "g", "val")));
        TemplatedDataGenerator.Result result = run(TemplatedDataGenerator.discover(List.of(dir.resolve("in"))), template(),
                List.of("combined_optimized"), false, false);
        assertTrue(result.warnings().stream().anyMatch(w -> w.startsWith("WARNING: Strategy combined_optimized not found in template")
                && w.endsWith("Using simple format only.")), result.warnings().toString());
        assertEquals(List.of("simple"), result.strategies());
        assertEquals(List.of("train.jsonl", "validation.jsonl"), outputNames());
        assertEquals(0, result.rejected(), "a warning, not a rejection");
        assertTrue(Files.exists(train));
    }

    @Test
    void strategyChoiceAndSimpleOnly() throws Exception {
        Path train = write("train.jsonl", lines(rec("a", "x", "g", "train")));
        TemplatedDataGenerator.Result chosen = run(TemplatedDataGenerator.discover(List.of(train)), template(),
                List.of("optimized"), false, false);
        assertEquals(List.of("simple", "optimized"), chosen.strategies());

        try (Stream<Path> old = Files.list(dir.resolve("out"))) {
            for (Path p : old.toList()) Files.delete(p);
        }
        TemplatedDataGenerator.Result simpleOnly = run(TemplatedDataGenerator.discover(List.of(train)), template(),
                List.of("optimized"), true, false);
        assertEquals(List.of("simple"), simpleOnly.strategies());
        assertEquals(List.of("train.jsonl"), outputNames());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("WARNING: no validation records")), log.toString());
    }

    // ---- other inputs -----------------------------------------------------------------------------------

    @Test
    void jsonArrayAndCsvInputsWork() throws Exception {
        write("in/unified_train.json", "[\n" + rec("a", "x", "g", "train") + ",\n42,\n" + rec("b", "y", "g", "train") + "\n]\n");
        write("in/unified_val.csv", "id,text,label,meta.group,split\nv1,\"multi\nline\",x,g,val\nv2,t,y,,val\n");
        TemplatedDataGenerator.Result result = run(List.of(dir.resolve("in")), false);

        List<Sample> train = samples(dir.resolve("out/train.jsonl"));
        assertEquals(List.of("a", "b"), ids(train));
        assertEquals(List.of(2, 4), train.stream().map(s -> ((Number) s.metadata().locator().get("line")).intValue()).toList());
        assertEquals(List.of("v1"), ids(samples(dir.resolve("out/validation_optimized.jsonl"))));
        assertEquals("Group: g\nText: \"multi\nline\"", samples(dir.resolve("out/validation_optimized.jsonl")).get(0).messages().get(0).content());
        List<JsonNode> rejects = jsonLines(dir.resolve("out/rejects.jsonl"));
        assertEquals(2, rejects.size());
        assertEquals(3, rejects.get(0).get("line").asLong(), "the array element 42");
        assertEquals(4, rejects.get(1).get("line").asLong(), "CSV row v2 with an empty meta.group cell (a quoted newline before it)");
        assertTrue(rejects.get(1).get("reason").asText().contains("'meta.group'"));
        assertEquals(2, result.rejected());
    }

    // ---- atomic outputs ---------------------------------------------------------------------------------

    @Test
    void aFatalInputErrorWritesNothingAndLeavesEarlierOutputsAsTheyWere() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("train.jsonl"), "OLD\n");
        write("in/a_train.jsonl", lines(rec("a", "x", "g", "train"), rec("b", "x", "g", "train")));
        write("in/b_val.json", "[\n" + rec("v", "x", "g", "val") + ",\n{\"id\": \"w\",,}\n]");

        LabelledRecords.UnreadableInputException e = assertThrows(LabelledRecords.UnreadableInputException.class,
                () -> run(List.of(dir.resolve("in")), false));
        assertTrue(e.getMessage().contains("b_val.json:3"), e.getMessage());
        assertEquals(List.of("train.jsonl"), outputNames(), "no new files and no temporary files are left");
        assertEquals("OLD\n", Files.readString(out.resolve("train.jsonl")));
    }

    @Test
    void aRejectsFileFromAnEarlierRunIsRemovedWhenNothingIsRejected() throws Exception {
        Path train = write("train.jsonl", lines(rec("a", "x", "g", "train"), "{bad"));
        assertEquals(1, run(List.of(train), false).rejected());
        assertTrue(Files.exists(dir.resolve("out/rejects.jsonl")));
        write("train.jsonl", lines(rec("a", "x", "g", "train")));
        TemplatedDataGenerator.Result clean = run(List.of(train), false);
        assertEquals(0, clean.rejected());
        assertNull(clean.rejectsFile());
        assertFalse(Files.exists(dir.resolve("out/rejects.jsonl")));
    }

    @Test
    void outputsLeftByAnEarlierRunAreKeptButNamed() throws Exception {
        Path mixed = write("mixed.jsonl", lines(rec("a", "x", "g", "train"), rec("b", "x", "g", "test")));
        run(List.of(mixed), true);
        assertTrue(Files.exists(dir.resolve("out/test_optimized.jsonl")));
        log.clear();
        TemplatedDataGenerator.Result withoutTest = run(List.of(mixed), false);
        assertTrue(withoutTest.warnings().contains("WARNING: " + dir.resolve("out/test.jsonl") + " is left from an earlier run (not written by this one)"),
                withoutTest.warnings().toString());
        assertTrue(withoutTest.warnings().stream().anyMatch(w -> w.contains("test_optimized.jsonl is left")));
        assertTrue(withoutTest.warnings().stream().noneMatch(w -> w.contains("train.jsonl is left")));
        assertEquals(1, samples(dir.resolve("out/test.jsonl")).size(), "kept as it was");
    }

    @Test
    void summaryListsFilesWithCountsPerStrategy() throws Exception {
        Path train = write("in/train.jsonl", lines(rec("a", "x", "g", "train"), rec("b", "x", "g", "train"), "{bad"));
        write("in/val.jsonl", lines(rec("c", "x", "g", "val")));
        TemplatedDataGenerator.Result result = run(List.of(dir.resolve("in")), false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Summary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), result);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("SIMPLE format:\n  \u2713 " + dir.resolve("out/train.jsonl") + " (2 samples)\n  \u2713 "
                + dir.resolve("out/validation.jsonl") + " (1 samples)"), text);
        assertTrue(text.contains("OPTIMIZED format:\n  \u2713 " + dir.resolve("out/train_optimized.jsonl") + " (2 samples)"), text);
        assertTrue(text.contains(train + " (train): 3 records, 2 written, 1 rejected"), text);
        assertTrue(text.contains("[PARTIAL] 1 records rejected"), text);
    }
}
