package ftkit.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import ftkit.io.Json;
import ftkit.io.JsonlLine;
import ftkit.io.JsonlReader;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.SampleMetadata;
import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.validate.ValidationOptions;
import ftkit.validate.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static ftkit.export.ExportFixtures.REGISTRY;
import static org.junit.jupiter.api.Assertions.*;

/** The files beside the data (CSV, dataset_info.txt, card, manifest, rejects), size-cut parts, limits, atomic output. */
class ExportFilesTest {
    @TempDir
    Path dir;

    static Sample chat(int i, String split, String category, String complexity, String source) {
        SampleMetadata m = new SampleMetadata().sourceFile(source).locate("page", i + 1).mode(SampleMetadata.MODE_EXTRACTED)
                .keywords(List.of("kw" + (i % 3), "bikes")).split(split);
        if (category != null) m.put("category", category);
        if (complexity != null) m.put("complexity", complexity);
        return new Sample().id("s" + i).system("You answer questions about bikes.")
                .add(Message.user("Question number " + i + ": how do I fix a flat tyre,\nquickly?"))
                .add(Message.assistant("Answer number " + i + ": patch the tube, then pump it to the printed pressure."))
                .metadata(m);
    }

    static List<Sample> corpus(int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String split = i % 10 == 0 ? "validation" : i % 10 == 1 ? "test" : "train";
            out.add(chat(i, split, i % 4 == 0 ? "repairs" : "sales", i % 2 == 0 ? "simple" : "complex", i < n / 2 ? "a.pdf" : "b.docx"));
        }
        return out;
    }

    /** The bundled registry plus a small target whose limits the tests can reach. */
    ProviderRegistry tinyRegistry(String extra) throws IOException {
        Path yaml = dir.resolve("providers.yaml");
        Files.writeString(yaml, """
                targets:
                  - id: tiny/chat
                    provider: openai
                    route: tiny
                    model: tiny-chat
                    format: openai-chat
                    tokenizer: o200k_base
                    status: deprecated
                    status_note: "Tiny chat is being retired on 2027-01-01."
                """ + extra);
        return ProviderRegistry.load(yaml);
    }

    Exporter.Result export(ProviderRegistry registry, List<Target> targets, List<Exporter.Input> inputs) throws IOException {
        return new Exporter(registry, ExportFixtures.options(targets, dir.resolve("out")), w -> { }).run(inputs);
    }

    @Test
    void filesOverTheSizeLimitAreCutIntoNumberedPartsThatEachPassValidate() throws IOException {
        List<Sample> samples = corpus(200);
        Path input = ExportFixtures.write(dir.resolve("in.jsonl"), samples);
        ProviderRegistry r = tinyRegistry("    max_file_bytes: 8000\n");
        Exporter.Result res = export(r, List.of(r.target("tiny/chat")), List.of(new Exporter.Input(input.toString(), null)));
        Exporter.TargetResult t = res.targets().get(0);
        List<String> parts = t.files().get(ExportSplit.TRAIN);
        assertTrue(parts.size() > 2, parts.toString());
        long lines = 0;
        for (int i = 0; i < parts.size(); i++) {
            assertEquals(String.format("ds_train-%05d-of-%05d.jsonl", i + 1, parts.size()), parts.get(i));
            Path p = t.dir().resolve(parts.get(i));
            assertTrue(Files.size(p) <= 8000, p + " is " + Files.size(p) + " bytes");
            lines += Files.readAllLines(p).size();
        }
        assertEquals(160, lines);
        assertEquals(160L, t.exported().get(ExportSplit.TRAIN));
        // The validation split (20 samples) fits in one part: it keeps the plain name.
        assertEquals(List.of("ds_validation.jsonl"), t.files().get(ExportSplit.VALIDATION));
        // Parts keep the input order, and the manifest points at the right file and line for every sample.
        List<String> ids = new ArrayList<>();
        for (String p : parts) ids.addAll(ExportRoundTripTest.manifestIds(t.dir(), p));
        List<String> expected = samples.stream().filter(s -> s.metadata().split().equals("train")).map(Sample::id).toList();
        assertEquals(expected, ids);
        ValidationOptions o = new ValidationOptions(List.of(r.target("tiny/chat")), null, null, 1, null, null, null,
                ValidationOptions.DuplicatePolicy.REJECT, false);
        Validator.Run run = new Validator(r, o, w -> { }).run(parts.stream().map(p -> t.dir().resolve(p).toString()).toList(), null);
        for (Validator.FileResult f : run.files()) {
            assertTrue(f.tallies().get(0).accepted(), f.file() + ": " + f.tallies().get(0).errorsByType() + " " + f.tallies().get(0).datasetFindings());
        }
    }

    @Test
    void csvHasTheBriefsColumnsWithTheTargetsTokenCounts() throws IOException {
        Path input = ExportFixtures.write(dir.resolve("in.jsonl"), corpus(20));
        Exporter.Result res = export(REGISTRY, List.of(REGISTRY.target("openai/gpt-4o-mini-2024-07-18"), REGISTRY.target("bedrock/claude-3-haiku")),
                List.of(new Exporter.Input(input.toString(), null)));
        for (Exporter.TargetResult t : res.targets()) {
            Path csv = t.dir().resolve("ds_metadata.csv");
            CsvMapper mapper = new CsvMapper();
            List<Map<String, String>> rows = new ArrayList<>();
            try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
                it.forEachRemaining(rows::add);
            }
            assertEquals("sample_id,content_preview,token_length,token_length_estimated,topic_keywords,source_file,split",
                    Files.readAllLines(csv).get(0));
            assertEquals(20, rows.size());
            Map<String, String> s3 = rows.stream().filter(m -> m.get("sample_id").equals("s3")).findFirst().orElseThrow();
            // Newlines in the question are flattened in the preview; keywords keep their order.
            assertEquals("Question number 3: how do I fix a flat tyre, quickly?", s3.get("content_preview"));
            assertEquals("kw0, bikes", s3.get("topic_keywords"));
            assertEquals("a.pdf", s3.get("source_file"));
            assertEquals("train", s3.get("split"));
            int tokens = Integer.parseInt(s3.get("token_length"));
            assertEquals(t.target().tokenCountIsEstimate(), Boolean.parseBoolean(s3.get("token_length_estimated")));
            assertEquals(ftkit.tokens.Tokenizers.forTarget(t.target(), null, w -> { }).count(chat(3, "train", "sales", "complex", "a.pdf")), tokens);
            assertEquals("validation", rows.stream().filter(m -> m.get("sample_id").equals("s10")).findFirst().orElseThrow().get("split"));
        }
    }

    @Test
    void datasetInfoHasCountsCategoryAndComplexityDistributionAndTokenStatistics() throws IOException {
        Path input = ExportFixtures.write(dir.resolve("in.jsonl"), corpus(40));
        Exporter.TargetResult t = export(REGISTRY, List.of(REGISTRY.target("bedrock/claude-3-haiku")),
                List.of(new Exporter.Input(input.toString(), null))).targets().get(0);
        String info = Files.readString(t.dir().resolve("dataset_info.txt"));
        assertTrue(info.contains("- Total Examples: 40\n"), info);
        assertTrue(info.contains("- Training/Validation/Test Split: 80.0%/10.0%/10.0%"), info);
        assertTrue(info.contains("| repairs | 10 | 25.0% |"), info);
        assertTrue(info.contains("| sales | 30 | 75.0% |"), info);
        assertTrue(info.contains("- complex: 20 examples (50.0%)"), info);
        assertTrue(info.contains("- simple: 20 examples (50.0%)"), info);
        assertTrue(info.contains("| a.pdf | 20 | 50.0% |"), info);
        assertTrue(info.contains("| bikes | 40 | 100.0% |"), info);
        assertTrue(info.contains("Figures marked ≈ are estimates."), "Claude's counts are estimates: " + info);
        assertTrue(info.matches("(?s).*\\| train \\| 32 \\| ≈\\d+ \\| ≈\\d+ \\| ≈[\\d.]+ \\| ≈\\d+ \\| ≈\\d+ \\| ≈\\d+ \\|.*"), info);
        assertTrue(info.contains("- `ds_train.jsonl` - 32 examples (train)"), info);
        assertFalse(info.contains("too_few_examples"), "32 training examples meet Claude's minimum of 32: " + info);
        assertTrue(info.contains("test_split_kept"), info);
    }

    @Test
    void cardWarnsAboutTheTargetsStatusAndListsFilesAndManifestHasProvenance() throws IOException {
        Sample generated = chat(1, "train", "sales", "simple", "catalogue.pdf");
        generated.metadata().mode(SampleMetadata.MODE_GENERATED).detector("llm:openai/gpt-4o-mini");
        generated.metadata().put("prompt_version", "create-v3");
        Path input = ExportFixtures.write(dir.resolve("in.jsonl"), List.of(chat(0, "train", "sales", "simple", "a.pdf"), generated));
        ProviderRegistry r = tinyRegistry("");
        Exporter.TargetResult t = export(r, List.of(r.target("tiny/chat")), List.of(new Exporter.Input(input.toString(), null))).targets().get(0);
        String card = Files.readString(t.dir().resolve("README.md"));
        assertTrue(card.startsWith("---\npretty_name: ds\n"), card);
        assertTrue(card.contains("> **Warning: tiny/chat is deprecated.** Tiny chat is being retired on 2027-01-01."), card);
        assertTrue(card.contains("| ds_train.jsonl | train | 2 |"), card);
        assertTrue(card.contains("ds_manifest.jsonl"), card);
        List<JsonNode> manifest = new ArrayList<>();
        for (String l : Files.readAllLines(t.dir().resolve("ds_manifest.jsonl"))) manifest.add(Json.MAPPER.readTree(l));
        assertEquals(2, manifest.size());
        JsonNode m = manifest.get(1);
        assertEquals("ds_train.jsonl", m.get("file").asText());
        assertEquals(2, m.get("line").asInt());
        assertEquals("s1", m.get("sample_id").asText());
        assertEquals(input.toString(), m.get("input").asText());
        assertEquals(2, m.get("input_line").asInt());
        assertEquals("catalogue.pdf", m.get("source_file").asText());
        assertEquals(2, m.get("locator").get("page").asInt());
        assertEquals("generated", m.get("mode").asText());
        assertEquals("openai/gpt-4o-mini", m.get("model").asText());
        assertEquals("create-v3", m.get("prompt_version").asText());
        assertEquals("extracted", manifest.get(0).get("mode").asText());
        assertTrue(manifest.get(0).get("model").isNull());
    }

    @Test
    void validationCapAndMinimumsAreReportedAsDatasetErrors() throws IOException {
        Path input = ExportFixtures.write(dir.resolve("in.jsonl"), corpus(40));
        ProviderRegistry r = tinyRegistry("    min_examples: 50\n    max_validation_examples: 2\n");
        Exporter.Result res = export(r, List.of(r.target("tiny/chat")), List.of(new Exporter.Input(input.toString(), null)));
        Exporter.TargetResult t = res.targets().get(0);
        List<String> codes = t.datasetFindings().stream().filter(f -> f.isError()).map(f -> f.code()).toList();
        assertEquals(List.of("too_few_examples", "too_many_validation_examples"), codes);
        assertEquals(3, res.exitCode());
        assertTrue(Files.readString(t.dir().resolve("README.md")).contains("> **Not ready to upload:** 4 validation examples; tiny/chat accepts at most 2"));
    }

    @Test
    void splitFilesOverrideMetadataAndUnreadableLinesAndUnknownSplitsAreRejectedWithReasons() throws IOException {
        Path train = ExportFixtures.write(dir.resolve("train.jsonl"), corpus(12)); // metadata says train/validation/test
        Path val = dir.resolve("val.jsonl");
        Sample oddSplit = chat(99, "holdout", null, null, "c.txt");
        Files.writeString(val, Json.MAPPER.writeValueAsString(chat(50, "train", null, null, "c.txt")) + "\n{not json\n"
                + "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"}]}\n", StandardCharsets.UTF_8);
        Path odd = ExportFixtures.write(dir.resolve("odd.jsonl"), List.of(oddSplit));
        Exporter.Result res = export(REGISTRY, List.of(REGISTRY.target("openai/gpt-4o-mini-2024-07-18")),
                List.of(new Exporter.Input(train.toString(), ExportSplit.TRAIN), new Exporter.Input(val.toString(), ExportSplit.VALIDATION),
                        new Exporter.Input(odd.toString(), null)));
        Exporter.TargetResult t = res.targets().get(0);
        assertEquals(12L, t.exported().get(ExportSplit.TRAIN));
        assertEquals(2L, t.exported().get(ExportSplit.VALIDATION));
        assertEquals(0L, t.exported().get(ExportSplit.TEST));
        assertEquals(1, res.unreadable());
        assertEquals(3, res.exitCode());
        List<JsonNode> rejects = new ArrayList<>();
        for (String l : Files.readAllLines(t.dir().resolve("ds_rejects.jsonl"))) rejects.add(Json.MAPPER.readTree(l));
        assertEquals(2, rejects.size());
        assertEquals(val.toString(), rejects.get(0).get("input").asText());
        assertEquals(2, rejects.get(0).get("line").asInt());
        assertEquals("invalid_json", rejects.get(0).at("/errors/0/code").asText());
        assertEquals("{not json", rejects.get(0).get("record").asText());
        assertEquals("unknown_split", rejects.get(1).at("/errors/0/code").asText());
        assertTrue(rejects.get(1).at("/errors/0/message").asText().contains("'holdout'"));
        // A record without an id is named after its input file and line.
        List<String> valIds = ExportRoundTripTest.manifestIds(t.dir(), "ds_validation.jsonl");
        assertEquals(List.of("s50", "val.jsonl:3"), valIds);
    }

    @Test
    void examplesOverTheTokenLimitAreRejectedUnlessTheTargetTruncates() throws IOException {
        Sample longOne = chat(7, "train", null, null, "a.pdf");
        longOne.messages().get(1).content("word ".repeat(400));
        Path input = ExportFixtures.write(dir.resolve("in.jsonl"), List.of(chat(1, "train", null, null, "a.pdf"), longOne));
        ProviderRegistry r = tinyRegistry("    max_tokens_per_example: 200\n  - id: tiny/truncating\n    provider: openai\n    route: tiny\n"
                + "    model: tiny-trunc\n    format: openai-chat\n    tokenizer: o200k_base\n    max_tokens_per_example: 200\n    over_limit: truncated\n");
        Exporter.Result res = export(r, List.of(r.target("tiny/chat"), r.target("tiny/truncating")), List.of(new Exporter.Input(input.toString(), null)));
        Exporter.TargetResult strict = res.targets().get(0);
        Exporter.TargetResult truncating = res.targets().get(1);
        assertEquals(1L, strict.exported().get(ExportSplit.TRAIN));
        assertEquals(Map.of("over_token_limit", 1L), strict.rejectCodes());
        assertTrue(Files.readString(strict.dir().resolve("ds_rejects.jsonl")).contains("exceed tiny/chat's 200-token limit per example"));
        assertEquals(2L, truncating.exported().get(ExportSplit.TRAIN));
        assertEquals(1L, truncating.warningCodes().get("over_token_limit"));
    }

    @Test
    void aSecondExportReplacesTheFolderWholeAndAFailedOneLeavesItUntouched() throws IOException {
        Path input = ExportFixtures.write(dir.resolve("in.jsonl"), corpus(12));
        Target openai = REGISTRY.target("openai/gpt-4o-mini-2024-07-18");
        Exporter.TargetResult first = export(REGISTRY, List.of(openai), List.of(new Exporter.Input(input.toString(), null))).targets().get(0);
        Files.writeString(first.dir().resolve("stale.txt"), "left over from an older export");
        String before = Files.readString(first.dir().resolve("ds_train.jsonl"));

        // A run that fails half-way (its second input is missing) changes nothing and leaves no temporary files.
        IOException e = assertThrows(IOException.class, () -> export(REGISTRY, List.of(openai),
                List.of(new Exporter.Input(ExportFixtures.write(dir.resolve("other.jsonl"), corpus(3)).toString(), null),
                        new Exporter.Input(dir.resolve("missing.jsonl").toString(), null))));
        assertTrue(e.getMessage().contains("missing.jsonl"), e.getMessage());
        assertEquals(before, Files.readString(first.dir().resolve("ds_train.jsonl")));
        assertTrue(Files.exists(first.dir().resolve("stale.txt")));
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            assertEquals(List.of("openai-gpt-4o-mini-2024-07-18"), s.map(p -> p.getFileName().toString()).toList());
        }

        // A successful run replaces the folder as a whole: nothing of the old one survives.
        export(REGISTRY, List.of(openai), List.of(new Exporter.Input(ExportFixtures.write(dir.resolve("other.jsonl"), corpus(3)).toString(), null)));
        assertFalse(Files.exists(first.dir().resolve("stale.txt")));
        assertEquals(1, Files.readAllLines(first.dir().resolve("ds_train.jsonl")).size());
        try (Stream<Path> s = Files.list(dir.resolve("out"))) {
            assertEquals(List.of("openai-gpt-4o-mini-2024-07-18"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void formatOnlyExportUsesTheFormatAsFolderName() throws IOException {
        Path input = ExportFixtures.write(dir.resolve("in.jsonl"), corpus(5));
        Target alpaca = Exporter.formatTarget(REGISTRY, "alpaca");
        Exporter.TargetResult t = export(REGISTRY, List.of(alpaca), List.of(new Exporter.Input(input.toString(), null))).targets().get(0);
        assertEquals(dir.resolve("out").resolve("alpaca").toAbsolutePath(), t.dir());
        JsonNode first = Json.MAPPER.readTree(Files.readAllLines(t.dir().resolve("ds_train.jsonl")).get(0));
        assertEquals("Question number 2: how do I fix a flat tyre,\nquickly?", first.get("instruction").asText());
        assertEquals("You answer questions about bikes.", first.get("system").asText());
        assertTrue(first.has("output"));
        try (JsonlReader r = JsonlReader.open(t.dir().resolve("ds_manifest.jsonl").toString())) {
            long n = 0;
            for (JsonlLine l : r) n++;
            assertEquals(5, n);
        }
    }

    @Test
    void previewNeverSplitsASurrogatePair() {
        // 98 letters then an emoji (two UTF-16 chars) straddling the 99-character cut: the emoji goes whole or not at all.
        Sample s = new Sample().add(Message.user("a".repeat(98) + "\uD83D\uDC4D and more text")).add(Message.assistant("ok"));
        String p = TargetExport.preview(s);
        assertEquals("a".repeat(98) + "…", p);
        assertEquals(p.length(), p.codePoints().mapToObj(Character::toString).mapToInt(String::length).sum());
    }
}
