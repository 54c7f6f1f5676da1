package ftkit.cli;

import ftkit.config.ConfigException;
import ftkit.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.*;

/** The mixin inside a real picocli command, as a script uses it. */
class SharedOptionsTest {
    @Command(name = "demo", mixinStandardHelpOptions = true, description = "Demo of the shared options.",
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {ExitCodes.OK_LINE, ExitCodes.FAILURE_LINE, ExitCodes.USAGE_LINE, ExitCodes.INVALID_LINE})
    static final class Demo implements Callable<Integer> {
        @Mixin
        SharedOptions shared;

        @Option(names = "--dataset-size")
        Integer datasetSize;

        Settings settings;

        @Override
        public Integer call() {
            try {
                settings = shared.settings(Settings.flags("dataset_size", datasetSize));
            } catch (ConfigException e) {
                return SharedOptions.reportConfigProblems(e);
            }
            Log.info("size %d", settings.config().datasetSize());
            return ExitCodes.OK;
        }
    }

    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final StringWriter picocliErr = new StringWriter();
    private final StringWriter picocliOut = new StringWriter();
    private Demo demo;

    @BeforeEach
    void captureLog() {
        Log.reset();
        Log.to(new PrintStream(log, true, StandardCharsets.UTF_8), false);
    }

    @AfterEach
    void restoreLog() {
        Log.reset();
    }

    private int run(String... args) {
        demo = new Demo();
        CommandLine cl = new CommandLine(demo);
        cl.setErr(new PrintWriter(picocliErr, true));
        cl.setOut(new PrintWriter(picocliOut, true));
        return cl.execute(args);
    }

    private String log() {
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void verboseSaysWhichConfigWasReadAndWhereEachValueCameFrom() throws Exception {
        Path config = dir.resolve("my-config.yaml");
        Files.writeString(config, "mode: identify\noutput_name: from_file\n");
        assertEquals(ExitCodes.OK, run("--config", config.toString(), "--verbose", "--dataset-size", "9"));
        assertEquals(9, demo.settings.config().datasetSize());
        assertEquals("from_file", demo.settings.config().outputName());
        String log = log();
        assertTrue(log.contains("config file: " + config + " (from --config)"), log);
        assertTrue(log.matches("(?s).*\\n  dataset_size +9 +flag --dataset-size\\n.*"), log);
        assertTrue(log.matches("(?s).*\\n  output_name +from_file +config .*my-config.yaml:2\\n.*"), log);
        assertTrue(log.contains("size 9"), log);
        assertEquals(Log.Level.VERBOSE, Log.level());
        assertTrue(demo.shared.verbose());
    }

    @Test
    void quietPrintsOnlyErrors() throws Exception {
        Path config = dir.resolve("c.yaml");
        Files.writeString(config, "split:\n  strategy: random\n  weight_by: keywords\n");
        assertEquals(ExitCodes.OK, run("--config", config.toString(), "-q"));
        assertEquals("", log(), "no info, no warning");
        assertEquals(ExitCodes.OK, run("--config", config.toString()));
        assertTrue(log().startsWith("warning: split.weight_by"), log());
    }

    @Test
    void badConfigIsAUsageErrorListingEveryProblem() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "dataset_size: 0\nsplit:\n  ratoi: 0.5\n");
        assertEquals(ExitCodes.USAGE, run("--config", config.toString()));
        assertTrue(log().contains("error: "), log());
        assertTrue(log().contains("bad.yaml:1: dataset_size: must be at least 1, got 0"), log());
        assertTrue(log().contains("bad.yaml:3: split.ratoi: unknown key (did you mean split.ratio?)"), log());
        assertEquals(ExitCodes.USAGE, run("--config", dir.resolve("absent.yaml").toString()));
        assertTrue(log().contains("absent.yaml: no such file"), log());
    }

    @Test
    void verboseAndQuietTogetherIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run("--verbose", "--quiet"));
        assertTrue(picocliErr.toString().contains("--verbose and --quiet cannot be used together"), picocliErr.toString());
        assertEquals(ExitCodes.USAGE, run("-q", "-v"));
    }

    @Test
    void helpListsTheSharedOptionsAndTheExitCodes() {
        assertEquals(ExitCodes.OK, run("--help"));
        String help = picocliOut.toString();
        for (String text : new String[]{"--config=FILE", "--verbose", "--quiet", "Exit codes:",
                "0   success", "1   failure", "2   usage error", "3   invalid records"}) {
            assertTrue(help.contains(text), text + " missing from:\n" + help);
        }
    }
}
