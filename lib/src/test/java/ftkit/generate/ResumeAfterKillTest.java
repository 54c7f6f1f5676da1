package ftkit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.generate.GenerateCommand;
import ftkit.devserver.FakeLlmServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generator in a child JVM is killed with SIGKILL mid-run; re-running the same command completes the job without
 * emitting anything twice and without paying again for more than the requests that were in flight.
 */
@Timeout(180)
class ResumeAfterKillTest {

    private static final int SIZE = 40;
    private static final int CONCURRENCY = 4;

    @TempDir
    Path dir;

    private FakeLlmServer server;
    private final ProviderCase provider = ProviderCase.all().filter(p -> p.providerName().equals("anthropic"))
            .findFirst().orElseThrow();

    @BeforeEach
    void start() {
        server = FakeLlmServer.builder().latency(Duration.ofMillis(150))
                .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Process start(List<String> extra, Path stdout) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), GenerateCommand.class.getName()));
        command.addAll(GenerateRun.baseArgs(provider, server, dir));
        command.addAll(List.of("--topic", "tides", "--size", Integer.toString(SIZE), "--concurrency",
                Integer.toString(CONCURRENCY)));
        command.addAll(extra);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(dir.resolve(stdout.getFileName() + ".err").toFile());
        builder.environment().put(provider.keyVariable(), ProviderCase.KEY);
        return builder.start();
    }

    private int journalled(Path journal) throws Exception {
        if (!Files.exists(journal)) return 0;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + journal);
             Statement s = db.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
            try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM entries WHERE status = 'OK'")) {
                return r.next() ? r.getInt(1) : 0;
            }
        } catch (java.sql.SQLException notYet) {
            return 0; // the table is being created
        }
    }

    private void killMidRun(Process process, Path journal) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (journalled(journal) < 10) {
            assertTrue(process.isAlive(), "the child ended before it could be killed: "
                    + Files.readString(dir.resolve("run1.jsonl.err")));
            assertTrue(System.nanoTime() < deadline, "the child made no progress");
            Thread.sleep(20);
        }
        // destroyForcibly is SIGKILL on Linux: no shutdown hooks, no finally blocks.
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, process.exitValue(), "killed by SIGKILL");
    }

    @Test
    void streamingToStdoutKilledAndResumedEmitsEverySampleExactlyOnce() throws Exception {
        Path journal = dir.resolve("journal.sqlite");
        Process first = start(List.of(), dir.resolve("run1.jsonl"));
        killMidRun(first, journal);
        int doneBeforeKill = journalled(journal);
        assertTrue(doneBeforeKill < SIZE, "killed mid-run, " + doneBeforeKill + " done");
        long requestsBeforeResume = server.totalRequests();

        Process second = start(List.of(), dir.resolve("run2.jsonl"));
        assertTrue(second.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, second.exitValue(), Files.readString(dir.resolve("run2.jsonl.err")));

        List<JsonNode> emitted = new ArrayList<>(GenerateRun.file(dir.resolve("run1.jsonl")));
        emitted.addAll(GenerateRun.file(dir.resolve("run2.jsonl")));
        Set<String> ids = new HashSet<>();
        for (JsonNode s : emitted) assertTrue(ids.add(s.get("id").asText()), "emitted twice: " + s.get("id"));
        assertEquals(SIZE, emitted.size(), "every sample emitted once across the two runs");
        assertEquals(SIZE, journalled(journal));
        // Only the requests in flight at the kill were paid for twice.
        long resumedRequests = server.totalRequests() - requestsBeforeResume;
        assertTrue(resumedRequests <= SIZE - doneBeforeKill + CONCURRENCY,
                "re-run made " + resumedRequests + " requests for " + (SIZE - doneBeforeKill) + " missing samples");
        assertTrue(server.totalRequests() <= SIZE + CONCURRENCY, "total requests " + server.totalRequests());
        assertTrue(Files.readString(dir.resolve("run2.jsonl.err")).contains("resumed from journal: "),
                "the re-run says it resumed");
    }

    @Test
    void outputFileKilledAndResumedIsCompleteAndNeverHalfWritten() throws Exception {
        Path journal = dir.resolve("journal.sqlite");
        Path out = dir.resolve("train.jsonl");
        Process first = start(List.of("-o", out.toString()), dir.resolve("run1.jsonl"));
        killMidRun(first, journal);
        assertFalse(Files.exists(out), "no half-written output after a kill");

        Process second = start(List.of("-o", out.toString()), dir.resolve("run2.jsonl"));
        assertTrue(second.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, second.exitValue(), Files.readString(dir.resolve("run2.jsonl.err")));

        List<JsonNode> samples = GenerateRun.file(out);
        assertEquals(SIZE, samples.size());
        assertEquals(SIZE, samples.stream().map(s -> s.get("id").asText()).distinct().count());
        assertEquals(0, Files.size(dir.resolve("run2.jsonl")), "with -o, stdout stays empty");
        try (var stream = Files.list(dir)) {
            assertTrue(stream.noneMatch(p -> p.getFileName().toString().startsWith(".train.jsonl")
                    || p.getFileName().toString().endsWith(".tmp")), "no temporary files left: " + List.of(new File(dir.toString()).list()));
        }
    }
}
