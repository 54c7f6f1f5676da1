package ftkit.recipes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ftkit.cli.ScriptRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every recipe of {@code recipes/} as a reader would: each {@code ```bash} block with bash, in order, in a
 * fresh working folder per recipe that links to the project's files (so outputs such as {@code output/},
 * {@code memory/} and {@code .ftkit/} land there, never in the repository), and checks the exit code the recipe
 * promises and that every line of its {@code ```output} block occurs in the real output (see {@link ShownOutput}).
 * The environment is passed through (JBANG_DIR, JBANG_CACHE_DIR, JAVA_HOME …) except ftkit's settings and provider
 * keys, so a recipe depends only on what it shows. A recipe marked {@code <!-- recipe-pending: … -->} is skipped
 * with its reason printed.
 */
class RecipesIT {

    private static final long STEP_TIMEOUT_MINUTES = 20;
    /** What a recipe's working folder does not link: outputs and local state a run writes, and the user's secrets. */
    private static final Set<String> NOT_LINKED = Set.of(".git", ".env", "output", "out", "memory", ".ftkit", "target");
    /** Copied, since a recipe's commands may write beside these files (rejects beside an input, notebooks/out/). */
    private static final Set<String> COPIED = Set.of("examples", "prompts", "config.yaml", "notebooks", "recipes");
    /** Inside a copied folder: the notebooks' installed kernel is linked, their earlier output left out. */
    private static final Set<String> LINKED_INSIDE = Set.of(".kernel", ".jupyter");
    private static final Set<String> NOT_COPIED = Set.of("out", ".ipynb_checkpoints", "__pycache__");

    @TestFactory
    Stream<DynamicTest> everyRecipeRunsAndPrintsWhatItShows() throws IOException {
        Path recipes = ScriptRunner.projectRoot().resolve("recipes");
        List<Path> files;
        try (Stream<Path> listing = Files.list(recipes)) {
            files = listing.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().equals("README.md"))
                    .sorted().toList();
        }
        assertFalse(files.isEmpty(), "no recipe in " + recipes);
        // -Dftkit.recipes=a.md,b.md runs only those (for working on a recipe); the build runs them all.
        String only = System.getProperty("ftkit.recipes", "");
        if (!only.isBlank()) {
            Set<String> wanted = Set.of(only.split(","));
            files = files.stream().filter(p -> wanted.contains(p.getFileName().toString())).toList();
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(Recipe.read(file))));
    }

    private static void run(Recipe recipe) throws Exception {
        if (recipe.pendingReason().isPresent()) {
            System.err.println("recipe " + recipe.file().getFileName() + " is PENDING, not run: " + recipe.pendingReason().get());
            Assumptions.abort("pending: " + recipe.pendingReason().get());
        }
        assertFalse(recipe.steps().isEmpty(), recipe.file() + " has no ```bash block");
        Path work = Files.createTempDirectory("ftkit-recipe-");
        try {
            linkProject(ScriptRunner.projectRoot(), work);
            for (Recipe.Step step : recipe.steps()) {
                long started = System.nanoTime();
                Ran ran = runStep(work, step);
                System.err.printf("recipe %s, block at line %d: exit %d in %.1f s%n", recipe.file().getFileName(), step.line(),
                        ran.exit(), (System.nanoTime() - started) / 1e9);
                String where = recipe.file().getFileName() + ":" + step.line();
                if (ran.exit() != step.expectedExit()) {
                    fail(where + ": exit code " + ran.exit() + ", the recipe says " + step.expectedExit() + "\n--- output\n" + ran.output());
                }
                Optional<String> mismatch = ShownOutput.mismatch(step.shownOutput(), ran.output());
                if (mismatch.isPresent()) fail(where + ": " + mismatch.get() + "\n--- real output\n" + ran.output());
            }
        } finally {
            deleteTree(work);
        }
    }

    record Ran(int exit, String output) {}

    private static Ran runStep(Path work, Recipe.Step step) throws Exception {
        Path script = Files.createTempFile(work, ".recipe-step-", ".sh");
        Path output = Files.createTempFile("ftkit-recipe-output-", ".txt");
        try {
            Files.writeString(script, step.script(), StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder("setsid", "--wait", "bash", "-e", "-o", "pipefail", script.toString())
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().keySet().removeIf(RecipesIT::hidden);
            builder.environment().put("NO_COLOR", "1");
            Process process = builder.start();
            boolean finished = process.waitFor(STEP_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            // A block may start a server in the background (the fake LLM): nothing it started outlives it. The
            // block runs in its own session (setsid), so its process group is killed whole.
            new ProcessBuilder("kill", "-TERM", "--", "-" + process.pid()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
                fail("block at line " + step.line() + " did not finish in " + STEP_TIMEOUT_MINUTES + " minutes\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Ran(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(output);
        }
    }

    /** ftkit's own settings and the provider keys of whoever runs the tests must not leak into a recipe. */
    private static boolean hidden(String name) {
        return name.startsWith("FTKIT_") || name.endsWith("_API_KEY") || name.equals("AGENT_PROVIDER")
                || name.equals("AGENT_MODEL") || name.startsWith("AWS_") || name.startsWith("GOOGLE_");
    }

    /**
     * The working folder: copies of the files a recipe may write beside (examples, prompts, config.yaml, notebooks
     * but their installed kernel), links to the rest of the project (the launcher, scripts, lib and its build).
     */
    static void linkProject(Path root, Path work) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (NOT_LINKED.contains(name)) continue;
                if (COPIED.contains(name)) copyTree(entry, work.resolve(name));
                else Files.createSymbolicLink(work.resolve(name), entry);
            }
        }
        Files.createDirectories(work.resolve("memory"));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to);
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> entries = Files.list(from)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (LINKED_INSIDE.contains(name)) Files.createSymbolicLink(to.resolve(name), entry);
                else if (!NOT_COPIED.contains(name)) copyTree(entry, to.resolve(name));
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            // symbolic links are deleted themselves, never followed
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRecipeIsIndexed() throws IOException {
        Path recipes = ScriptRunner.projectRoot().resolve("recipes");
        String index = Files.readString(recipes.resolve("README.md"), StandardCharsets.UTF_8);
        try (Stream<Path> listing = Files.list(recipes)) {
            return listing.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().equals("README.md")).sorted().toList()
                    .stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                            () -> assertTrue(index.contains("(" + p.getFileName() + ")"), "recipes/README.md does not link " + p.getFileName())));
        }
    }
}
