package ftkit.bench;

import ftkit.generate.GenerateCommand;
import ftkit.cli.Log;
import ftkit.devserver.FakeLlmServer;
import ftkit.devserver.RecordedRequest;
import ftkit.devserver.Route;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import ftkit.generate.ChatModelSpec;
import ftkit.generate.ChatModels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput of {@code generate} against {@link FakeLlmServer} with a fixed latency: achieved requests per second
 * against the ideal (concurrency / latency), end to end (the whole command) and in the steady state (first to last
 * request as the server saw them). Not a test: run by {@code bench/generate.sh}.
 *
 * <p>Arguments: latency in ms, seconds of work per concurrency level, then the concurrency levels.
 */
public final class GenerateBenchmark {

    public static void main(String[] args) throws Exception {
        int latencyMs = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        Path prompts = Path.of("prompts").toAbsolutePath();
        Path work = Files.createTempDirectory("generate-bench");
        Files.writeString(work.resolve("config.yaml"), "provider: openai\nmodel: gpt-4o-mini-2024-07-18\n");
        try (FakeLlmServer server = FakeLlmServer.builder().latency(Duration.ofMillis(latencyMs))
                .log(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).start()) {
            // JIT, class loading and SQLite's native library, not measured: one short run warms far less than a
            // measured level needs (the first levels came out 5-10 points low).
            for (int round = 0; round < 3; round++) {
                run(server, prompts, work, 32, 320, "warmup" + round);
                bare(server, 32, 320);
            }
            System.out.printf("latency %d ms, cores %d, java %s%n", latencyMs, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            System.out.printf("%-12s %8s %10s %12s %12s %8s %14s %8s%n", "concurrency", "samples", "seconds",
                    "achieved/s", "ideal/s", "ratio", "steady/s", "ratio");
            for (int i = 2; i < args.length; i++) {
                int concurrency = Integer.parseInt(args[i]);
                double ideal = concurrency * 1000.0 / latencyMs;
                int samples = (int) Math.max(concurrency * 4, Math.round(ideal * seconds));
                server.reset();
                long start = System.nanoTime();
                run(server, prompts, work, concurrency, samples, "c" + concurrency);
                double elapsed = (System.nanoTime() - start) / 1e9;
                List<RecordedRequest> requests = server.requests();
                double achieved = requests.size() / elapsed;
                // Steady state, without JVM-side setup and the final output: from the first request's arrival to
                // the last one's answer, as the server saw them.
                double window = Duration.between(requests.get(0).receivedAt(),
                        requests.get(requests.size() - 1).receivedAt()).toNanos() / 1e9 + latencyMs / 1000.0;
                double steady = requests.size() / window;
                System.out.printf(Locale.ROOT, "%-12d %8d %10.2f %12.1f %12.1f %7.1f%% %14.1f %7.1f%%%n", concurrency,
                        samples, elapsed, achieved, ideal, 100 * achieved / ideal, steady, 100 * steady / ideal);
                // The same number of bare LangChain4j calls from as many threads: what the client and this machine
                // allow without any of generate's work (journal, parsing, prompts).
                double bare = bare(server, concurrency, samples);
                System.out.printf(Locale.ROOT, "%-12s %8d %10s %12.1f %12.1f %7.1f%%   (bare LangChain4j client calls)"
                        + "; load average %s%n", "  baseline", samples, "", bare, ideal, 100 * bare / ideal, loadAverage());
            }
        }
    }

    /** The 1, 5 and 15 minute load averages (Linux), so that a figure can be read with the machine's load. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double bare(FakeLlmServer server, int concurrency, int samples) throws Exception {
        ChatModel model = ChatModels.create(ChatModelSpec.of("openai", "gpt-4o-mini").withBaseUrl(server.baseUrl(Route.OPENAI)),
                Map.of("OPENAI_API_KEY", "sk-bench"));
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < samples; i = next.getAndIncrement()) {
                    model.chat(ChatRequest.builder().messages(SystemMessage.from("You write datasets."),
                            UserMessage.from("Write one conversation about bench item " + i)).build());
                }
                return null;
            }));
        }
        for (Future<?> w : workers) w.get();
        pool.shutdown();
        return samples / ((System.nanoTime() - start) / 1e9);
    }

    private static void run(FakeLlmServer server, Path prompts, Path work, int concurrency, int samples, String name) {
        Log.to(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        int exit = GenerateCommand.commandLine(Map.of("OPENAI_API_KEY", "sk-bench"), System.out, System.err)
                .execute(List.of("--config", work.resolve("config.yaml").toString(), "--prompts", prompts.toString(),
                        "--llm", "openai", "--llm-model", "gpt-4o-mini", "--base-url", server.baseUrl(Route.OPENAI),
                        "--topic", "bench " + name, "--size", Integer.toString(samples), "--concurrency",
                        Integer.toString(concurrency), "--journal", work.resolve(name + ".sqlite").toString(),
                        "-o", work.resolve(name + ".jsonl").toString(), "--no-progress").toArray(String[]::new));
        Log.reset();
        if (exit != 0) throw new IllegalStateException("generate exited with " + exit + " in run " + name);
    }
}
