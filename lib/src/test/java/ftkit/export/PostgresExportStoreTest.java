package ftkit.export;

import ftkit.store.DatabaseUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Export and the store on a real PostgreSQL server, one fresh schema per test: the server of
 * {@code tools/pg-test-server.sh start} (FTKIT_TEST_PG_URL/_USER/_PASSWORD). Skipped without it, unless
 * FTKIT_REQUIRE_PG=1.
 */
class PostgresExportStoreTest extends ExportStoreContract {
    private static final String URL = System.getenv("FTKIT_TEST_PG_URL");
    private String schema;

    @BeforeEach
    void createSchema() throws Exception {
        if (URL == null || URL.isBlank()) {
            String why = "FTKIT_TEST_PG_URL is not set: PostgreSQL export/store tests skipped "
                    + "(start a server with: eval \"$(tools/pg-test-server.sh start)\")";
            if ("1".equals(System.getenv("FTKIT_REQUIRE_PG"))) fail(why + "; FTKIT_REQUIRE_PG=1 requires them");
            System.err.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        schema = "x_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(URL, credentials()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema == null) return;
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

    @Override
    protected DatabaseUrl database() {
        // As a user gives it: --db JDBC-URL, credentials from FTKIT_DATABASE_USER/_PASSWORD.
        String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return DatabaseUrl.parse(url, Map.of(DatabaseUrl.ENV_USER, credentials().getProperty("user", ""),
                DatabaseUrl.ENV_PASSWORD, credentials().getProperty("password", "")));
    }

    @Override
    protected boolean hasOnlineBackup() {
        return false;
    }
}
