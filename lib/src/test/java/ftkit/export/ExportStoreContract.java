package ftkit.export;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.model.Sample;
import ftkit.providers.Target;
import ftkit.store.ConfigSnapshot;
import ftkit.store.DatabaseUrl;
import ftkit.store.Dataset;
import ftkit.store.DatasetStore;
import ftkit.store.SampleCursor;
import ftkit.store.SampleQuery;
import ftkit.store.StoredSample;
import ftkit.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static ftkit.export.ExportFixtures.REGISTRY;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Export saves what it exported in the dataset store, replaces a dataset of the same name after a backup, keeps
 * the old one when the export fails, and exports a stored dataset again to another target with the same result as
 * exporting the original file. Subclasses supply SQLite or PostgreSQL.
 */
abstract class ExportStoreContract {
    @TempDir
    Path dir;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    static final Target OPENAI = REGISTRY.target("openai/gpt-4o-mini-2024-07-18");
    static final Target VERTEX = REGISTRY.target("vertex/gemini-2.5-flash");

    protected abstract DatabaseUrl database();

    protected abstract boolean hasOnlineBackup();

    ExportOptions.Store store(String mode) {
        JsonNode config = ConfigSnapshot.of(Config.defaults());
        // A secret-looking key in the snapshot must not reach the database.
        ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("system")).put("api_key", "sk-test-should-not-be-stored");
        return ExportOptions.Store.saveTo(database(), config, mode)
                .withStoreOptions(DatasetStore.Options.defaults().withLog(new PrintStream(log, true, StandardCharsets.UTF_8)));
    }

    Exporter.Result export(List<Target> targets, Path out, String name, ExportOptions.Store store, List<Exporter.Input> inputs) throws IOException {
        ExportOptions o = new ExportOptions(targets, out, name, null, null, true, true, 2).withStore(store);
        return new Exporter(REGISTRY, o, w -> { }).run(inputs);
    }

    DatasetStore open() {
        return DatasetStore.open(database(), DatasetStore.Options.defaults().withLog(new PrintStream(log, true, StandardCharsets.UTF_8)));
    }

    static List<StoredSample> stored(DatasetStore store, String id) {
        List<StoredSample> out = new ArrayList<>();
        try (SampleCursor c = store.stream(SampleQuery.dataset(id))) {
            c.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void savesEveryExportedSampleWithTheSplitItWentToAndARedactedConfig() throws IOException {
        List<Sample> bySplit = ExportFilesTest.corpus(40);
        Path a = ExportFixtures.write(dir.resolve("a.jsonl"), bySplit);
        // Every sample of b.jsonl goes to validation, whatever its metadata says (train for most).
        List<Sample> forced = new ArrayList<>(ExportFilesTest.corpus(10));
        for (int i = 0; i < forced.size(); i++) forced.set(i, forced.get(i).id("b" + i));
        forced.get(0).id(null); // saved with the id export gives it: b.jsonl:1
        Path b = ExportFixtures.write(dir.resolve("b.jsonl"), forced);
        Exporter.Result r = export(List.of(OPENAI), dir.resolve("out"), "support_v1", store("identify"),
                List.of(new Exporter.Input(a.toString(), null), new Exporter.Input(b.toString(), ExportSplit.VALIDATION)));
        assertEquals(0, r.exitCode());

        Exporter.Saved saved = r.saved();
        assertNotNull(saved.dataset(), String.valueOf(saved.note()));
        assertFalse(saved.replaced());
        Dataset d = saved.dataset();
        assertEquals("support_v1", d.id());
        assertEquals("support_v1", d.name());
        assertEquals("openai", d.provider());
        assertEquals("gpt-4o-mini-2024-07-18", d.model());
        assertEquals("identify", d.mode());
        assertEquals(50, d.totalSamples());
        try (DatasetStore store = open()) {
            // corpus(40): 4 validation, 4 test, 32 train; b.jsonl: 10 more validation.
            assertEquals(Map.of("train", 32L, "validation", 14L, "test", 4L), store.countBySplit("support_v1"));
            List<StoredSample> rows = stored(store, "support_v1");
            assertEquals(50, rows.size());
            for (int i = 0; i < 40; i++) assertEquals(bySplit.get(i), rows.get(i).sample(), "sample " + i);
            for (int i = 0; i < 10; i++) {
                Sample expected = forced.get(i);
                expected.metadata().split("validation");
                if (i == 0) expected.id("b.jsonl:1");
                assertEquals(expected, rows.get(40 + i).sample());
                assertEquals("validation", rows.get(40 + i).split());
                assertEquals(Long.valueOf(i + 1), rows.get(40 + i).lineNumber(), "line in b.jsonl");
            }
            // token_length is the count the target's gate made: the one in the CSV metadata.
            Map<String, Integer> csvTokens = csvTokens(r.targets().get(0).dir().resolve("support_v1_metadata.csv"));
            long sum = 0;
            for (StoredSample s : rows) {
                assertEquals(csvTokens.get(s.sample().id()), s.tokenLength(), s.sample().id());
                sum += s.tokenLength();
            }
            assertEquals(sum, store.dataset("support_v1").orElseThrow().totalTokens());

            JsonNode config = Json.MAPPER.readTree(d.configJson());
            assertEquals("<redacted>", config.at("/config/system/api_key").asText());
            assertFalse(d.configJson().contains("sk-test-should-not-be-stored"));
            assertEquals("openai/gpt-4o-mini-2024-07-18", config.at("/export/targets/0").asText());
            assertEquals("validation", config.at("/export/inputs/1/split").asText());
            assertEquals(Config.defaults().model(), config.at("/config/model").asText());
        }
    }

    static Map<String, Integer> csvTokens(Path csv) throws IOException {
        Map<String, Integer> out = new LinkedHashMap<>();
        var mapper = new com.fasterxml.jackson.dataformat.csv.CsvMapper();
        var schema = com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader();
        try (com.fasterxml.jackson.databind.MappingIterator<Map<String, String>> it =
                     mapper.readerFor(Map.class).with(schema).readValues(csv.toFile())) {
            while (it.hasNext()) {
                Map<String, String> row = it.next();
                out.put(row.get("sample_id"), Integer.valueOf(row.get("token_length")));
            }
        }
        return out;
    }

    @Test
    void savingTheSameNameAgainReplacesItAfterABackup() throws IOException {
        Path first = ExportFixtures.write(dir.resolve("first.jsonl"), ExportFilesTest.corpus(30));
        Path second = ExportFixtures.write(dir.resolve("second.jsonl"), ExportFilesTest.corpus(12));
        export(List.of(OPENAI), dir.resolve("out"), "faq", store(null), List.of(new Exporter.Input(first.toString(), null)));
        Exporter.Result again = export(List.of(OPENAI), dir.resolve("out"), "faq", store(null),
                List.of(new Exporter.Input(second.toString(), null)));
        assertTrue(again.saved().replaced());
        assertEquals(12, again.saved().dataset().totalSamples());
        // No mode was given: the samples' metadata.mode names it.
        assertEquals("extracted", again.saved().dataset().mode());
        try (DatasetStore store = open()) {
            assertEquals(12, stored(store, "faq").size());
            assertEquals(1, store.listDatasets().size());
        }
        if (hasOnlineBackup()) {
            Path backup = again.saved().backup();
            assertNotNull(backup);
            assertTrue(Files.isRegularFile(backup), backup.toString());
            assertTrue(log.toString().contains("backup: " + backup), log.toString());
            // The backup holds the dataset as it was before: the first export's 30 samples.
            try (DatasetStore old = DatasetStore.open(backup)) {
                assertEquals(30, old.dataset("faq").orElseThrow().totalSamples());
                assertEquals(30, stored(old, "faq").size());
            }
        } else {
            assertNull(again.saved().backup());
            assertTrue(log.toString().contains("no automatic backup"), log.toString());
        }
    }

    @Test
    void aFailedExportLeavesTheStoredDatasetAsItWas() throws IOException {
        Path first = ExportFixtures.write(dir.resolve("first.jsonl"), ExportFilesTest.corpus(20));
        Dataset before = export(List.of(OPENAI), dir.resolve("out"), "faq", store(null),
                List.of(new Exporter.Input(first.toString(), null))).saved().dataset();
        Path other = ExportFixtures.write(dir.resolve("other.jsonl"), ExportFilesTest.corpus(5));
        assertThrows(IOException.class, () -> export(List.of(OPENAI), dir.resolve("out"), "faq", store(null),
                List.of(new Exporter.Input(other.toString(), null), new Exporter.Input(dir.resolve("missing.jsonl").toString(), null))));
        try (DatasetStore store = open()) {
            Dataset after = store.dataset("faq").orElseThrow();
            assertEquals(20, after.totalSamples());
            assertEquals(before.contentHash(), after.contentHash());
            assertEquals(20, stored(store, "faq").size());
        }
    }

    @Test
    void aStoredDatasetExportsToAnotherTargetExactlyAsItsFileWould() throws IOException {
        List<Sample> corpus = ExportFilesTest.corpus(60);
        Path input = ExportFixtures.write(dir.resolve("in.jsonl"), corpus);
        Dataset saved = export(List.of(OPENAI), dir.resolve("first"), "bikes", store("identify"),
                List.of(new Exporter.Input(input.toString(), null))).saved().dataset();

        // Straight from the file to Vertex, without a store ...
        Exporter.Result direct = new Exporter(REGISTRY, new ExportOptions(List.of(VERTEX), dir.resolve("direct"), "bikes",
                null, null, true, true, 2), w -> { }).run(List.of(new Exporter.Input(input.toString(), null)));
        // ... and from the store to Vertex (saved as a second dataset).
        Exporter.Result again = export(List.of(VERTEX), dir.resolve("again"), "bikes_vertex", store(null),
                List.of(Exporter.Input.stored("bikes")));
        assertEquals(0, again.exitCode());
        assertEquals(60, again.samples());
        Path d1 = direct.targets().get(0).dir();
        Path d2 = again.targets().get(0).dir();
        for (ExportSplit s : ExportSplit.values()) {
            assertEquals(direct.targets().get(0).exported().get(s), again.targets().get(0).exported().get(s), s.id());
            List<String> f1 = direct.targets().get(0).files().get(s);
            assertEquals(f1.size(), again.targets().get(0).files().get(s).size());
            for (String f : f1) {
                assertEquals(Files.readString(d1.resolve(f)), Files.readString(d2.resolve(f.replace("bikes_", "bikes_vertex_"))), f);
            }
        }
        assertEquals(Files.readString(d1.resolve("bikes_metadata.csv")), Files.readString(d2.resolve("bikes_vertex_metadata.csv")));
        assertTrue(Files.readString(d2.resolve("README.md")).contains("dataset:bikes"));
        // The copy holds the same samples in the same order: the same fingerprint.
        Dataset copy = again.saved().dataset();
        assertEquals("bikes_vertex", copy.id());
        assertEquals(saved.contentHash(), copy.contentHash());
        assertEquals(60, copy.totalSamples());
        assertEquals(VERTEX.provider(), copy.provider());
        assertEquals("google", copy.provider());

        // Exporting it under its own name does not save it over itself.
        Exporter.Result same = export(List.of(VERTEX), dir.resolve("same"), "bikes", store(null), List.of(Exporter.Input.stored("bikes")));
        assertNull(same.saved().dataset());
        assertTrue(same.saved().note().contains("is this export's input"), same.saved().note());
        try (DatasetStore store = open()) {
            assertEquals(saved.contentHash(), store.dataset("bikes").orElseThrow().contentHash());
        }
    }

    @Test
    void readingOneStoredDatasetWhileSavingAnotherStreamsPastTheFetchSize() throws IOException {
        // More rows than PostgreSQL's fetch size (500) and the store's batch size: the cursor and the inserts share
        // one connection and one transaction.
        List<Sample> corpus = ExportFilesTest.corpus(1300);
        Path input = ExportFixtures.write(dir.resolve("in.jsonl"), corpus);
        Dataset first = export(List.of(OPENAI), dir.resolve("first"), "big", store(null),
                List.of(new Exporter.Input(input.toString(), null))).saved().dataset();
        Exporter.Result copy = export(List.of(OPENAI), dir.resolve("copy"), "big_copy", store(null), List.of(Exporter.Input.stored("big")));
        assertEquals(1300, copy.samples());
        assertEquals(1300, copy.saved().dataset().totalSamples());
        assertEquals(first.contentHash(), copy.saved().dataset().contentHash());
        try (DatasetStore store = open()) {
            assertEquals(store.countBySplit("big"), store.countBySplit("big_copy"));
        }
    }

    @Test
    void anUnknownStoredDatasetIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path input = ExportFixtures.write(dir.resolve("in.jsonl"), ExportFilesTest.corpus(3));
        export(List.of(OPENAI), dir.resolve("first"), "known", store(null), List.of(new Exporter.Input(input.toString(), null)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> export(List.of(OPENAI), dir.resolve("out"),
                "x", store(null), List.of(Exporter.Input.stored("nope"))));
        assertTrue(e.getMessage().contains("no dataset 'nope'") && e.getMessage().contains("known"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
        try (DatasetStore store = open()) {
            assertEquals(List.of("known"), store.listDatasets().stream().map(Dataset::id).toList());
        }
    }
}
