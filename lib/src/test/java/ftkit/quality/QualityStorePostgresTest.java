package ftkit.quality;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.store.DatabaseUrl;
import ftkit.store.DatasetStore;
import ftkit.store.Dialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link QualityStore} and {@code curate --db JDBC-URL} on a real PostgreSQL server, one fresh schema per test. The
 * server comes from {@code tools/pg-test-server.sh start}, which exports FTKIT_TEST_PG_URL/_USER/_PASSWORD. Without
 * them the tests are skipped with a message, unless FTKIT_REQUIRE_PG=1 (CI), where a missing server is a failure.
 */
class QualityStorePostgresTest extends QualityStoreContract {
    private static final String URL = System.getenv("FTKIT_TEST_PG_URL");
    private String schema;

    @TempDir
    Path dir;

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

    private static Properties credentials() {
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
        return DatasetStore.open(DatabaseUrl.fromEnvironment(Map.of(DatabaseUrl.ENV_URL, schemaUrl(),
                DatabaseUrl.ENV_USER, credentials().getProperty("user", ""),
                DatabaseUrl.ENV_PASSWORD, credentials().getProperty("password", "")), DatabaseUrl.DEFAULT_SQLITE_FILE));
    }

    @Test
    void curateStoresItsKeptSamplesAndReportInPostgresqlWithoutShowingThePassword() throws Exception {
        CurateCommandTest fixtures = new CurateCommandTest();
        fixtures.dir = dir;
        Path in = fixtures.fixture();
        String password = credentials().getProperty("password", "");
        Assumptions.assumeFalse(password.isEmpty(), "the test server uses a password");
        // The password as a URL parameter (the JVM's environment cannot be set here): the form must be hidden too.
        String url = schemaUrl() + "&user=" + URLEncoder.encode(credentials().getProperty("user", ""), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        CurateCommandTest.Run r = CurateCommandTest.run(in.toString(), "--out", dir.resolve("kept.jsonl").toString(),
                "--drop", "exact,near,refusal,truncated,leakage,short", "--db", url, "--dataset-name", "support curated");
        assertEquals(3, r.exit(), "the fixture has an unreadable line: " + r.stderr());
        assertFalse(r.stderr().contains(password), "password never printed: " + r.stderr());
        assertTrue(r.stderr().contains("stored 4 kept samples as dataset support-curated"), r.stderr());
        assertTrue(r.stderr().contains("password=***"), r.stderr());

        assertEquals(Dialect.POSTGRESQL, store().dialect());
        var dataset = store().dataset("support-curated").orElseThrow();
        assertEquals(4, dataset.totalSamples());
        QualityStore.StoredReport stored = QualityStore.latest(store(), "support-curated").orElseThrow();
        assertTrue(stored.describes(dataset));
        JsonNode rep = stored.report();
        assertEquals(10, rep.path("counts").path("samples").asInt());
        assertEquals(4, rep.path("counts").path("kept").asInt());
        assertEquals(1, rep.path("counts").path("removed_by_reason").path("exact_duplicate").asInt());
        assertEquals(3, rep.path("near_duplicates").path("listed").get(0).path("kept_line").asInt());
        assertFalse(rep.toString().contains(password));
        assertEquals(1, rows());
    }
}
