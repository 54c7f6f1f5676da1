package ftkit.export;

import ftkit.store.DatabaseUrl;
import ftkit.store.PostgresTestSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.Map;


/**
 * Export and the store on a real PostgreSQL server, one fresh schema per test: the server of
 * {@code tools/pg-test-server.sh start} (FTKIT_TEST_PG_URL/_USER/_PASSWORD). Skipped without it, unless
 * FTKIT_REQUIRE_PG=1.
 */
class PostgresExportStoreTest extends ExportStoreContract {
    private PostgresTestSchema schema;

    @BeforeEach
    void createSchema() throws Exception {
        schema = PostgresTestSchema.createOrSkip();
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema != null) schema.close();
    }

    @Override
    protected DatabaseUrl database() {
        // As a user gives it: --db JDBC-URL, credentials from FTKIT_DATABASE_USER/_PASSWORD.
        return DatabaseUrl.parse(schema.url(), Map.of(DatabaseUrl.ENV_USER, PostgresTestSchema.user(),
                DatabaseUrl.ENV_PASSWORD, PostgresTestSchema.password()));
    }

    @Override
    protected boolean hasOnlineBackup() {
        return false;
    }
}
