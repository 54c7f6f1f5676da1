package ftkit.export;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.cli.ScriptRunner;
import ftkit.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * The store through the scripts, as a user would run them with ./jbang: export saves, `datasets` lists and prints,
 * the printed samples pipe into validate, `export --dataset` exports the stored dataset to another target.
 */
class StoreCliIT {
    @TempDir
    Path dir;

    static final Path ROOT = ScriptRunner.projectRoot();
    static final Path EXAMPLES = ROOT.resolve("examples/datasets");
    static final String OPENAI = "openai/gpt-4o-mini-2024-07-18";
    static final String VERTEX = "vertex/gemini-2.5-flash";

    static List<String> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void exportSavesDatasetsListsAndPrintsItAndExportDatasetReExportsItForAnotherTarget() throws Exception {
        ScriptRunner.Result saved = ScriptRunner.run(dir, Map.of(), null, "export", "--target", OPENAI, "-o", "out",
                "--output-name", "support", "--train", EXAMPLES.resolve("support-train.jsonl").toString(),
                "--validation", EXAMPLES.resolve("support-validation.jsonl").toString());
        assertEquals(0, saved.exitCode(), saved.toString());
        assertTrue(saved.stderr().contains("stored as dataset 'support' (48 samples)"), saved.stderr());
        assertTrue(Files.isRegularFile(dir.resolve("memory/dataset_builder.db")), "the default store");

        // --no-store: exported, not saved.
        ScriptRunner.Result notSaved = ScriptRunner.run(dir, Map.of(), null, "export", "--target", OPENAI, "-o", "out",
                "--output-name", "scratch", "--no-store", EXAMPLES.resolve("support-train.jsonl").toString());
        assertEquals(0, notSaved.exitCode(), notSaved.toString());

        ScriptRunner.Result list = ScriptRunner.run(dir, Map.of(), null, "datasets", "list");
        assertEquals(0, list.exitCode(), list.toString());
        String[] rows = list.stdout().split("\n");
        assertEquals(2, rows.length, list.stdout());
        assertTrue(rows[1].matches("support\\s+support\\s+\\S+ \\S+\\s+" + OPENAI + "\\s+\\S+\\s+48\\s+42\\s+6\\s+0\\s+0"), rows[1]);

        // The validation samples, printed as JSONL with their split.
        ScriptRunner.Result samples = ScriptRunner.run(dir, Map.of(), null, "datasets", "samples", "support", "--split", "validation");
        assertEquals(0, samples.exitCode(), samples.toString());
        Path printed = dir.resolve("validation.jsonl");
        Files.writeString(printed, samples.stdout());
        assertEquals(6, lines(printed).size());
        for (String l : lines(printed)) assertEquals("validation", Json.MAPPER.readTree(l).at("/metadata/split").asText());
        // The training samples go straight into validate (6 validation samples alone are below OpenAI's minimum of 10).
        ScriptRunner.Result train = ScriptRunner.run(dir, Map.of(), null, "datasets", "samples", "support", "--split", "train");
        assertEquals(0, train.exitCode(), train.toString());
        Path trainFile = dir.resolve("train.jsonl");
        Files.writeString(trainFile, train.stdout());
        ScriptRunner.Result validate = ScriptRunner.run(dir, Map.of(), trainFile, "validate", "--target", OPENAI, "--no-rejects",
                "--report", "-", "-");
        assertEquals(0, validate.exitCode(), validate.toString());
        assertEquals(42, Json.MAPPER.readTree(validate.stdout()).at("/files/0/records").asInt(-1), validate.stdout());

        // Re-export from the store for Vertex: train and validation as stored, named after the dataset, not saved over itself.
        ScriptRunner.Result again = ScriptRunner.run(dir, Map.of(), null, "export", "--dataset", "support", "--target", VERTEX,
                "-o", "out2", "--report", "-");
        assertEquals(0, again.exitCode(), again.toString());
        Path vertex = dir.resolve("out2/vertex-gemini-2.5-flash");
        assertEquals(42, lines(vertex.resolve("support_train.jsonl")).size());
        assertEquals(6, lines(vertex.resolve("support_validation.jsonl")).size());
        JsonNode first = Json.MAPPER.readTree(lines(vertex.resolve("support_train.jsonl")).get(0));
        assertTrue(first.has("contents"), "Vertex's own format: " + first);
        JsonNode report = Json.MAPPER.readTree(again.stdout());
        assertTrue(report.at("/stored/note").asText().contains("is this export's input"), report.toString());
        // Same samples as exporting the files directly to Vertex.
        ScriptRunner.Result direct = ScriptRunner.run(dir, Map.of(), null, "export", "--target", VERTEX, "-o", "out3",
                "--output-name", "support", "--no-store", "--train", EXAMPLES.resolve("support-train.jsonl").toString(),
                "--validation", EXAMPLES.resolve("support-validation.jsonl").toString());
        assertEquals(0, direct.exitCode(), direct.toString());
        for (String f : List.of("support_train.jsonl", "support_validation.jsonl", "support_metadata.csv")) {
            assertEquals(Files.readString(dir.resolve("out3/vertex-gemini-2.5-flash").resolve(f)), Files.readString(vertex.resolve(f)), f);
        }

        // Saving the same name again: a backup first, listed by `datasets backups`.
        ScriptRunner.Result replace = ScriptRunner.run(dir, Map.of(), null, "export", "--target", OPENAI, "-o", "out",
                "--output-name", "support", EXAMPLES.resolve("support-train.jsonl").toString());
        assertEquals(0, replace.exitCode(), replace.toString());
        assertTrue(replace.stderr().contains("stored as dataset 'support' (42 samples)"), replace.stderr());
        assertTrue(replace.stderr().contains("replacing the earlier one (backup: "), replace.stderr());
        ScriptRunner.Result backups = ScriptRunner.run(dir, Map.of(), null, "datasets", "backups");
        assertEquals(0, backups.exitCode(), backups.toString());
        assertEquals(1, backups.stdout().split("\n").length, backups.stdout());
        assertTrue(backups.stdout().strip().endsWith("-replace-support.db"), backups.stdout());
    }

