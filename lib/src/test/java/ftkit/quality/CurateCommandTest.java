package ftkit.quality;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CurateCommandTest {
    @TempDir
    Path dir;

    static String line(String q, String a, String category) {
        var node = Json.MAPPER.createObjectNode();
        var ms = node.putArray("messages");
        ms.addObject().put("role", "user").put("content", q);
        ms.addObject().put("role", "assistant").put("content", a);
        if (category != null) node.putObject("metadata").put("category", category).put("complexity", "simple");
        return node.toString();
    }

    private static final String LONG_ANSWER = "To reset your router, unplug it from the wall, wait thirty seconds, plug it "
            + "back in and wait until the status light turns green again. If the light stays orange, hold the reset button "
            + "on the back for ten seconds with a paper clip, then configure the network name and password again.";

    Path fixture() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(line("How do I reset my password?", "Click \"Forgot password\" on the login page and follow the link we email you.", "account")); // 1
        lines.add(line("how do I  reset my PASSWORD?", "Click \"Forgot password\" on the login page and follow the link we email you.", "account")); // 2 exact dup of 1
        lines.add(line("How do I reset my router?", LONG_ANSWER, "hardware")); // 3
        lines.add(line("How do I reset my router?", LONG_ANSWER.replace("thirty", "sixty"), "hardware")); // 4 near dup of 3
        lines.add(line("Write a phishing email for my bank's customers.", "I'm sorry, but I can't help with that request.", "security")); // 5 refusal
        lines.add(line("Show me a Python hello world.", "Here you go:\n```python\nprint('hello world')\n", "code")); // 6 unclosed fence
        lines.add(line("What does the {PRODUCT_NAME} warranty cover?", "The warranty covers manufacturing defects for two years from the date of purchase.", "billing")); // 7 leakage
        lines.add(line("Is shipping free?", "Yes.", "billing")); // 8 too short
        lines.add("{\"messages\": [ broken json"); // 9 unreadable
        lines.add(line("How long does it usually take for an order to be delivered to an address in Germany?", "Die Lieferung nach Deutschland dauert in der Regel drei bis fünf Werktage, je nach Region und Versandart.", "shipping")); // 10 language
        lines.add(line("Can I change my order after I placed it?", "Yes, as long as it has not shipped yet: open the order page and click Edit order.", "account")); // 11
        Path in = dir.resolve("data.jsonl");
        Files.write(in, lines, StandardCharsets.UTF_8);
        return in;
    }

    record Run(int exit, String stdout, String stderr) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        ftkit.cli.Log.to(errStream, false);
        try {
            int exit = CurateCommand.commandLine(new CurateCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                    errStream, new ByteArrayInputStream(new byte[0]))).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            ftkit.cli.Log.reset();
        }
    }

    static List<JsonNode> readJsonl(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) if (!l.isBlank()) out.add(Json.MAPPER.readTree(l));
        return out;
    }

    @Test
    void removesWhatTheDropListNamesAndReportsTheRest() throws Exception {
        Path in = fixture();
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                categories:
                  - {name: account, percentage: 50}
                  - {name: hardware, percentage: 30}
                  - {name: billing, percentage: 20}
                complexity: {simple: {share: 0.5}, complex: {share: "50%"}}
                """);
        Path kept = dir.resolve("kept.jsonl");
        Path removed = dir.resolve("removed.jsonl");
        Path report = dir.resolve("report.json");
        Path db = dir.resolve("ftkit.sqlite");
        Run r = run(in.toString(), "--out", kept.toString(), "--removed", removed.toString(), "--report", report.toString(),
                "--drop", "exact,near,refusal,truncated,leakage,short", "--plan", plan.toString(), "--db", db.toString());
        assertEquals(3, r.exit(), "an unreadable line makes it a partial result: " + r.stderr());
        assertEquals("", r.stdout(), "kept samples went to --out");

        Map<Long, List<String>> reasons = new HashMap<>();
        for (JsonNode n : readJsonl(removed)) {
            List<String> codes = new ArrayList<>();
            n.path("reasons").forEach(x -> codes.add(x.path("code").asText()));
            reasons.put(n.path("line").asLong(), codes);
        }
        assertEquals(Map.of(2L, List.of("exact_duplicate"), 4L, List.of("near_duplicate"), 5L, List.of("refusal"),
                6L, List.of("truncated"), 7L, List.of("template_leakage"), 8L, List.of("too_short"), 9L, List.of("unreadable")), reasons);

        List<JsonNode> keptSamples = readJsonl(kept);
        assertEquals(4, keptSamples.size());
        JsonNode german = keptSamples.stream().filter(n -> n.toString().contains("Germany")).findFirst().orElseThrow();
        assertEquals("language_mismatch", german.path("metadata").path("quality").path("flags").get(0).asText(),
                "flagged but kept: language is not in the drop list");

        JsonNode rep = Json.MAPPER.readTree(report.toFile());
        assertEquals(10, rep.path("counts").path("samples").asInt());
        assertEquals(1, rep.path("counts").path("unreadable").asInt());
        assertEquals(4, rep.path("counts").path("kept").asInt());
        assertEquals(7, rep.path("counts").path("removed").asInt());
        assertEquals(1, rep.path("near_duplicates").path("clusters").asInt());
        JsonNode cluster = rep.path("near_duplicates").path("listed").get(0);
        assertEquals(3, cluster.path("kept_line").asInt());
        assertEquals(4, cluster.path("members").get(0).path("line").asInt());
        assertEquals(1, rep.path("exact_duplicates").path("duplicates").asInt());
        assertTrue(rep.path("diversity").path("template_leakage").has("{PRODUCT_NAME}"));
        JsonNode openings = rep.path("diversity").path("questions").path("topOpenings");
        assertEquals("how do i", openings.get(0).path("words").asText());
        assertEquals(4, openings.get(0).path("count").asInt(), "how do I … opens 4 of 10 questions");
        assertEquals(0.4, openings.get(0).path("share").asDouble());
        JsonNode account = null;
        for (JsonNode row : rep.path("balance")) if (row.path("value").asText().equals("account")) account = row;
        assertEquals(0.5, account.path("planned").asDouble());
        assertEquals(3, account.path("count").asInt());
        assertTrue(r.stderr().contains("curate: 10 samples (1 unreadable): 4 kept, 7 removed"), r.stderr());

        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM samples WHERE dataset_id = 'data.jsonl-curated'");
            assertTrue(rs.next());
            assertEquals(4, rs.getInt(1));
        }
        JsonNode stored = QualityStore.latestReport(db, "data.jsonl-curated").orElseThrow();
        assertEquals(4, stored.path("counts").path("kept").asInt());
        assertEquals(rep, stored, "the stored report is the --report file's JSON");
        JsonNode flagged = stored.path("flagged");
        assertEquals(flagged.path("flags").asInt(), flagged.path("listed").size());
        assertTrue(flagged.toString().contains("\"line\":10,\"check\":\"language_mismatch\""), flagged.toString());
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Path in = fixture();
        Run bad = run(in.toString(), "--drop", "exact,bogus");
        assertEquals(2, bad.exit());
        assertTrue(bad.stderr().contains("unknown --drop value 'bogus'"), bad.stderr());
        assertEquals(2, run(in.toString(), "--drop", "semantic").exit(), "semantic removal needs --semantic");
        assertEquals(2, run(in.toString(), "--judge-min", "3").exit(), "--judge-min needs --judge");
        Run otherDb = run(in.toString(), "--out", dir.resolve("k.jsonl").toString(), "--db", "jdbc:mysql://localhost/x?password=s3cret");
        assertEquals(2, otherDb.exit(), "an unsupported database is a usage error: " + otherDb.stderr());
        assertTrue(otherDb.stderr().contains("jdbc:postgresql://") && !otherDb.stderr().contains("s3cret"), otherDb.stderr());
        assertFalse(Files.exists(dir.resolve("k.jsonl")), "nothing written on a usage error");
        Run missing = run(dir.resolve("nope.jsonl").toString());
        assertEquals(1, missing.exit());
        assertFalse(missing.stderr().isBlank());
    }
}
