package ftkit.notebook.quality;

import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.notebook.NotebookDataset;
import ftkit.quality.CurateCommand;
import ftkit.store.DatasetInfo;
import ftkit.store.DatasetStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The notebook's curate section on a dataset stored in PostgreSQL, one fresh schema per test. The server comes from
 * {@code tools/pg-test-server.sh start}, which exports FTKIT_TEST_PG_URL/_USER/_PASSWORD. Without them the tests
 * are skipped with a message, unless FTKIT_REQUIRE_PG=1 (CI), where a missing server is a failure.
 */
class CurateReportPostgresTest {
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

    /** The notebook's environment: FTKIT_DB is the JDBC URL, the credentials come from FTKIT_DATABASE_USER/_PASSWORD. */
    private Map<String, String> environment() {
        return Map.of(NotebookDataset.DB_VARIABLE, schemaUrl(), "FTKIT_DATABASE_USER", credentials().getProperty("user", ""),
                "FTKIT_DATABASE_PASSWORD", credentials().getProperty("password", ""));
    }

    private static String line(String q, String a) {
        var node = Json.MAPPER.createObjectNode();
        var ms = node.putArray("messages");
        ms.addObject().put("role", "user").put("content", q);
        ms.addObject().put("role", "assistant").put("content", a);
        return node.toString();
    }

    @Test
    void showsTheReportCurateStoredInPostgresqlAndAnalysesADatasetWithoutOne() throws Exception {
        Path in = dir.resolve("support.jsonl");
        Files.write(in, List.of(
                line("How do I reset my password?", "Click Forgot password on the login page and follow the link in the email."),
                line("How do I reset my password?", "Click Forgot password on the login page and follow the link in the email."),
                line("Is shipping free?", "Yes."),
                line("Can I change my order after I placed it?", "Yes, as long as it has not shipped yet: open the order and click Edit.")));
        String password = credentials().getProperty("password", "");
        Assumptions.assumeFalse(password.isEmpty(), "the test server uses a password");
        // curate's process environment cannot be set here: the credentials travel as URL parameters instead
        String curateUrl = schemaUrl() + "&user=" + URLEncoder.encode(credentials().getProperty("user", ""), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(log, true, StandardCharsets.UTF_8);
        ftkit.cli.Log.to(err, false);
        int exit;
        try {
            exit = CurateCommand.commandLine(new CurateCommand(err, err, new ByteArrayInputStream(new byte[0])))
                    .execute(in.toString(), "-o", dir.resolve("kept.jsonl").toString(), "--drop", "exact,short", "--db", curateUrl);
        } finally {
            ftkit.cli.Log.reset();
        }
        assertEquals(0, exit, log.toString(StandardCharsets.UTF_8));

        NotebookDataset stored = NotebookDataset.choose(environment(), "unused.jsonl", null, null);
        assertTrue(stored.describe().startsWith("dataset (the only one) in PostgreSQL jdbc:postgresql:"), stored.describe());
        assertFalse(stored.describe().contains(password));
        CurateReport r = CurateReport.of(stored);
        assertTrue(r.stored(), r.origin());
        Table checks = r.checksTable();
        assertEquals(List.of("exact_duplicate", "too_short"), checks.stringColumn("check").asList());
        assertEquals(List.of(1L, 1L), checks.longColumn("removed").asList(), "curate's drop list: the short answer went too");
        assertEquals(List.of(1L, 2L), r.clustersTable("exact").longColumn("line").asList());

        // a dataset saved without curate: analysed here, streamed from PostgreSQL
        try (DatasetStore store = stored.openExisting()) {
            store.save(DatasetInfo.named("plain"), List.of(
                    new Sample().add(Message.user("What is JSONL?")).add(Message.assistant("One JSON value per line, each a record.")),
                    new Sample().add(Message.user("What is JSONL?")).add(Message.assistant("One JSON value per line, each a record."))));
        }
        CurateReport plain = CurateReport.of(NotebookDataset.database(schemaUrl(), "plain", environment()));
        assertFalse(plain.stored());
        assertTrue(plain.origin().contains("no curate report is stored with dataset 'plain'"), plain.origin());
        assertEquals(2, plain.report().path("counts").path("samples").asInt());
        assertEquals(List.of("What is JSONL?", "What is JSONL?"), plain.clustersTable("exact").stringColumn("question").asList());
    }
}
