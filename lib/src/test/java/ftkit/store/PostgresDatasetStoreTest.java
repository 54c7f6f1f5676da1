package ftkit.store;

import ftkit.model.Message;
import ftkit.model.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The same store on a real PostgreSQL server, one fresh schema per test. The server comes from
 * {@code tools/pg-test-server.sh start}, which exports FTKIT_TEST_PG_URL/_USER/_PASSWORD. Without them the tests
 * are skipped with a message, unless FTKIT_REQUIRE_PG=1 (CI), where a missing server is a failure.
 */
class PostgresDatasetStoreTest extends DatasetStoreContract {
    private PostgresTestSchema schema;

    @BeforeEach
    void createSchema() throws Exception {
        schema = PostgresTestSchema.createOrSkip();
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema == null) return;
        if (store != null) {
            store.close();
            store = null;
        }
        schema.close();
    }

    @Override
    protected Properties credentials() {
        return PostgresTestSchema.credentials();
    }

    @Override
    protected DatasetStore openStore() {
        // Credentials travel as they would in use: FTKIT_DATABASE_URL/USER/PASSWORD through DatabaseUrl.
        return DatasetStore.open(schema.databaseUrl(), options());
    }

    @Test
    void runsOnPostgresqlAndSaysThatBackupIsSqliteOnly() {
        assertEquals(Dialect.POSTGRESQL, store().dialect());
        assertNull(store().backupDir());
        store().save(DatasetInfo.named("pg"), StoreFixtures.corpus("pg", 3));
        store().save(DatasetInfo.named("pg"), StoreFixtures.corpus("pg2", 2));
        assertTrue(log.toString().contains("no automatic backup on PostgreSQL"), log.toString());
        assertFalse(log.toString().contains(credentials().getProperty("password", "\u0000")), "password never logged");
        StoreException e = assertThrows(StoreException.class, () -> store().backup("manual"));
        assertTrue(e.getMessage().contains("SQLite only") && e.getMessage().contains("pg_dump"), e.getMessage());
        assertEquals(List.of(), store().listBackups());
    }

    @Test
    void wrongPasswordFailsWithoutEchoingIt() {
        DatabaseUrl bad = new DatabaseUrl(schema.url(), credentials().getProperty("user"), "wrong-password-xyz");
        StoreException e = assertThrows(StoreException.class, () -> DatasetStore.open(bad));
        assertFalse(e.getMessage().contains("wrong-password-xyz"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot open database"), e.getMessage());
    }

    @Test
    void streamsALargeDatasetWithACursor() {
        int n = 3000;
        store().save(DatasetInfo.named("big"), new java.util.Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Sample next() {
                return new Sample().id("s" + i).add(Message.user("q" + i)).add(Message.assistant("a" + i++));
            }
        }, s -> 3);
        long seen = 0;
        try (SampleCursor c = store().stream(SampleQuery.dataset("big"))) {
            while (c.hasNext()) {
                assertEquals("s" + seen, c.next().sample().id());
                seen++;
            }
        }
        assertEquals(n, seen);
        assertEquals(3L * n, store().dataset("big").orElseThrow().totalTokens());
    }
}
