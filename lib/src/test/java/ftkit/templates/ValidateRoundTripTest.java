package ftkit.templates;

import ftkit.providers.ProviderRegistry;
import ftkit.providers.Target;
import ftkit.validate.TargetTally;
import ftkit.validate.ValidationOptions;
import ftkit.validate.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The templated outputs of the bundled example go through validate without an error, for several providers. */
class ValidateRoundTripTest {
    private static final List<String> TARGETS = List.of("openai/gpt-4o-mini-2024-07-18", "mistral/open-mistral-7b",
            "bedrock/claude-3-haiku", "vertex/gemini-2.5-flash", "together/llama-3.1-8b");

    @TempDir
    Path dir;

    @Test
    void bothStrategiesOfTheBundledExamplePassValidateForEveryListedTarget() throws Exception {
        Path root = TestFiles.repoRoot();
        TemplateSet template = TemplateSet.load(root.resolve("examples/labelled/support-tickets.yaml"));
        Path out = dir.resolve("out");
        TemplatedDataGenerator.Options options = new TemplatedDataGenerator.Options(
                TemplatedDataGenerator.discover(List.of(root.resolve("examples/labelled/jsonl"))), template.file(),
                List.of(), false, false, out, null, "split");
        TemplatedDataGenerator.Result result = TemplatedDataGenerator.run(options, template, m -> { });
        assertEquals(0, result.rejected());

        ProviderRegistry registry = ProviderRegistry.bundled();
        List<Target> targets = TARGETS.stream().map(registry::target).toList();
        for (String strategy : List.of("simple", "optimized")) {
            Path train = out.resolve(TemplatedDataGenerator.fileName(template, strategy, Splits.TRAIN));
            Path validation = out.resolve(TemplatedDataGenerator.fileName(template, strategy, Splits.VALIDATION));
            Path rejects = dir.resolve("validate-rejects-" + strategy + ".jsonl");
            ValidationOptions vo = new ValidationOptions(targets, null, null, 1, rejects.toString(), null, null,
                    ValidationOptions.DuplicatePolicy.REJECT, false);
            Validator.Run run = new Validator(registry, vo, w -> { }).run(List.of(train.toString()), validation.toString());

            assertEquals(2, run.files().size());
            assertEquals(40, run.files().get(0).lines());
            assertEquals(10, run.files().get(1).lines());
            assertEquals(0, run.files().get(1).overlap(), "the original splits share no sample");
            for (int i = 0; i < targets.size(); i++) {
                for (Validator.FileResult f : run.files()) {
                    TargetTally tally = f.tallies().get(i);
                    assertEquals(0, tally.invalid(), strategy + " " + f.file() + " for " + targets.get(i).id() + ": " + tally.topReasons(5));
                }
                assertTrue(run.accepted(i), strategy + " for " + targets.get(i).id());
            }
            assertEquals(0, run.exitCode());
            assertFalse(Files.exists(rejects), "validate rejected nothing");
        }
    }
}
