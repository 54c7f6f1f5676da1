package ftkit.quality;

import ftkit.store.DatabaseUrl;
import ftkit.store.DatasetInfo;
import ftkit.store.DatasetStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;

import static org.junit.jupiter.api.Assertions.*;

/** {@link QualityStore} on a real SQLite file. */
class QualityStoreSqliteTest extends QualityStoreContract {
    @TempDir
    Path dir;

    Path file() {
        return dir.resolve("store").resolve("ftkit.db");
    }

    @Override
    protected DatasetStore openStore() {
        return DatasetStore.open(file());
    }

    @Test
    void theReportsAreInTheSameFileAsTheDataset() throws Exception {
        var d = store().save(DatasetInfo.named("kept"), samples("k", 2)).dataset();
        QualityStore.saveReport(store(), d, report(2));
        store().close();
        store = null;
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file());
             var rs = c.createStatement().executeQuery("SELECT r.dataset_id, d.total_samples, r.dataset_hash = d.content_hash "
                     + "FROM quality_reports r JOIN datasets d ON d.id = r.dataset_id")) {
            assertTrue(rs.next());
            assertEquals("kept", rs.getString(1));
            assertEquals(2, rs.getLong(2));
            assertTrue(rs.getBoolean(3));
            assertFalse(rs.next());
        }
        assertEquals(2, QualityStore.latestReport(file(), "kept").orElseThrow().path("counts").path("kept").asInt());
        assertEquals(2, QualityStore.latest(DatabaseUrl.parse(file().toString()), "kept").orElseThrow().report().path("counts").path("kept").asInt());
        assertEquals(1, rows());
    }

    @Test
    void readingAMissingFileFindsNothingAndDoesNotCreateIt() throws Exception {
        Path missing = dir.resolve("none.db");
        assertTrue(QualityStore.latestReport(missing, "x").isEmpty());
        assertFalse(Files.exists(missing));
    }
}
