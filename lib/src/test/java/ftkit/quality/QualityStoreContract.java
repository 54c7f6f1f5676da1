package ftkit.quality;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.store.Dataset;
import ftkit.store.DatasetInfo;
import ftkit.store.DatasetStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What {@link QualityStore} must do on every database DatasetStore supports; subclasses supply SQLite or PostgreSQL. */
abstract class QualityStoreContract {
    protected DatasetStore store;

    /** A store on an empty database (the same database each call within one test). */
    protected abstract DatasetStore openStore();

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    protected DatasetStore store() {
        if (store == null) store = openStore();
        return store;
    }

    static List<Sample> samples(String prefix, int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> new Sample().add(Message.user(prefix + " question " + i)).add(Message.assistant(prefix + " answer " + i)))
                .toList();
    }

    static JsonNode report(long kept) {
        var r = Json.MAPPER.createObjectNode();
        r.put("input", "in.jsonl");
        r.putObject("counts").put("kept", kept).putObject("flagged_by_check").put("too_short", 2);
        return r;
    }

    @Test
    void keepsEveryRunAndGivesTheLatestWithTheDatasetsContentHash() {
        Dataset a = store().save(DatasetInfo.named("curated a"), samples("a", 3)).dataset();
        Dataset b = store().save(DatasetInfo.named("curated b"), samples("b", 2)).dataset();
        assertTrue(QualityStore.latest(store(), a.id()).isEmpty(), "no table yet: nothing, no error");

        QualityStore.saveReport(store(), a, report(3));
        QualityStore.saveReport(store(), b, report(2));
        QualityStore.saveReport(store(), a, report(30));

        QualityStore.StoredReport latest = QualityStore.latest(store(), a.id()).orElseThrow();
        assertEquals(30, latest.report().path("counts").path("kept").asInt(), "the last run of a wins");
        assertEquals(2, latest.report().path("counts").path("flagged_by_check").path("too_short").asInt(), "JSON comes back whole");
        assertEquals(a.contentHash(), latest.datasetHash());
        assertNotNull(a.contentHash());
        assertTrue(latest.describes(a));
        assertEquals(2, QualityStore.latest(store(), b.id()).orElseThrow().report().path("counts").path("kept").asInt());
        assertTrue(QualityStore.latest(store(), "no-such-dataset").isEmpty());
        assertTrue(java.time.Instant.parse(latest.createdAt()).isAfter(java.time.Instant.now().minusSeconds(600)));
    }

    @Test
    void aReportOfAnEarlierVersionOfTheDatasetSaysSo() {
        Dataset first = store().save(DatasetInfo.named("curated"), samples("old", 3)).dataset();
        QualityStore.saveReport(store(), first, report(3));
        Dataset replaced = store().save(DatasetInfo.named("curated"), samples("new", 4)).dataset();
        assertEquals(first.id(), replaced.id());
        QualityStore.StoredReport latest = QualityStore.latest(store(), first.id()).orElseThrow();
        assertTrue(latest.describes(first));
        assertFalse(latest.describes(replaced), "the samples changed after the report was made");
    }

    @Test
    void aTableFromBeforeTheHashColumnGetsIt() throws Exception {
        Dataset d = store().save(DatasetInfo.named("old"), samples("o", 1)).dataset();
        // quality_reports as the first version of curate --db created it (SQLite: INTEGER AUTOINCREMENT key)
        store().withConnection("create the old table", (c, dialect) -> {
            try (var st = c.createStatement()) {
                st.execute("CREATE TABLE quality_reports (id " + dialect.generatedKey() + ", dataset_id TEXT NOT NULL, "
                        + "created_at TEXT NOT NULL, report_json TEXT NOT NULL)");
                st.execute("INSERT INTO quality_reports (dataset_id, created_at, report_json) VALUES ('old', '2026-11-21T10:00:00Z', '{\"counts\":{\"kept\":1}}')");
            }
            return null;
        });
        QualityStore.StoredReport before = QualityStore.latest(store(), "old").orElseThrow();
        assertNull(before.datasetHash());
        assertFalse(before.describes(d), "unknown content: not claimed to describe the dataset");
        QualityStore.saveReport(store(), d, report(7));
        QualityStore.StoredReport after = QualityStore.latest(store(), "old").orElseThrow();
        assertEquals(7, after.report().path("counts").path("kept").asInt());
        assertTrue(after.describes(d));
    }

    /** Deleting a dataset deletes its reports, and only its own. */
    @Test
    void aDeletedDatasetTakesItsReportsWithIt() {
        Dataset a = store().save(DatasetInfo.named("curated a"), samples("a", 3)).dataset();
        Dataset b = store().save(DatasetInfo.named("curated b"), samples("b", 2)).dataset();
        QualityStore.saveReport(store(), a, report(3));
        QualityStore.saveReport(store(), a, report(4));
        QualityStore.saveReport(store(), b, report(2));
        assertEquals(3, rows());
        assertTrue(store().deleteDataset(a.id()));
        assertEquals(1, rows());
        assertTrue(QualityStore.latest(store(), a.id()).isEmpty());
        assertEquals(2, QualityStore.latest(store(), b.id()).orElseThrow().report().path("counts").path("kept").asInt());
    }

    /** A database curate never wrote to has no reports table: deleting still works. */
    @Test
    void deletingWithoutAReportsTableWorks() {
        Dataset a = store().save(DatasetInfo.named("plain"), samples("p", 2)).dataset();
        assertTrue(store().deleteDataset(a.id()));
        assertTrue(store().dataset(a.id()).isEmpty());
    }

    @Test
    void sqlErrorsOnTheStoresConnectionNameWhatFailedAndWhere() {
        var e = assertThrows(ftkit.store.StoreException.class, () -> store().withConnection("read the reports",
                (c, d) -> c.createStatement().executeQuery("SELECT nothing FROM no_such_table")));
        assertTrue(e.getMessage().startsWith("cannot read the reports in jdbc:"), e.getMessage());
        assertEquals(0, store().listDatasets().size(), "the store still works after the failed statement");
    }

    /** The connection QualityStore's table lives on, for assertions in SQL. */
    protected long rows() {
        return store().withConnection("count", (Connection c, ftkit.store.Dialect d) -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM quality_reports")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