    @Test
    void theSameScriptsRunOnPostgresqlGivenAJdbcUrl() throws Exception {
        String url = System.getenv("FTKIT_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("FTKIT_REQUIRE_PG"))) fail("FTKIT_TEST_PG_URL is not set and FTKIT_REQUIRE_PG=1");
            org.junit.jupiter.api.Assumptions.abort("FTKIT_TEST_PG_URL is not set: PostgreSQL script test skipped");
        }
        Properties credentials = new Properties();
        String user = System.getenv().getOrDefault("FTKIT_TEST_PG_USER", "");
        String password = System.getenv().getOrDefault("FTKIT_TEST_PG_PASSWORD", "");
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        String schema = "cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(url, credentials); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        try {
            String db = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            // Credentials as a user gives them: the environment, never the command line.
            Map<String, String> env = Map.of("FTKIT_DATABASE_USER", user, "FTKIT_DATABASE_PASSWORD", password);
            ScriptRunner.Result saved = ScriptRunner.run(dir, env, null, "export", "--db", db, "--target", OPENAI, "-o", "out",
                    "--output-name", "pg_support", EXAMPLES.resolve("support-train.jsonl").toString());
            assertEquals(0, saved.exitCode(), saved.toString());
            assertFalse(saved.stderr().contains(password), "password never printed");
            ScriptRunner.Result list = ScriptRunner.run(dir, env, null, "datasets", "list", "--json", "--db", db);
            assertEquals(0, list.exitCode(), list.toString());
            JsonNode row = Json.MAPPER.readTree(list.stdout().strip());
            assertEquals("pg_support", row.get("id").asText());
            assertEquals(42, row.at("/splits/train").asInt());
            ScriptRunner.Result again = ScriptRunner.run(dir, env, null, "export", "--db", db, "--dataset", "pg_support",
                    "--target", VERTEX, "-o", "out2", "--output-name", "pg_vertex");
            assertEquals(0, again.exitCode(), again.toString());
            assertEquals(42, lines(dir.resolve("out2/vertex-gemini-2.5-flash/pg_vertex_train.jsonl")).size());
            assertTrue(again.stderr().contains("stored as dataset 'pg_vertex' (42 samples)"), again.stderr());
            assertFalse(Files.exists(dir.resolve("memory")), "nothing went to the default SQLite store");
        } finally {
            try (Connection c = DriverManager.getConnection(url, credentials); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
