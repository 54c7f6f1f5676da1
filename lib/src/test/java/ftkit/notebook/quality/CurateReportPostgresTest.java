package ftkit.notebook.quality;

import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.notebook.NotebookDataset;
import ftkit.quality.CurateCommand;
import ftkit.store.DatasetInfo;
import ftkit.store.DatasetStore;
import ftkit.store.PostgresTestSchema;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The notebook's curate section on a dataset stored in PostgreSQL, one fresh schema per test. The server comes from
 * {@code tools/pg-test-server.sh start}, which exports FTKIT_TEST_PG_URL/_USER/_PASSWORD. Without them the tests
 * are skipped with a message, unless FTKIT_REQUIRE_PG=1 (CI), where a missing server is a failure.
 */
class CurateReportPostgresTest {
    private PostgresTestSchema schema;

    @TempDir
    Path dir;

    @BeforeEach
    void createSchema() throws Exception {
        schema = PostgresTestSchema.createOrSkip();
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (schema != null) schema.close();
    }

    /** The notebook's environment: FTKIT_DB is the JDBC URL, the credentials come from FTKIT_DATABASE_USER/_PASSWORD. */
    private Map<String, String> environment() {
        return Map.of(NotebookDataset.DB_VARIABLE, schema.url(), "FTKIT_DATABASE_USER", PostgresTestSchema.user(),
                "FTKIT_DATABASE_PASSWORD", PostgresTestSchema.password());
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
        String password = PostgresTestSchema.password();
        Assumptions.assumeFalse(password.isEmpty(), "the test server uses a password");
        // curate's process environment cannot be set here: the credentials travel as URL parameters instead
        String curateUrl = schema.url() + "&user=" + URLEncoder.encode(PostgresTestSchema.user(), StandardCharsets.UTF_8)
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
        CurateReport plain = CurateReport.of(NotebookDataset.database(schema.url(), "plain", environment()));
        assertFalse(plain.stored());
        assertTrue(plain.origin().contains("no curate report is stored with dataset 'plain'"), plain.origin());
        assertEquals(2, plain.report().path("counts").path("samples").asInt());
        assertEquals(List.of("What is JSONL?", "What is JSONL?"), plain.clustersTable("exact").stringColumn("question").asList());
    }
}
