package ftkit.quality;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.store.DatabaseUrl;
import ftkit.store.DatasetStore;
import ftkit.store.PostgresTestSchema;
import ftkit.store.Dialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link QualityStore} and {@code curate --db JDBC-URL} on a real PostgreSQL server, one fresh schema per test. The
 * server comes from {@code tools/pg-test-server.sh start}, which exports FTKIT_TEST_PG_URL/_USER/_PASSWORD. Without
 * them the tests are skipped with a message, unless FTKIT_REQUIRE_PG=1 (CI), where a missing server is a failure.
 */
class QualityStorePostgresTest extends QualityStoreContract {
    private PostgresTestSchema schema;

    @TempDir
    Path dir;

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
    protected DatasetStore openStore() {
        // Credentials travel as they would in use: FTKIT_DATABASE_URL/USER/PASSWORD through DatabaseUrl.
        return DatasetStore.open(schema.databaseUrl());
    }

    @Test
    void curateStoresItsKeptSamplesAndReportInPostgresqlWithoutShowingThePassword() throws Exception {
        CurateCommandTest fixtures = new CurateCommandTest();
        fixtures.dir = dir;
        Path in = fixtures.fixture();
        String password = PostgresTestSchema.password();
        Assumptions.assumeFalse(password.isEmpty(), "the test server uses a password");
        // The password as a URL parameter (the JVM's environment cannot be set here): the form must be hidden too.
        String url = schema.url() + "&user=" + URLEncoder.encode(PostgresTestSchema.user(), StandardCharsets.UTF_8)
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
