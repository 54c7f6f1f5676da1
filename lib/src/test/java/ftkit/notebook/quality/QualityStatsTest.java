package ftkit.notebook.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ftkit.notebook.Charts;
import ftkit.notebook.NotebookDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class QualityStatsTest {
    @TempDir
    Path dir;

    private static String chat(String system, String... turns) {
        StringBuilder sb = new StringBuilder("{");
        if (system != null) sb.append("\"system\":\"").append(system).append("\",");
        sb.append("\"messages\":[");
        for (int i = 0; i < turns.length; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"role\":\"").append(i % 2 == 0 ? "user" : "assistant").append("\",\"content\":\"").append(turns[i]).append("\"}");
        }
        return sb.append("]}").toString();
    }

    private static final String LONG_ANSWER = "Open the settings page, choose the network tab, and switch the lamp to the new router before you reset it to factory defaults";

    @Test
    void findsDuplicatesShortAnswersAndConversationShapesInOnePass() throws IOException {
        Path file = dir.resolve("q.jsonl");
        Files.writeString(file, String.join("\n",
                chat("Be kind.", "How do I connect the lamp to wifi?", LONG_ANSWER),                       // 1
                chat("Be kind.", "How do I connect the lamp to wifi?", LONG_ANSWER),                       // 2 exact copy
                chat("Be kind.", "How  do I CONNECT the lamp to wifi?", LONG_ANSWER),                      // 3 copy up to case and spaces
                chat(null, "How do I connect the lamp to wifi please?", LONG_ANSWER + " again"),           // 4 near copy
                chat(null, "Is it dimmable?", "Yes.", "How far?", "From ten to one hundred percent of the full brightness."), // 5
                chat(null, "Thanks", ""),                                                                  // 6 empty answer
                "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"},{\"role\":\"assistant\",\"content\":\"Two questions in a row, answered once here.\"}]}", // 7
                "not json",                                                                                // 8
                ""));
        QualityStats stats = new QualityStats(3, 0.7);
        NotebookDataset.jsonl(file.toString()).read(stats);

        assertEquals(7, stats.examples().size());
        assertEquals(1, stats.problems().size());
        assertTrue(stats.problems().get(0).contains(":8"), stats.problems().get(0));

        List<List<QualityStats.ExampleShape>> exact = stats.exactDuplicates();
        assertEquals(1, exact.size());
        assertEquals(List.of(1L, 2L, 3L), exact.get(0).stream().map(QualityStats.ExampleShape::position).toList());
        // the near-duplicate cluster holds the exact copies and the reworded line 4, not the unrelated ones
        assertEquals(1, stats.nearDuplicates().size());
        List<Long> nearLines = new ArrayList<>();
        stats.nearDuplicates().get(0).members().forEach(m -> nearLines.add(stats.examples().get(m.index()).position()));
        assertEquals(List.of(2L, 3L, 4L), nearLines.stream().sorted().toList());
        Table duplicates = stats.duplicatesTable();
        assertEquals(2 + 3, duplicates.rowCount());
        assertEquals(List.of("exact", "exact", "near", "near", "near"), duplicates.stringColumn("kind").asList());

        assertEquals(List.of(6L, 5L), stats.shortAnswers().stream().map(QualityStats.ExampleShape::position).toList());
        assertEquals(0, stats.shortAnswers().get(0).shortestAnswer());
        assertEquals(1, stats.shortAnswers().get(1).shortestAnswer());
        assertEquals(List.of(7L), stats.irregularConversations().stream().map(QualityStats.ExampleShape::position).toList());

        assertEquals(Map.of("S + U A", 3, "U A", 2, "(U A)×2", 1, "U U A", 1), stats.countByLabel(QualityStats.ExampleShape::roles));
        assertEquals("S + U A", stats.countByLabel(QualityStats.ExampleShape::roles).keySet().iterator().next());
        assertEquals(List.of("1 user turns", "2 user turns"), List.copyOf(stats.countBy(QualityStats.ExampleShape::userTurns, "user turns").keySet()));
        assertEquals(List.of(5, 2), List.copyOf(stats.countBy(QualityStats.ExampleShape::userTurns, "user turns").values()));

        Table overview = stats.overview();
        Map<String, String> figures = new java.util.HashMap<>();
        for (int i = 0; i < overview.rowCount(); i++) figures.put(overview.stringColumn(0).get(i), overview.stringColumn(1).get(i));
        assertEquals("7", figures.get("examples"));
        assertEquals("2", figures.get("exact duplicates (extra copies)"));
        assertEquals("3", figures.get("with a system prompt"));
        assertEquals("1", figures.get("distinct system prompts"));
        assertEquals("1", figures.get("empty answers"));
        assertEquals("2", figures.get("short answers (< 3 words)"));

        Table distinct = QualityStats.distinctTable(stats.diversity());
        assertEquals(List.of("questions", "answers"), distinct.stringColumn("side").asList());
        assertEquals(7, distinct.longColumn("texts").get(0)); // every example asks something
        assertTrue(distinct.doubleColumn("distinct_1").get(0) < 1.0, "the copies repeat words");
        Charts.toImage(Charts.bars("turns", "user turns", stats.countBy(QualityStats.ExampleShape::userTurns, "user turns")));
        double[] bars = Charts.bars("turns", "user turns", Map.of("1", 2)).getSeries("examples").getYData();
        assertEquals(1, bars.length);
        assertEquals(2.0, bars[0]);

        Table openings = QualityStats.openingsTable("question openings", stats.diversity().questions().topOpenings());
        assertEquals("how do i", openings.stringColumn("opening").get(0));
        assertEquals(4, openings.longColumn("count").get(0));
    }

    @Test
    void roleSequencesFoldRegularExchangesOnly() {
        assertEquals("U A", QualityStats.roleSequence(List.of("user", "assistant")));
        assertEquals("S + (U A)×3", QualityStats.roleSequence(List.of("system", "user", "assistant", "user", "assistant", "user", "assistant")));
        assertEquals("S U A T A", QualityStats.roleSequence(List.of("system", "user", "assistant", "tool", "assistant")));
        assertEquals("U A U", QualityStats.roleSequence(List.of("user", "assistant", "user")));
        assertEquals("(empty)", QualityStats.roleSequence(List.of()));
    }

    @Test
    void bucketsCoverEveryValueInEqualRanges() {
        Map<String, Integer> b = QualityStats.buckets(List.of(0, 5, 9, 10, 19, 39), 4);
        assertEquals(List.of("0–9", "10–19", "20–29", "30–39"), List.copyOf(b.keySet()));
        assertEquals(List.of(3, 2, 0, 1), List.copyOf(b.values()));
        assertEquals(6, b.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(Map.of("3", 2), QualityStats.buckets(List.of(3, 3), 5).entrySet().stream()
                .filter(e -> e.getValue() > 0).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertTrue(QualityStats.buckets(List.of(), 3).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> QualityStats.buckets(List.of(1), 0));
    }

    @Test
    void countTableSharesAddUpToAHundred() {
        Table t = QualityStats.countTable("turns", "turns", new java.util.LinkedHashMap<>(Map.of("1 turn", 3)));
        assertEquals(1, t.rowCount());
        assertEquals(100.0, t.doubleColumn("share_%").get(0));
    }
}
