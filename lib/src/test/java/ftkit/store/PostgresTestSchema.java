package ftkit.store;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A fresh schema on the test PostgreSQL server for one test, dropped by {@link #close()}. The server comes from
 * {@code tools/pg-test-server.sh start}, which exports FTKIT_TEST_PG_URL/_USER/_PASSWORD. Without them the test is
 * skipped with a message, unless FTKIT_REQUIRE_PG=1 (CI), where a missing server is a failure.
 */
public final class PostgresTestSchema implements AutoCloseable {
    private static final String SERVER_URL = System.getenv("FTKIT_TEST_PG_URL");

    private final String name;

    private PostgresTestSchema(String name) {
        this.name = name;
    }

    /** Creates the schema, or skips (fails with FTKIT_REQUIRE_PG=1) the calling test when no server is configured. */
    public static PostgresTestSchema createOrSkip() throws SQLException {
        if (SERVER_URL == null || SERVER_URL.isBlank()) {
            String why = "FTKIT_TEST_PG_URL is not set: PostgreSQL tests skipped "
                    + "(start a server with: eval \"$(tools/pg-test-server.sh start)\")";
            if ("1".equals(System.getenv("FTKIT_REQUIRE_PG"))) fail(why + "; FTKIT_REQUIRE_PG=1 requires them");
            System.err.println("SKIPPED: " + why);
            Assumptions.abort(why);
        }
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(SERVER_URL, credentials()); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        }
        return new PostgresTestSchema(name);
    }

    /** The server's user and password as JDBC properties (empty when the environment has none). */
    public static Properties credentials() {
        Properties p = new Properties();
        if (System.getenv("FTKIT_TEST_PG_USER") != null) p.setProperty("user", System.getenv("FTKIT_TEST_PG_USER"));
        if (System.getenv("FTKIT_TEST_PG_PASSWORD") != null) p.setProperty("password", System.getenv("FTKIT_TEST_PG_PASSWORD"));
        return p;
    }

    public static String user() {
        return credentials().getProperty("user", "");
    }

    public static String password() {
        return credentials().getProperty("password", "");
    }

    /** The JDBC URL of this schema, without credentials. */
    public String url() {
        return SERVER_URL + (SERVER_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** The environment a user would set: FTKIT_DATABASE_URL/_USER/_PASSWORD. */
    public Map<String, String> environment() {
        return Map.of(DatabaseUrl.ENV_URL, url(), DatabaseUrl.ENV_USER, user(), DatabaseUrl.ENV_PASSWORD, password());
    }

    /** This schema as a user gives it: the URL with the credentials from {@link #environment()}. */
    public DatabaseUrl databaseUrl() {
        return DatabaseUrl.fromEnvironment(environment(), DatabaseUrl.DEFAULT_SQLITE_FILE);
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER_URL, credentials()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + name + " CASCADE");
        }
    }
}
