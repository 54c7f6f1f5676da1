package ftkit.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Behaviour every database behind {@link DatasetStore} must show; subclasses supply SQLite or PostgreSQL. */
abstract class DatasetStoreContract {
    protected final ByteArrayOutputStream log = new ByteArrayOutputStream();
    protected DatasetStore store;

    protected abstract DatasetStore openStore();

    protected DatasetStore.Options options() {
        return DatasetStore.Options.defaults().withLog(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    protected DatasetStore store() {
        if (store == null) store = openStore();
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    static List<Sample> readAll(DatasetStore store, SampleQuery q) {
        List<Sample> out = new ArrayList<>();
        try (SampleCursor c = store.stream(q)) {
            c.samples().forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void savesInBatchesAndStreamsBackEqualSamplesInOrder() {
        List<Sample> corpus = StoreFixtures.corpus("a", 1234);
        DatasetStore.SaveResult result = store().save(DatasetInfo.named("Support FAQ").withProvider("openai", "gpt-4.1-mini")
                .withMode("identify").withSource("faq.jsonl"), corpus.iterator(), s -> (int) s.characterCount() / 4);
        assertFalse(result.replaced());
        Dataset d = result.dataset();
        assertEquals("support-faq", d.id());
        assertEquals("Support FAQ", d.name());
        assertEquals("openai", d.provider());
        assertEquals("identify", d.mode());
        assertEquals(1234, d.totalSamples());
        assertEquals(corpus.stream().mapToLong(s -> s.characterCount() / 4).sum(), d.totalTokens());
        assertNotNull(d.createdAt());
        assertEquals(64, d.contentHash().length());

        assertEquals(corpus, readAll(store(), SampleQuery.dataset("support-faq")));
        assertEquals(List.of("support-faq"), store().listDatasets().stream().map(Dataset::id).toList());

        StoredSample seventh = store().query(SampleQuery.dataset("support-faq").page(1, 7)).get(0);
        assertEquals("support-faq/7", seventh.rowId());
        assertEquals(7, seventh.ordinal());
        assertEquals("docs/faq.md", seventh.sourceFile());
        assertEquals("widget, kw3", seventh.topicKeywords());
        assertEquals("validation", seventh.split());
        assertEquals(Integer.valueOf((int) corpus.get(7).characterCount() / 4), seventh.tokenLength());
        assertEquals(SampleText.contentHash(corpus.get(7)), seventh.contentHash());
        StoredSample withTool = store().query(SampleQuery.dataset("support-faq").page(1, 5)).get(0);
        assertNull(withTool.topicKeywords());
        assertTrue(withTool.content().contains("assistant: [call lookup({\"q\":5})]"), withTool.content());
    }

    @Test
    void queriesBySplitSourceAndKeywordWithLiteralWildcards() {
        List<Sample> corpus = StoreFixtures.corpus("q", 200);
        store().save(DatasetInfo.named("q"), corpus);
        store().save(DatasetInfo.named("other"), StoreFixtures.corpus("o", 10));

        assertEquals(200, store().count(SampleQuery.dataset("q")));
        assertEquals(210, store().count(SampleQuery.all()));
        long validation = corpus.stream().filter(s -> "validation".equals(s.metadata().split())).count();
        assertEquals(validation, store().count(SampleQuery.dataset("q").withSplit("validation")));
        assertEquals(Map.of("train", 150L, "validation", 50L), store().countBySplit("q"));

        List<Sample> fromFaq = readAll(store(), SampleQuery.dataset("q").withSource("docs/faq.md"));
        assertEquals(corpus.stream().filter(s -> "docs/faq.md".equals(s.metadata().sourceFile())).toList(), fromFaq);

        // "%" and "_" are literal characters of the keyword, and matching ignores case.
        List<Sample> percent = readAll(store(), SampleQuery.dataset("q").withKeyword("100% REFUNDS_policy"));
        assertEquals(corpus.stream().filter(s -> s.messages().get(0).content().contains("100% refunds_policy")).toList(), percent);
        assertEquals(0, store().count(SampleQuery.dataset("q").withKeyword("100%% refunds")));
        // A topic keyword matches too.
        assertEquals(corpus.stream().filter(s -> s.metadata().keywords().contains("kw3")).count(),
                store().count(SampleQuery.dataset("q").withKeyword("KW3")));

        List<StoredSample> page = store().query(SampleQuery.dataset("q").withSplit("train").page(10, 20));
        assertEquals(10, page.size());
        List<Sample> allTrain = readAll(store(), SampleQuery.dataset("q").withSplit("train"));
        assertEquals(allTrain.subList(20, 30), page.stream().map(StoredSample::sample).toList());
        assertEquals(allTrain.subList(140, 150), readAll(store(), SampleQuery.dataset("q").withSplit("train").page(0, 140)));
    }

    @Test
    void savingTheSameDatasetAgainReplacesItAndLeavesOthersAlone() {
        store().save(DatasetInfo.named("keep"), StoreFixtures.corpus("k", 30));
        store().save(DatasetInfo.named("data"), StoreFixtures.corpus("old", 50));
        String createdAt = store().dataset("data").orElseThrow().createdAt();
        List<Sample> newer = StoreFixtures.corpus("new", 20);
        DatasetStore.SaveResult again = store().save(DatasetInfo.named("data"), newer);
        assertTrue(again.replaced());
        assertEquals(20, again.dataset().totalSamples());
        assertEquals(createdAt, again.dataset().createdAt(), "created_at is the first save's");
        assertEquals(newer, readAll(store(), SampleQuery.dataset("data")));
        assertEquals(StoreFixtures.corpus("k", 30), readAll(store(), SampleQuery.dataset("keep")));
        assertNull(again.dataset().totalTokens(), "no token counter, no total");
    }

    @Test
    void anUncommittedOrFailedSaveLeavesThePreviousState() {
        List<Sample> original = StoreFixtures.corpus("v1", 40);
        store().save(DatasetInfo.named("d"), original);
        try (DatasetStore.DatasetWriter w = store().begin(DatasetInfo.named("d"), null)) {
            for (Sample s : StoreFixtures.corpus("v2", 700)) w.add(s, null);
            // no commit: e.g. the export failed half way
        }
        assertEquals(original, readAll(store(), SampleQuery.dataset("d")));
        assertEquals(40, store().dataset("d").orElseThrow().totalSamples());

        Iterator<Sample> failing = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Sample next() {
                if (++n > 600) throw new IllegalStateException("input broke at line 601");
                return new Sample().add(Message.user("x" + n));
            }
        };
        assertThrows(IllegalStateException.class, () -> store().save(DatasetInfo.named("d"), failing, null));
        assertEquals(original, readAll(store(), SampleQuery.dataset("d")));
        assertFalse(store().dataset("new-one").isPresent());
    }

    @Test
    void secretsInTheConfigAreNotStored() {
        ObjectNode config = Json.MAPPER.createObjectNode();
        config.put("provider", "openai").put("api_key", "sk-should-not-be-stored").put("max_tokens", 512);
        config.putObject("database").put("password", "hunter2").put("url", "jdbc:sqlite:x");
        config.putArray("providers").addObject().put("name", "mistral").put("MISTRAL_API_KEY", "m-secret");
        store().save(DatasetInfo.named("cfg").withConfig(config), List.of(new Sample().add(Message.user("hi"))));
        String stored = store().dataset("cfg").orElseThrow().configJson();
        assertFalse(stored.contains("sk-should-not-be-stored"), stored);
        assertFalse(stored.contains("hunter2"), stored);
        assertFalse(stored.contains("m-secret"), stored);
        assertTrue(stored.contains("\"max_tokens\":512"), stored);
        assertTrue(stored.contains("\"api_key\":\"<redacted>\""), stored);
    }

    @Test
    void deletingADatasetRemovesItsSamples() {
        store().save(DatasetInfo.named("gone"), StoreFixtures.corpus("g", 15));
        store().save(DatasetInfo.named("stays"), StoreFixtures.corpus("s", 5));
        assertTrue(store().deleteDataset("gone"));
        assertFalse(store().deleteDataset("gone"));
        assertEquals(0, store().count(SampleQuery.dataset("gone")));
        assertEquals(5, store().count(SampleQuery.all()));
        assertEquals(List.of("stays"), store().listDatasets().stream().map(Dataset::id).toList());
    }

    @Test
    void schemaIsVersionedAndANewerDatabaseIsRefused() throws Exception {
        assertEquals(Schema.CURRENT_VERSION, store().schemaVersion());
        store().close();
        store = openStore(); // opening again is a no-op migration
        assertEquals(Schema.CURRENT_VERSION, store.schemaVersion());
        store.save(DatasetInfo.named("x"), List.of(new Sample().add(Message.user("a"))));
        try (var c = java.sql.DriverManager.getConnection(store.url().jdbcUrl(), credentials());
             var s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version (version, description) VALUES (99, 'from the future')");
        }
        store.close();
        store = null;
        StoreException e = assertThrows(StoreException.class, this::openStore);
        assertTrue(e.getMessage().contains("schema version 99 is newer"), e.getMessage());
    }

    protected java.util.Properties credentials() {
        return new java.util.Properties();
    }
}
