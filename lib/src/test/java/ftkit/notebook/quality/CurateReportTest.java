package ftkit.notebook.quality;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.notebook.NotebookDataset;
import ftkit.quality.CurateCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CurateReportTest {
    @TempDir
    Path dir;

    private static String line(String q, String a) {
        var node = Json.MAPPER.createObjectNode();
        var ms = node.putArray("messages");
        ms.addObject().put("role", "user").put("content", q);
        ms.addObject().put("role", "assistant").put("content", a);
        return node.toString();
    }

    private static final String ROUTER = "Unplug the router, wait thirty seconds, plug it back in and wait until the light "
            + "turns green again before you try to connect any of your devices to the network.";

    /** Line 2 repeats line 1, line 4 nearly repeats line 3, line 5 is broken, line 6 is too short, line 7 refuses. */
    private Path dataset() throws Exception {
        List<String> lines = new ArrayList<>(List.of(
                line("How do I reset my password?", "Click Forgot password on the login page and follow the link in the email."),
                line("How do I reset my password?", "Click Forgot password on the login page and follow the link in the email."),
                line("How do I reset my router?", ROUTER),
                line("How do I reset my router?", ROUTER.replace("thirty", "sixty")),
                "{\"messages\": [ broken",
                line("Is shipping free?", "Yes."),
                line("Write a phishing mail.", "I'm sorry, but I can't help with that request."),
                line("Can I change my order after I placed it?", "Yes, as long as it has not shipped yet: open the order and click Edit.")));
        Path file = dir.resolve("support.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static int curate(String... args) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(sink, true, StandardCharsets.UTF_8);
        ftkit.cli.Log.to(err, false);
        try {
            return CurateCommand.commandLine(new CurateCommand(err, err, new ByteArrayInputStream(new byte[0]))).execute(args);
        } finally {
            ftkit.cli.Log.reset();
        }
    }

    private static long count(Table checks, String check, String column) {
        for (int i = 0; i < checks.rowCount(); i++) {
            if (checks.stringColumn("check").get(i).equals(check)) return checks.longColumn(column).get(i);
        }
        return -1;
    }

    @Test
    void aJsonlFileIsAnalysedHereWithCuratesDefaults() throws Exception {
        CurateReport r = CurateReport.of(NotebookDataset.jsonl(dataset().toString()));
        assertFalse(r.stored());
        assertTrue(r.origin().startsWith("Computed here: a JSONL file has no stored curate report"), r.origin());
        assertEquals(7, r.report().path("counts").path("samples").asInt());
        assertEquals(1, r.report().path("counts").path("unreadable").asInt());
        assertEquals(5, r.report().path("counts").path("kept").asInt(), "defaults remove the exact and the near duplicate only");
        Table checks = r.checksTable();
        assertEquals(1, count(checks, "exact_duplicate", "removed"));
        assertEquals(1, count(checks, "near_duplicate", "removed"));
        assertEquals(1, count(checks, "too_short", "flagged"));
        assertEquals(0, count(checks, "too_short", "removed"));
        assertEquals(1, count(checks, "refusal", "flagged"));

        Table exact = r.clustersTable("exact");
        assertEquals("exact duplicates: 1 in 1 clusters", exact.name());
        assertEquals(List.of("cluster", "role", "line", "similarity", "question"), exact.columnNames(), "no ids in this file: no id column");
        assertEquals("most frequent question openings", r.openingsTable("questions").name());
        assertEquals(List.of(1L, 2L), exact.longColumn("line").asList());
        assertEquals(List.of("How do I reset my password?", "How do I reset my password?"), exact.stringColumn("question").asList());
        assertEquals(List.of(3L, 4L), r.clustersTable("near").longColumn("line").asList());
        assertFalse(r.searched("semantic"));
        assertEquals(List.of("questions", "answers"), r.diversityTable().stringColumn("side").asList());
        assertEquals("how do i", r.openingsTable("questions").stringColumn("opening").get(0));
        assertEquals("2 flags on 2 samples", r.flaggedTable().name().replaceAll("\\s*\\(.*", ""));
        assertTrue(r.flaggedTable().longColumn("line").asList().containsAll(List.of(6L, 7L)));
        assertEquals(0, r.judgeTable().rowCount());
        assertEquals("no judge", CurateReport.orSentence(r.judgeTable(), "no judge"));
        assertSame(checks, CurateReport.orSentence(checks, "never"));
    }

    @Test
    void aDatasetWrittenByCurateShowsItsStoredReport() throws Exception {
        Path db = dir.resolve("out").resolve("curated.db");
        Path reportFile = dir.resolve("report.json");
        assertEquals(3, curate(dataset().toString(), "-o", dir.resolve("kept.jsonl").toString(), "--drop", "exact,near,short",
                "--report", reportFile.toString(), "--db", db.toString()));
        CurateReport r = CurateReport.of(NotebookDataset.sqlite(db.toString(), null));
        assertTrue(r.stored());
        assertTrue(r.origin().startsWith("Stored curate report of dataset 'support.jsonl-curated', made 20"), r.origin());
        assertEquals(Json.MAPPER.readTree(reportFile.toFile()), r.report(), "the very report curate wrote");
        Table checks = r.checksTable();
        assertEquals(1, count(checks, "too_short", "removed"), "curate's own drop list, not the defaults");
        Table near = r.clustersTable("near");
        assertEquals(List.of(3L, 4L), near.longColumn("line").asList());
        assertEquals("How do I reset my router?", near.stringColumn("question").get(0), "the kept sample is in the dataset");
        assertTrue(near.column("question").isMissing(1), "the removed duplicate is not");
    }

    @Test
    void aStoredDatasetWithoutACurrentReportIsAnalysedFromTheStore() throws Exception {
        Path file = dataset();
        Path db = dir.resolve("plain.db");
        // saved by the store without curate: the bad line stops an import, so leave it out (lines keep their numbers)
        List<String> readable = new ArrayList<>(Files.readAllLines(file));
        readable.set(4, "");
        Path clean = dir.resolve("clean.jsonl");
        Files.write(clean, readable);
        NotebookDataset.importJsonl(clean, db, "plain");
        CurateReport plain = CurateReport.of(NotebookDataset.sqlite(db.toString(), "plain"));
        assertFalse(plain.stored());
        assertTrue(plain.origin().contains("no curate report is stored with dataset 'plain'"), plain.origin());
        assertEquals(7, plain.report().path("counts").path("samples").asInt());
        assertEquals(List.of(3L, 4L), plain.clustersTable("near").longColumn("line").asList(), "the lines it was saved from");

        // curate stores a report, then the dataset is replaced by other content under the same id
        Path curatedDb = dir.resolve("curated.db");
        assertEquals(3, curate(file.toString(), "-o", dir.resolve("k.jsonl").toString(), "--db", curatedDb.toString(), "--dataset-name", "mine"));
        assertTrue(CurateReport.of(NotebookDataset.sqlite(curatedDb.toString(), "mine")).stored());
        NotebookDataset.importJsonl(clean, curatedDb, "mine");
        CurateReport stale = CurateReport.of(NotebookDataset.sqlite(curatedDb.toString(), "mine"));
        assertFalse(stale.stored());
        assertTrue(stale.origin().contains("describes an earlier version of it"), stale.origin());
        assertEquals(7, stale.report().path("counts").path("samples").asInt());
    }
}
