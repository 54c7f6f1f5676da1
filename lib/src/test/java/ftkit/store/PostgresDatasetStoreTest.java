package ftkit.store;

import ftkit.model.Message;
import ftkit.model.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The same store on a real PostgreSQL server, one fresh schema per test. The server comes from
 * {@code tools/pg-test-server.sh start}, which exports FTKIT_TEST_PG_URL/_USER/_PASSWORD. Without them the tests
 * are skipped with a message, unless FTKIT_REQUIRE_PG=1 (CI), where a missing server is a failure.
 */
class PostgresDatasetStoreTest extends DatasetStoreContract {
    private static final String URL = System.getenv("FTKIT_TEST_PG_URL");
    private String schema;

    @BeforeEach
    void createSchema() throws Exception {
        if (URL == null || URL.isBlank()) {
            String why = "FTKIT_TEST_PG_URL is not set: PostgreSQL store tests skipped "
                    + "(start a server with: eval \"$(tools/pg-test-server.sh start)\")";
            if ("1".equals(System.getenv("FTKIT_REQUIRE_PG"))) fail(why + "; FTKIT_REQUIRE_PG=1 requires them");
            System.err.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(URL, credentials()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema == null) return;
        if (store != null) {
            store.close();
            store = null;
        }
        try (Connection c = DriverManager.getConnection(URL, credentials()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Override
    protected Properties credentials() {
        Properties p = new Properties();
        if (System.getenv("FTKIT_TEST_PG_USER") != null) p.setProperty("user", System.getenv("FTKIT_TEST_PG_USER"));
        if (System.getenv("FTKIT_TEST_PG_PASSWORD") != null) p.setProperty("password", System.getenv("FTKIT_TEST_PG_PASSWORD"));
        return p;
    }

    private String schemaUrl() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    protected DatasetStore openStore() {
        // Credentials travel as they would in use: FTKIT_DATABASE_URL/USER/PASSWORD through DatabaseUrl.
        DatabaseUrl url = DatabaseUrl.fromEnvironment(java.util.Map.of(DatabaseUrl.ENV_URL, schemaUrl(),
                DatabaseUrl.ENV_USER, credentials().getProperty("user", ""),
                DatabaseUrl.ENV_PASSWORD, credentials().getProperty("password", "")), DatabaseUrl.DEFAULT_SQLITE_FILE);
        return DatasetStore.open(url, options());
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
        DatabaseUrl bad = new DatabaseUrl(schemaUrl(), credentials().getProperty("user"), "wrong-password-xyz");
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
