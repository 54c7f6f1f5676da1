package ftkit.quality;

import ftkit.model.Sample;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
