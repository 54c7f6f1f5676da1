package ftkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ftkit.cli.ScriptRunner;
import ftkit.generate.GenerationPlan;
import ftkit.generate.QuotaMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files recipes/templates/ gives users to copy: the plan loads with generate's own parser, the checklist is there. */
class RecipeTemplatesTest {

    private static final Path TEMPLATES = ScriptRunner.projectRoot().resolve("recipes/templates");

    @Test
    void generationPlanTemplateLoadsAndExpandsAsWritten() throws Exception {
        GenerationPlan plan = GenerationPlan.load(TEMPLATES.resolve("generation-plan.yaml"));
        assertEquals(100, plan.totalExamples());
        assertEquals(List.of("how-to", "troubleshooting", "concepts"),
                plan.categories().stream().map(GenerationPlan.Category::name).toList());
        assertEquals(List.of("simple", "medium", "complex"), List.copyOf(plan.complexity().keySet()));
        assertEquals(1, plan.systemPrompts().size());
        assertEquals(100, QuotaMatrix.expand(plan).tasks().size(), "every planned sample becomes a task");
    }

    @Test
    void qualityChecklistIsAChecklist() throws Exception {
        String checklist = Files.readString(TEMPLATES.resolve("quality-checklist.md"));
        long boxes = checklist.lines().filter(l -> l.strip().startsWith("- [ ]")).count();
        assertTrue(boxes >= 20, "the checklist has " + boxes + " boxes");
        for (String tool : List.of("validate@.", "curate@.", "stats@.", "split@.")) {
            assertTrue(checklist.contains(tool), "the checklist names the command that checks an item: " + tool);
        }
    }
}
