package ftkit.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TablesTest {

    @Test
    void tokenSummaryHasOneRowPerGroupThenAll() {
        Map<String, List<Integer>> byGroup = new LinkedHashMap<>();
        byGroup.put("manual.pdf", IntStream.rangeClosed(1, 100).boxed().toList());
        byGroup.put("faq.md", List.of(10, 20, 300));
        byGroup.put("empty", List.of());

        Table t = Tables.tokenSummary("source", byGroup, 90);

        assertEquals(List.of("source", "n", "min", "mean", "median", "p95", "max", "over_limit"), t.columnNames());
        assertEquals(List.of("manual.pdf", "faq.md", Tables.ALL), t.stringColumn("source").asList());
        assertEquals(List.of(100, 3, 103), t.intColumn("n").asList());
        assertEquals(List.of(1, 10, 1), t.intColumn("min").asList());
        assertEquals(List.of(100, 300, 300), t.intColumn("max").asList());
        assertEquals(50.5, t.doubleColumn("mean").get(0));
        assertEquals(110.0, t.doubleColumn("mean").get(1));
        assertEquals(50.5, t.doubleColumn("median").get(0));
        assertEquals(20.0, t.doubleColumn("median").get(1));
        // commons-math's default estimate: position p(n+1) = 95.95 of 1..100, shown to one decimal
        assertEquals(95.95, t.doubleColumn("p95").get(0), 0.051);
        assertEquals(List.of(10, 1, 11), t.intColumn("over_limit").asList());
    }

    @Test
    void tokenSummaryWithoutALimitHasNoOverLimitColumn() {
        Table t = Tables.tokenSummary("split", Map.of("train", List.of(5, 7)), 0);

        assertFalse(t.columnNames().contains("over_limit"));
        assertEquals(2, t.rowCount());
    }

    @Test
    void percentileOfTokenCounts() {
        List<Integer> counts = IntStream.rangeClosed(1, 100).boxed().toList();

        assertEquals(90.9, Tables.percentile(counts, 90), 1e-9);
        assertEquals(100.0, Tables.percentile(counts, 100), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Tables.percentile(counts, 0));
        assertThrows(IllegalArgumentException.class, () -> Tables.percentile(List.of(), 50));
    }

    @Test
    void splitBalanceCountsEachGroupPerSplitWithTheValidationShare() {
        Map<String, Map<String, Integer>> bySplit = new LinkedHashMap<>();
        bySplit.put("train", new LinkedHashMap<>(Map.of("a", 8)));
        bySplit.get("train").put("b", 2);
        bySplit.put("validation", Map.of("a", 2, "c", 1));

        Table t = Tables.splitBalance("keyword", bySplit);

        assertEquals(List.of("keyword", "train", "validation", "total", "validation_share"), t.columnNames());
        assertEquals(List.of("a", "b", "c"), t.stringColumn("keyword").asList());
        assertEquals(List.of(8, 2, 0), t.intColumn("train").asList());
        assertEquals(List.of(2, 0, 1), t.intColumn("validation").asList());
        assertEquals(List.of(10, 2, 1), t.intColumn("total").asList());
        assertEquals(List.of(20.0, 0.0, 100.0), t.doubleColumn("validation_share").asList());
    }

    @Test
    void htmlHasAHeaderRowAndOneRowPerRecordWithEscapedText() {
        Table t = Table.create("sources & <counts>", StringColumn.create("source", "<script>x</script>", "Bob's \"faq\".md"),
                IntColumn.create("n", 3, 4));

        String html = Tables.toHtml(t);

        assertTrue(html.startsWith("<table"));
        assertTrue(html.contains("<caption>sources &amp; &lt;counts&gt;</caption>"));
        assertTrue(html.contains("<td>&lt;script&gt;x&lt;/script&gt;</td>"));
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("<td>Bob&#39;s &quot;faq&quot;.md</td>"));
        assertEquals(3, html.split("<tr>", -1).length - 1);
        assertTrue(html.contains("<td style=\"text-align:right\">4</td>"));
    }

    @Test
    void htmlShowsAtMost200RowsAndSaysHowManyAreLeftOut() {
        Table t = Table.create("big", IntColumn.create("n", IntStream.range(0, 250).toArray()));

        String html = Tables.toHtml(t);

        assertEquals(201, html.split("<tr>", -1).length - 1);
        assertTrue(html.contains("50 more rows not shown (250 in all)"));
    }

    @Test
    void fromRowsTypesEachColumnByItsValues() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("check", "too_short");
        first.put("flagged", 3L);
        first.put("share", 0.25);
        first.put("note", null);
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("check", "refusal");
        second.put("flagged", 1);
        second.put("share", 1L);
        second.put("extra", "x");
        Table t = Tables.fromRows("checks", List.of(first, second));
        assertEquals("checks", t.name());
        assertEquals(List.of("check", "flagged", "share", "note", "extra"), t.columnNames());
        assertTrue(t.column("flagged") instanceof tech.tablesaw.api.LongColumn);
        assertEquals(List.of(3L, 1L), t.longColumn("flagged").asList());
        assertTrue(t.column("share") instanceof tech.tablesaw.api.DoubleColumn, "a whole number among fractions stays a double");
        assertEquals(1.0, t.doubleColumn("share").get(1));
        assertTrue(t.column("extra").isMissing(0));
        assertEquals("x", t.stringColumn("extra").get(1));
        assertEquals(0, Tables.fromRows("none", List.of()).rowCount());

        Map<String, Object> mixed = new LinkedHashMap<>();
        mixed.put("value", "nothing");
        Table m = Tables.fromRows("mixed", List.of(Map.of("value", 7L), mixed));
        assertEquals(List.of("7", "nothing"), m.stringColumn("value").asList(), "numbers and text: a text column");
    }
}
