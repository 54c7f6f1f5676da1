package ftkit.templates;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs scripts/templates.java as a user would (a separate JVM, from the repository root): the script is
 * compiled once against this test's classpath, which stands in for JBang's //DEPS and //SOURCES. Checks exit
 * codes, that stdout stays empty and that the summary goes to stderr.
 */
class TemplatesScriptTest {
    @TempDir
    static Path compiled;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileScript() {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path script = TestFiles.repoRoot().resolve("scripts/templates.java");
        int rc = javac.run(null, null, null, "-d", compiled.toString(), "-cp", scriptClasspath(),
                "-proc:none", script.toString());
        assertEquals(0, rc, "scripts/templates.java does not compile against the lib");
    }

    /**
     * The lib's classes and the script's //DEPS (Jackson with YAML and CSV, picocli) out of this test's
     * classpath: a JVM opening all ~130 jars of the lib would start several times slower.
     */
    private static String scriptClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.endsWith("classes") || e.contains("jackson") || e.contains("picocli") || e.contains("snakeyaml"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run script(String... args) throws IOException, InterruptedException {
        Path root = TestFiles.repoRoot();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", compiled + File.pathSeparator + scriptClasspath(), "templates"));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "script did not finish");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsExitCodesAndAnExample() throws Exception {
        Run run = script("--help");
        assertEquals(0, run.exit(), run.stderr());
        assertTrue(run.stdout().contains("Exit codes:") && run.stdout().contains("3   some records rejected"), run.stdout());
        assertTrue(run.stdout().contains("--include-test") && run.stdout().contains("--simple-only"), run.stdout());
        assertTrue(run.stdout().contains("Examples"), run.stdout());
    }

    @Test
    void defaultsRunTheBundledExampleWithOnlyTheOutputFolderChanged() throws Exception {
        Path out = dir.resolve("out");
        Run run = script("--output-dir", out.toString(), "--include-test");
        assertEquals(0, run.exit(), run.stderr());
        assertEquals("", run.stdout(), "stdout carries data only; this command writes files");
        assertTrue(run.stderr().contains("(40 samples)") && run.stderr().contains("[SUCCESS]"), run.stderr());
        assertEquals(40, Files.readAllLines(out.resolve("train_optimized.jsonl")).size());
        assertEquals(10, Files.readAllLines(out.resolve("test.jsonl")).size());
    }

    @Test
    void exitCodesForRejectsFailuresAndUsage() throws Exception {
        Path train = dir.resolve("in/train.jsonl");
        Files.createDirectories(train.getParent());
        Files.writeString(train, "{\"text\":\"a\",\"label\":\"x\",\"split\":\"train\"}\n{\"text\":\"b\",\"split\":\"train\"}\n");
        Path template = TestFiles.repoRoot().resolve("prompts/templates/classification.yaml");

        Run partial = script("-i", train.toString(), "-t", "classification", "-o", dir.resolve("out").toString());
        assertEquals(3, partial.exit(), partial.stderr());
        assertTrue(partial.stderr().contains(train + ":2: missing field 'label'"), partial.stderr());
        assertEquals(1, Files.readAllLines(dir.resolve("out/rejects.jsonl")).size());
        assertTrue(Files.exists(template));

        Path broken = dir.resolve("in/val.json");
        Files.writeString(broken, "[{\"text\":\"a\",\"label\":\"x\"},\n{oops}]");
        Run failed = script("-i", dir.resolve("in").toString(), "-t", "classification", "-o", dir.resolve("out2").toString());
        assertEquals(1, failed.exit(), failed.stderr());
        assertTrue(failed.stderr().contains(broken + ":2"), failed.stderr());
        assertFalse(Files.exists(dir.resolve("out2/train.jsonl")), "nothing is written on failure");

        Run usage = script("-i", dir.resolve("absent").toString());
        assertEquals(2, usage.exit(), usage.stderr());
        assertTrue(usage.stderr().contains("absent: no such file or folder"), usage.stderr());
        assertEquals(2, script("--no-such-option").exit());
        assertEquals(2, script("-t", "no-such-template").exit());
    }
}
