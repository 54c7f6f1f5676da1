package ftkit.quality;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.model.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityTablesTest {

    @Test
    void rowsForTheNotebook() throws Exception {
        String answer = "Unplug the router, wait thirty seconds, plug it back in and wait for the green light before you try again.";
        List<Sample> samples = new ArrayList<>(List.of(
                HeuristicChecksTest.qa("How do I reset the router at home?", answer),
                HeuristicChecksTest.qa("How do I reset the router at home?", answer.replace("thirty", "sixty")),
                HeuristicChecksTest.qa("Can you help me with {TOPIC}?", "I'm sorry, but I can't help with that."),
                HeuristicChecksTest.qa("How do I reset the router at home?", answer)));
        samples.get(0).metadata().put("category", "hardware");
        Curator c = QualityTables.analyse(samples, CurateOptions.defaults(), null);

        List<Map<String, Object>> near = QualityTables.clusters(c, samples, "near", 10);
        assertEquals(2, near.size());
        assertEquals("kept", near.get(0).get("role"));
        assertEquals(1L, near.get(0).get("line"));
        assertEquals(2L, near.get(1).get("line"));
        assertEquals(List.of(4L), QualityTables.clusters(c, samples, "exact", 10).stream()
                .filter(r -> r.get("role").equals("duplicate")).map(r -> r.get("line")).toList());

        Map<String, Object> leakage = QualityTables.checks(c).stream().filter(r -> r.get("check").equals("template_leakage")).findFirst().orElseThrow();
        assertEquals(1L, leakage.get("flagged"));
        assertEquals(0L, leakage.get("removed"), "leakage is not in the default drop list");
        assertEquals(List.of("exact_duplicate", "near_duplicate", "refusal", "template_leakage"),
                QualityTables.checks(c).stream().map(r -> r.get("check")).toList());
        assertEquals(Map.of("opening", "how do i", "count", 3L, "share", 0.75), QualityTables.openings(c, "questions").get(0));
        assertEquals("questions", QualityTables.diversity(c).get(0).get("side"));
        assertEquals(List.of("hardware"), QualityTables.balance(c).stream().map(r -> r.get("value")).toList());
        assertEquals(List.of(3L, 3L), QualityTables.flagged(c).stream().map(r -> r.get("line")).toList());
        assertEquals(4, QualityTables.responseWords(samples).size());
    }

    @Test
    void aJsonReportGivesTheSameRowsAsTheRunItDescribes() throws Exception {
        String answer = "Unplug the router, wait thirty seconds, plug it back in and wait for the green light before you try again.";
        List<Sample> samples = new ArrayList<>(List.of(
                HeuristicChecksTest.qa("How do I reset the router at home?", answer),
                HeuristicChecksTest.qa("How do I reset the router at home?", answer.replace("thirty", "sixty")),
                HeuristicChecksTest.qa("Can you help me with {TOPIC}?", "I'm sorry, but I can't help with that."),
                HeuristicChecksTest.qa("How do I reset the router at home?", answer),
                HeuristicChecksTest.qa("Is it free?", "Yes.")));
        samples.get(0).metadata().put("category", "hardware");
        samples.get(2).metadata().put("category", "billing");
        Curator c = QualityTables.analyse(samples, CurateOptions.defaults().withPlan(new PlanShares(
                Map.of("category", Map.of("hardware", 0.5, "billing", 0.5)))), null);
        // through text, as the database holds it
        JsonNode report = ftkit.io.Json.MAPPER.readTree(QualityReport.json(c, "in.jsonl", 3, 2).toString());

        assertEquals(QualityTables.checks(c), QualityTables.checks(report));
        assertEquals(QualityTables.diversity(c), QualityTables.diversity(report));
        assertEquals(QualityTables.balance(c), QualityTables.balance(report));
        assertEquals(QualityTables.openings(c, "answers"), QualityTables.openings(report, "answers"));
        assertEquals(QualityTables.flagged(c).stream().map(r -> List.of(r.get("line"), r.get("check"), r.get("detail"))).toList(),
                QualityTables.flagged(report).stream().map(r -> List.of(r.get("line"), r.get("check"), r.get("detail"))).toList());
        assertEquals(List.of("refusal", "template_leakage", "too_short"),
                QualityTables.flagged(report).stream().map(r -> (String) r.get("check")).toList(), "lines 3, 3 and 5");

        Map<Long, String> questions = Map.of(1L, "first", 4L, "fourth");
        List<Map<String, Object>> exact = QualityTables.clusters(report, "exact", 10, questions::get);
        assertEquals(List.of("kept", "duplicate"), exact.stream().map(r -> r.get("role")).toList());
        assertEquals(List.of(1L, 4L), exact.stream().map(r -> r.get("line")).toList());
        assertEquals(List.of("first", "fourth"), exact.stream().map(r -> r.get("question")).toList());
        assertEquals(List.of(1L, 2L), QualityTables.clusters(report, "near", 10, null).stream().map(r -> r.get("line")).toList());
        assertEquals(List.of(), QualityTables.clusters(report, "semantic", 10, null), "not searched without embeddings");
        assertEquals(new java.util.TreeSet<>(List.of(1L, 2L, 4L)), QualityTables.clusterLines(report));

        assertEquals(List.of("samples", "unreadable", "kept", "removed", "removed for", "exact duplicates", "near duplicates", "semantic duplicates"),
                QualityTables.summary(report).stream().map(r -> r.get("figure")).toList());
        Map<Object, Object> summary = new java.util.HashMap<>();
        QualityTables.summary(report).forEach(r -> summary.put(r.get("figure"), r.get("value")));
        assertEquals(5L, summary.get("samples"));
        assertEquals(3L, summary.get("kept"));
        assertEquals("exact_duplicate, near_duplicate", summary.get("removed for"));
        assertEquals("1 in 1 clusters", summary.get("exact duplicates"));
        assertEquals("not searched", summary.get("semantic duplicates"));
        assertTrue(QualityTables.spread(report).contains(Map.of("figure", "template placeholder {TOPIC}", "value", 1L)));
        assertEquals(List.of(), QualityTables.judge(report), "no judge ran");

        ((com.fasterxml.jackson.databind.node.ObjectNode) report).putObject("judge").put("judged", 3).put("mean_overall", 3.6666666);
        assertEquals(List.of(Map.of("figure", "judged", "value", 3L), Map.of("figure", "mean overall", "value", 3.667)),
                QualityTables.judge(report));
    }
}
