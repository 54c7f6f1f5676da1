package ftkit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ftkit.split.Ratio;
import ftkit.split.SplitOptions;
import ftkit.split.SplitReport;
import ftkit.split.Splitter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class SplitViewsTest {
    private static final String[] WORDS = {"lamp", "bulb", "shade", "cable", "switch", "dimmer", "socket", "base",
            "arm", "hinge", "warranty", "battery", "charger", "colour", "brightness", "timer", "sensor", "mount"};

    @TempDir
    Path dir;

    @Test
    void aWeightedSplitGivesEachSourceTheRatioAndZeroDeviation() throws Exception {
        Path input = dir.resolve("samples.jsonl");
        // 10 samples from each of two sources, the keyword says which half of the alphabet the question is on
        String lines = IntStream.range(0, 20).mapToObj(i -> record(i, i < 10 ? "faq.md" : "manual.pdf", i % 2 == 0 ? "setup" : "care"))
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(input, lines);

        SplitReport report = Splitter.split(input, SplitOptions.of(Ratio.parse("80/20")).weighted(SplitOptions.WeightBy.SOURCE),
                Splitter.Outputs.inDirectory(dir, "out", false));

        Map<String, Map<String, Integer>> bySource = SplitViews.countsBySide(report.bySource());
        assertEquals(List.of("train", "validation"), List.copyOf(bySource.keySet()), "no test side without test examples");
        assertEquals(Map.of("faq.md", 8, "manual.pdf", 8), bySource.get("train"));
        assertEquals(Map.of("faq.md", 2, "manual.pdf", 2), bySource.get("validation"));

        Map<String, Map<String, Integer>> byKeyword = SplitViews.countsBySide(report.byKeyword());
        assertEquals(20, byKeyword.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum());
        assertFalse(byKeyword.get("train").containsKey(ExampleTokens.NONE), "every sample has a keyword");

        Table balance = SplitViews.balance(report);
        assertEquals(List.of("source", "keyword"), balance.stringColumn("dimension").asList());
        assertEquals(0.0, balance.doubleColumn("max_share_deviation_pp").get(0));
        assertEquals(0.0, balance.doubleColumn("total_variation_distance").get(0));
        assertTrue(balance.doubleColumn("total_variation_distance").get(1) >= 0);

        Table table = Tables.splitBalance("source", bySource);
        assertEquals(List.of(20.0, 20.0), table.doubleColumn("validation_share").asList());
    }

    @Test
    void samplesWithoutLabelsAreCountedUnderNone() throws Exception {
        Path input = dir.resolve("plain.jsonl");
        Files.writeString(input, IntStream.range(0, 10)
                .mapToObj(i -> "{\"messages\":[{\"role\":\"user\",\"content\":\"" + question(i) + "\"},{\"role\":\"assistant\",\"content\":\"" + answer(i) + "\"}]}")
                .collect(Collectors.joining("\n", "", "\n")));

        SplitReport report = Splitter.split(input, SplitOptions.of(Ratio.parse("80/20")), Splitter.Outputs.inDirectory(dir, "plain", false));

        Map<String, Map<String, Integer>> bySource = SplitViews.countsBySide(report.bySource());
        assertEquals(List.of(ExampleTokens.NONE), List.copyOf(bySource.get("train").keySet()));
        assertEquals(10, bySource.get("train").get(ExampleTokens.NONE) + bySource.get("validation").get(ExampleTokens.NONE));
    }

    @Test
    void largestGroupsKeepsTheBiggestTotalsInTheirOrder() {
        Map<String, Map<String, Integer>> bySide = new java.util.LinkedHashMap<>();
        bySide.put("train", new java.util.LinkedHashMap<>(Map.of("a", 1)));
        bySide.get("train").put("b", 5);
        bySide.get("train").put("c", 3);
        bySide.put("validation", Map.of("a", 1, "c", 3));

        Map<String, Map<String, Integer>> top = SplitViews.largestGroups(bySide, 2);

        assertEquals(List.of("b", "c"), List.copyOf(top.get("train").keySet()));
        assertEquals(Map.of("c", 3), top.get("validation"));
    }

    private static String record(int i, String source, String keyword) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + question(i) + "\"},{\"role\":\"assistant\",\"content\":\"" + answer(i)
                + "\"}],\"metadata\":{\"source_file\":\"" + source + "\",\"keywords\":[\"" + keyword + "\"]}}";
    }

    private static String question(int i) {
        return "How do I change the " + WORDS[i % WORDS.length] + " of model " + (100 + i * 7) + " without a "
                + WORDS[(i * 5 + 3) % WORDS.length] + "?";
    }

    private static String answer(int i) {
        return "Open the " + WORDS[(i * 3 + 1) % WORDS.length] + " cover, turn it " + (i + 2) + " times and check the "
                + WORDS[(i * 7 + 2) % WORDS.length] + " light number " + (i * 13 % 97) + ".";
    }
}
