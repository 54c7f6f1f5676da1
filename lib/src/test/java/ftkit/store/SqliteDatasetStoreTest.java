package ftkit.store;

import ftkit.model.Message;
import ftkit.model.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The store on real SQLite files in a temporary folder, plus SQLite's online backup and restore. */
class SqliteDatasetStoreTest extends DatasetStoreContract {
    @TempDir
    Path dir;

    @Override
    protected DatasetStore openStore() {
        return DatasetStore.open(DatabaseUrl.sqlite(dir.resolve("memory/dataset_builder.db")), options());
    }

    private Path dbFile() {
        return dir.resolve("memory/dataset_builder.db");
    }

    @Test
    void theDatabaseIsAFileThatSurvivesReopening() throws Exception {
        List<Sample> corpus = StoreFixtures.corpus("p", 25);
        store().save(DatasetInfo.named("persisted"), corpus);
        store().close();
        store = null;
        assertTrue(Files.size(dbFile()) > 0);
        try (DatasetStore again = DatasetStore.open(dbFile())) {
            assertEquals(corpus, readAll(again, SampleQuery.dataset("persisted")));
        }
    }

    @Test
    void aBackupIsTakenBeforeADatasetIsReplacedAndHoldsTheOldVersion() {
        List<Sample> v1 = StoreFixtures.corpus("v1", 60);
        DatasetStore.SaveResult first = store().save(DatasetInfo.named("faq"), v1);
        assertNull(first.backup(), "nothing overwritten, nothing backed up");
        assertEquals(List.of(), store().listBackups());

        DatasetStore.SaveResult second = store().save(DatasetInfo.named("faq"), StoreFixtures.corpus("v2", 10));
        Path backup = second.backup();
        assertNotNull(backup);
        assertEquals(dir.resolve("memory/backups"), backup.getParent());
        assertTrue(backup.getFileName().toString().matches("dataset_builder-\\d{8}-\\d{6}-\\d{3}-replace-faq\\.db"), backup.toString());
        assertEquals(List.of(backup), store().listBackups());
        assertTrue(log.toString().contains("backup: " + backup), log.toString());
        try (DatasetStore old = DatasetStore.open(backup)) {
            assertEquals(v1, readAll(old, SampleQuery.dataset("faq")));
        }
    }

    @Test
    void restoreBringsBackADeletedDatasetAndKeepsASafetyCopy() {
        List<Sample> precious = StoreFixtures.corpus("x", 80);
        store().save(DatasetInfo.named("precious"), precious);
        assertTrue(store().deleteDataset("precious"));
        List<Path> backups = store().listBackups();
        assertEquals(1, backups.size());
        assertTrue(backups.get(0).getFileName().toString().endsWith("-delete-precious.db"));
        store().save(DatasetInfo.named("later"), List.of(new Sample().add(Message.user("after the delete"))));

        Path safety = store().restore(backups.get(0));
        assertEquals(precious, readAll(store(), SampleQuery.dataset("precious")));
        assertFalse(store().dataset("later").isPresent(), "restore returns the database to the backup's state");
        try (DatasetStore before = DatasetStore.open(safety)) {
            assertTrue(before.dataset("later").isPresent(), "the state before the restore was kept");
            assertFalse(before.dataset("precious").isPresent());
        }
        // The store keeps working after a restore.
        store().save(DatasetInfo.named("after"), List.of(new Sample().add(Message.user("y"))));
        assertEquals(81, store().count(SampleQuery.all()));
    }

    @Test
    void restoreRefusesAFileThatIsNotAnSqliteDatabase() throws Exception {
        Path bogus = Files.writeString(dir.resolve("bogus.db"), "not a database");
        StoreException e = assertThrows(StoreException.class, () -> store().restore(bogus));
        assertTrue(e.getMessage().contains("not an SQLite database"), e.getMessage());
        assertThrows(StoreException.class, () -> store().restore(dir.resolve("missing.db")));
    }

    @Test
    void oldBackupsArePrunedToTheKeptNumber() {
        store = DatasetStore.open(DatabaseUrl.sqlite(dbFile()), options().withKeepBackups(3));
        for (int i = 0; i < 6; i++) store.save(DatasetInfo.named("d"), List.of(new Sample().add(Message.user("v" + i))));
        List<Path> backups = store.listBackups();
        assertEquals(3, backups.size());
        try (DatasetStore newest = DatasetStore.open(backups.get(2))) {
            assertEquals("v4", readAll(newest, SampleQuery.dataset("d")).get(0).messages().get(0).content());
        }
    }

    @Test
    void theDefaultLocationIsMemoryDatasetBuilderDbAndUrlsAreRedacted() {
        DatabaseUrl def = DatabaseUrl.fromEnvironment(Map.of(), DatabaseUrl.DEFAULT_SQLITE_FILE);
        assertEquals(Path.of("memory/dataset_builder.db").toAbsolutePath(), def.sqliteFile());
        assertEquals(Dialect.SQLITE, def.dialect());

        DatabaseUrl pg = DatabaseUrl.fromEnvironment(Map.of(DatabaseUrl.ENV_URL, "jdbc:postgresql://db:5432/ftkit?user=bob&password=s3cret",
                DatabaseUrl.ENV_USER, "bob", DatabaseUrl.ENV_PASSWORD, "pw-from-env"), DatabaseUrl.DEFAULT_SQLITE_FILE);
        assertEquals(Dialect.POSTGRESQL, pg.dialect());
        assertEquals("pw-from-env", pg.password());
        assertFalse(pg.toString().contains("s3cret"), pg.toString());
        assertFalse(pg.toString().contains("pw-from-env"), pg.toString());
        assertEquals("jdbc:postgresql://***@host/db", DatabaseUrl.redact("jdbc:postgresql://u:p@host/db"));
        StoreException e = assertThrows(StoreException.class, () -> Dialect.of("jdbc:mysql://x?password=zz"));
        assertFalse(e.getMessage().contains("zz"));
    }
}
