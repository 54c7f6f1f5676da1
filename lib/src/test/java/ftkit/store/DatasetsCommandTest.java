package ftkit.store;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.io.JsonlLine;
import ftkit.io.JsonlReader;
import ftkit.model.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The datasets script's subcommands on a real SQLite store: what they print, where, and their exit codes. */
class DatasetsCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String stdout, String stderr) {
    }

    Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = DatasetsCommand.commandLine().execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    Path db() {
        return dir.resolve("memory/dataset_builder.db");
    }

    List<Sample> saveTwo() {
        List<Sample> corpus = StoreFixtures.corpus("faq", 12);
        try (DatasetStore store = DatasetStore.open(db())) {
            var config = Json.MAPPER.createObjectNode();
            config.putObject("export").putArray("targets").add("openai/gpt-4o-mini-2024-07-18").add("vertex/gemini-2.5-flash");
            config.putObject("config").put("model", "gpt-4o-mini").put("api_key", "sk-never");
            store.save(DatasetInfo.named("Support FAQ").withProvider("openai", "gpt-4o-mini").withMode("identify").withConfig(config),
                    corpus.iterator(), s -> 7);
            store.save(DatasetInfo.named("other"), StoreFixtures.corpus("o", 3));
        }
        return corpus;
    }

    @Test
    void listPrintsAnAlignedTableOrJsonlOnStdout() throws Exception {
        saveTwo();
        Run r = run("list", "--db", db().toString());
        assertEquals(0, r.exit(), r.stderr());
        String[] lines = r.stdout().split("\n");
        assertEquals(3, lines.length, r.stdout());
        assertTrue(lines[0].startsWith("ID  "), lines[0]);
        assertTrue(lines[0].contains("TARGETS") && lines[0].contains("VALIDATION"), lines[0]);
        // corpus(12) splits: train,train,train,validation repeating -> 9 train, 3 validation
        assertTrue(lines[2].matches("support-faq\\s+Support FAQ\\s+\\S+.*openai/gpt-4o-mini-2024-07-18,vertex/gemini-2.5-flash\\s+identify\\s+12\\s+9\\s+3\\s+0\\s+0"), lines[2]);
        assertEquals(lines[0].indexOf("NAME"), lines[2].indexOf("Support FAQ"), "columns are aligned");

        Run j = run("list", "--db", db().toString(), "--json");
        assertEquals(0, j.exit());
        List<JsonNode> rows = new ArrayList<>();
        for (String l : j.stdout().split("\n")) rows.add(Json.MAPPER.readTree(l));
        assertEquals(List.of("other", "support-faq"), rows.stream().map(n -> n.get("id").asText()).toList());
        assertEquals(9, rows.get(1).at("/splits/train").asInt());
        assertEquals(84, rows.get(1).get("total_tokens").asInt());
    }

    @Test
    void showPrintsDetailsAndTheRedactedConfigByIdOrName() throws Exception {
        saveTwo();
        Run r = run("show", "Support FAQ", "--db", db().toString());
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("id:          support-faq"), r.stdout());
        assertTrue(r.stdout().contains("samples:     12 (train 9, validation 3, test 0)"), r.stdout());
        assertTrue(r.stdout().contains("\"api_key\" : \"<redacted>\""), r.stdout());
        assertFalse(r.stdout().contains("sk-never"));
        JsonNode j = Json.MAPPER.readTree(run("show", "support-faq", "--json", "--db", db().toString()).stdout());
        assertEquals("gpt-4o-mini", j.at("/config/config/model").asText());
        assertEquals(12, j.get("total_samples").asInt());
    }

    @Test
    void samplesStreamsCanonicalJsonlWithTheirSplitsAndFilters() throws Exception {
        List<Sample> corpus = saveTwo();
        Run r = run("samples", "support-faq", "--db", db().toString());
        assertEquals(0, r.exit(), r.stderr());
        Path file = dir.resolve("out.jsonl");
        Files.writeString(file, r.stdout());
        List<Sample> back = new ArrayList<>();
        try (JsonlReader in = JsonlReader.open(file.toString())) {
            for (JsonlLine l : in) back.add(Json.MAPPER.treeToValue(l.node(), Sample.class));
        }
        assertEquals(corpus, back);
        assertTrue(r.stderr().contains("12 samples of 'support-faq'"), r.stderr());

        Run v = run("samples", "support-faq", "--split", "validation", "--db", db().toString());
        assertEquals(3, v.stdout().split("\n").length);
        for (String l : v.stdout().split("\n")) assertEquals("validation", Json.MAPPER.readTree(l).at("/metadata/split").asText());
        Run bad = run("samples", "support-faq", "--split", "dev", "--db", db().toString());
        assertEquals(2, bad.exit());
        assertEquals("", bad.stdout());
    }

    @Test
    void anUnreadableStoredRowIsReportedAndTheOthersStillPrintedWithExitThree() throws Exception {
        saveTwo();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE samples SET sample_json = '{broken' WHERE id = 'support-faq/4'");
        }
        Run r = run("samples", "support-faq", "--db", db().toString());
        assertEquals(3, r.exit(), r.stderr());
        assertEquals(11, r.stdout().split("\n").length);
        assertTrue(r.stderr().contains("support-faq/4"), r.stderr());
    }

    @Test
    void unknownDatasetOrMissingDatabaseIsAUsageError() {
        saveTwo();
        Run r = run("show", "nope", "--db", db().toString());
        assertEquals(2, r.exit());
        assertTrue(r.stderr().contains("no dataset 'nope'") && r.stderr().contains("support-faq"), r.stderr());
        Run m = run("list", "--db", dir.resolve("missing.db").toString());
        assertEquals(2, m.exit());
        assertTrue(m.stderr().contains("no such database file"), m.stderr());
        assertFalse(Files.exists(dir.resolve("missing.db")), "reading never creates a database");
        assertEquals(2, run().exit(), "no subcommand");
    }

    @Test
    void deleteBacksUpFirstAndRestoreBringsItBack() throws Exception {
        saveTwo();
        Run d = run("delete", "support-faq", "--db", db().toString());
        assertEquals(0, d.exit(), d.stderr());
        assertTrue(d.stderr().contains("backup: "), d.stderr());
        assertEquals("other", run("list", "--db", db().toString()).stdout().split("\n")[1].split("\\s+")[0]);

        Run b = run("backups", "--db", db().toString());
        assertEquals(0, b.exit());
        String[] backups = b.stdout().split("\n");
        assertEquals(1, backups.length, b.stdout());
        assertTrue(backups[0].endsWith("-delete-support-faq.db"), backups[0]);

        Run restore = run("restore", backups[0], "--db", db().toString());
        assertEquals(0, restore.exit(), restore.stderr());
        assertTrue(restore.stderr().contains("2 datasets"), restore.stderr());
        try (DatasetStore store = DatasetStore.open(db())) {
            assertEquals(12, store.dataset("support-faq").orElseThrow().totalSamples());
        }
        // The state before the restore was kept too.
        assertEquals(2, run("backups", "--db", db().toString()).stdout().split("\n").length);
        Run notSqlite = run("restore", db().resolveSibling("x.txt").toString(), "--db", db().toString());
        assertEquals(2, notSqlite.exit());
    }
}
