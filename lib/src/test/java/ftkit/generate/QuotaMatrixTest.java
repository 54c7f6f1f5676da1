package ftkit.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotaMatrixTest {

    @TempDir
    Path dir;

    private GenerationPlan plan(String yaml) throws Exception {
        Path file = dir.resolve("plan.yaml");
        Files.writeString(file, yaml);
        return GenerationPlan.load(file);
    }

    private static Map<String, Integer> count(List<GenerationTask> tasks, Function<GenerationTask, String> key) {
        Map<String, Integer> out = new HashMap<>();
        for (GenerationTask t : tasks) out.merge(key.apply(t), 1, Integer::sum);
        return out;
    }

    @Test
    void largestRemainderAlwaysAddsUpToTheTotal() {
        assertArrayEquals(new int[] {4, 3, 3}, QuotaMatrix.largestRemainder(10, new double[] {1, 1, 1}));
        assertArrayEquals(new int[] {12, 11, 7}, QuotaMatrix.largestRemainder(30, new double[] {40, 35, 25}));
        assertArrayEquals(new int[] {0, 0}, QuotaMatrix.largestRemainder(0, new double[] {1, 1}));
    }

    @Test
    void theExamplePlanExpandsIntoTheFullMatrixWithExactShares() throws Exception {
        GenerationPlan plan = GenerationPlan.load(GenerateRun.EXAMPLE_PLAN);
        QuotaMatrix matrix = QuotaMatrix.expand(plan);
        List<GenerationTask> tasks = matrix.tasks();

        assertEquals(120, tasks.size());
        assertEquals(3 * 6 * 3 * 3 * 3, matrix.cells().size(), "category x scenario x expertise x phrasing x complexity");
        assertEquals(Map.of("orders", 48, "returns", 42, "account", 30), count(tasks, t -> t.cell().category()));
        assertEquals(Map.of("simple", 48, "medium", 48, "complex", 24), count(tasks, t -> t.cell().complexity()));
        Map<String, Integer> scenarios = count(tasks, t -> t.cell().scenario());
        int edge = scenarios.get("edge_cases") + scenarios.get("error_handling") + scenarios.get("ambiguous");
        // Each category's split is exact, so the whole can differ by one per category from 0.25 x 120.
        assertTrue(Math.abs(edge - 30) <= 3, "edge_case_share 0.25 of 120: " + scenarios);
        List<GenerationTask> orders = tasks.stream().filter(t -> t.cell().category().equals("orders")).toList();
        Map<String, Integer> orderScenarios = count(orders, t -> t.cell().scenario());
        assertEquals(Map.of("common", 12, "multi_step", 12, "follow_ups", 12, "edge_cases", 4, "error_handling", 4,
                "ambiguous", 4), orderScenarios, "48 orders: 75% over 3 ordinary scenarios, 25% over 3 edge ones");
        for (String level : List.of("beginner", "intermediate", "expert")) {
            assertEquals(40, count(tasks, t -> t.cell().expertise()).get(level));
        }
        Set<String> keys = new HashSet<>();
        for (GenerationTask t : tasks) {
            assertTrue(keys.add(t.key()), "task keys are unique");
            if (t.cell().multiTurn()) assertTrue(t.turns() >= 2 && t.turns() <= 4 && t.pattern() != null);
            else assertEquals(1, t.turns());
        }
        // Stable: expanding again gives the same keys in the same order.
        assertEquals(tasks.stream().map(GenerationTask::key).toList(),
                QuotaMatrix.expand(GenerationPlan.load(GenerateRun.EXAMPLE_PLAN)).tasks().stream().map(GenerationTask::key).toList());
    }

    @Test
    void aSmallRunStillCoversEveryDimension() throws Exception {
        QuotaMatrix matrix = QuotaMatrix.expand(GenerationPlan.simple("tides", 12, null));
        List<GenerationTask> tasks = matrix.tasks();

        assertEquals(12, tasks.size());
        assertEquals(Map.of("common", 6, "edge_cases", 6), count(tasks, t -> t.cell().scenario()));
        assertEquals(Map.of("beginner", 4, "intermediate", 4, "expert", 4), count(tasks, t -> t.cell().expertise()));
        assertEquals(Map.of("question", 4, "command", 4, "statement", 4), count(tasks, t -> t.cell().phrasing()));
        assertEquals(Map.of("simple", 4, "medium", 4, "complex", 4), count(tasks, t -> t.cell().complexity()));
    }

    @Test
    void countsMustAddUpToTheTotal() {
        var e = assertThrows(GenerationPlan.PlanException.class, () -> plan(
                "total_examples: 10\ncategories:\n  - {name: a, count: 4}\n  - {name: b, count: 5}\n"));
        assertTrue(e.getMessage().endsWith("plan.yaml: categories counts add up to 9 but total_examples is 10"), e.getMessage());
    }

    @Test
    void typosAreErrorsNamingTheField() {
        var unknownKey = assertThrows(GenerationPlan.PlanException.class, () -> plan(
                "total_examples: 10\ncategories: [{name: a, percentage: 100}]\nexpertise_levels: [beginner]\n"));
        assertTrue(unknownKey.getMessage().contains("expertise_levels is not a plan key"), unknownKey.getMessage());
        var unknownValue = assertThrows(GenerationPlan.PlanException.class, () -> plan(
                "total_examples: 10\ncategories: [{name: a, percentage: 100}]\nexpertise: [beginer]\n"));
        assertTrue(unknownValue.getMessage().contains("expertise has unknown value 'beginer'"), unknownValue.getMessage());
        var badShares = assertThrows(GenerationPlan.PlanException.class, () -> plan(
                "total_examples: 10\ncategories: [{name: a, percentage: 100}]\ncomplexity: {simple: {share: 0.5}, complex: {share: 0.3}}\n"));
        assertTrue(badShares.getMessage().contains("complexity shares add up to 0.8"), badShares.getMessage());
        var both = assertThrows(GenerationPlan.PlanException.class, () -> plan(
                "total_examples: 10\ncategories: [{name: a, percentage: 100, count: 10}]\n"));
        assertTrue(both.getMessage().contains("categories[0] give exactly one of count and percentage"), both.getMessage());
        var yaml = assertThrows(GenerationPlan.PlanException.class, () -> plan("total_examples: [\n"));
        assertTrue(yaml.getMessage().contains("not valid YAML"), yaml.getMessage());
    }

    @Test
    void weightedDimensionsAndPercentSharesAreRead() throws Exception {
        GenerationPlan plan = plan("""
                total_examples: 100
                categories: [{name: a, percentage: 100}]
                expertise: {beginner: 0.5, intermediate: 0.3, expert: 0.2}
                complexity: {simple: "50%", medium: "50%"}
                scenarios: {coverage: [common, edge_cases, error_handling], edge_case_share: 0.3}
                """);
        List<GenerationTask> tasks = QuotaMatrix.expand(plan).tasks();

        assertEquals(Map.of("beginner", 50, "intermediate", 30, "expert", 20), count(tasks, t -> t.cell().expertise()));
        assertEquals(Map.of("simple", 50, "medium", 50), count(tasks, t -> t.cell().complexity()));
        assertEquals(Map.of("common", 70, "edge_cases", 15, "error_handling", 15), count(tasks, t -> t.cell().scenario()));
    }
}
