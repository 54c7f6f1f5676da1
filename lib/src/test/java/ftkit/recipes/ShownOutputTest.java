package ftkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe runner's comparison and parsing: drift, order and a changed number must fail; trimming must not. */
class ShownOutputTest {

    private static final String REAL = "building…\r[jbang] done\nextracted 23 samples from 9 files in 1.4 s\n"
            + "train 18, validation 5   \nverdict ACCEPTED\n";

    @Test
    void trimmedOutputWithEllipsesMatches() {
        assertEquals(Optional.empty(), ShownOutput.mismatch(List.of("…", "extracted 23 samples from 9 files in … s", "…", "verdict ACCEPTED"), REAL));
        assertEquals(Optional.empty(), ShownOutput.mismatch(List.of("train 18, validation 5"), REAL), "trailing spaces are ignored");
        assertEquals(Optional.empty(), ShownOutput.mismatch(List.of("[jbang] done"), REAL), "a carriage return ends a line");
    }

    @Test
    void driftFails() {
        assertTrue(ShownOutput.mismatch(List.of("extracted 24 samples from 9 files in … s"), REAL).isPresent(), "a changed number");
        assertTrue(ShownOutput.mismatch(List.of("verdict ACCEPTED", "train 18, validation 5"), REAL).orElseThrow().contains("wrong order"));
        assertTrue(ShownOutput.mismatch(List.of("train 18"), REAL).isPresent(), "a shown line must be a whole line");
        assertTrue(ShownOutput.mismatch(List.of("verdict"), REAL).isPresent());
    }

    @Test
    void recipeFileGivesStepsWithTheirExitCodes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("r.md");
        Files.writeString(file, """
                # Recipe: something

                ```bash
                echo one
                ```

                ```output
                one
                ```

                ```console-untested
                aws s3 cp x s3://y
                ```

                ```bash
                exit 3
                ```

                ```output exit=3
                ```

                ```bash
                echo last
                ```
                """);
        Recipe recipe = Recipe.read(file);
        assertEquals("Recipe: something", recipe.title());
        assertEquals(3, recipe.steps().size(), "the untested block is not a step");
        assertEquals(List.of("one"), recipe.steps().get(0).shownOutput());
        assertEquals(3, recipe.steps().get(1).expectedExit());
        assertEquals("echo last\n", recipe.steps().get(2).script());
        assertTrue(recipe.pendingReason().isEmpty());
        Files.writeString(file, "# R\n<!-- recipe-pending: needs the datasets alias -->\n```bash\ntrue\n```\n");
        assertEquals(Optional.of("needs the datasets alias"), Recipe.read(file).pendingReason());
    }
}
