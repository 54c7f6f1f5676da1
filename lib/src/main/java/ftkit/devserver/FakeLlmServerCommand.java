package ftkit.devserver;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line of {@link FakeLlmServer}: runs it until interrupted, printing its base URLs on stderr. */
@Command(
        name = "fake-llm-server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a fake LLM server on 127.0.0.1 speaking the OpenAI, OpenAI-compatible, Mistral, Anthropic,"
                    + " Gemini and Ollama chat APIs, with injectable faults, until interrupted.",
            "Base URLs go to stderr; one line per request too unless --quiet. Any non-blank key is accepted unless"
                    + " --required-key-env names a variable holding the only accepted one."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped normally", "1:could not start (e.g. port in use)", "2:usage error"},
        footerHeading = "%nExample:%n",
        footer = {
            "  fake-llm --port 8788 --quiet &      then point generate at it:",
            "  FTKIT_BASE_URL=http://127.0.0.1:8788/v1 OPENAI_API_KEY=any-key \\",
            "    generate --topic 'home networking' --size 6 --llm openai --llm-model gpt-4o-mini"
        })
public final class FakeLlmServerCommand implements Callable<Integer> {

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--latency-ms", description = "Latency added to every response (default: ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(names = "--fault-rate", description = "Probability that a request gets one of --faults"
            + " (default: ${DEFAULT-VALUE}).")
    double faultRate;

    @Option(names = "--faults", split = ",", description = "Faults drawn at --fault-rate: 429[:retry-after-s],"
            + " 500, 503, <status>[:retry-after-s], latency:<ms>, malformed, truncated, hang"
            + " (default: ${DEFAULT-VALUE}).")
    List<String> faultSpecs = new ArrayList<>(List.of("429:1", "500", "503", "malformed", "truncated"));

    @Option(names = "--fault-route", description = "Only fault requests on this route (openai, openai-compatible,"
            + " mistral, anthropic, gemini, ollama).")
    String faultRoute;

    @Option(names = "--seed", description = "Seed of the random faults (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--threads", description = "Requests in progress at once (default: ${DEFAULT-VALUE}).")
    int threads = 256;

    @Option(names = "--hang-limit-s", description = "Longest a hanging request waits before a 504"
            + " (default: ${DEFAULT-VALUE}).")
    long hangLimitSeconds = 600;

    @Option(names = "--required-key-env", paramLabel = "VAR",
            description = "Accept only the key held by this environment variable.")
    String requiredKeyEnv;

    @Option(names = "--ollama-requires-key", description = "Ask Ollama requests for a bearer token too.")
    boolean ollamaRequiresKey;

    @Option(names = "--quiet", description = "No line per request.")
    boolean quiet;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws InterruptedException {
        FaultScript faults = new FaultScript(seed);
        if (faultRate > 0) {
            Fault[] drawn = faultSpecs.stream().map(Fault::parse).toArray(Fault[]::new);
            faults.randomly(faultRate, faultRoute == null ? null : Route.parse(faultRoute), drawn);
        }
        String requiredKey = null;
        if (requiredKeyEnv != null) {
            requiredKey = System.getenv(requiredKeyEnv);
            if (requiredKey == null || requiredKey.isBlank()) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--required-key-env: environment variable " + requiredKeyEnv + " is not set");
            }
        }
        FakeLlmServer server;
        try {
            server = FakeLlmServer.builder()
                    .host(host)
                    .port(port)
                    .threads(threads)
                    .latency(Duration.ofMillis(latencyMs))
                    .faults(faults)
                    .requiredKey(requiredKey)
                    .ollamaRequiresKey(ollamaRequiresKey)
                    .hangLimit(Duration.ofSeconds(hangLimitSeconds))
                    .log(quiet ? null : err)
                    .recordLimit(10_000)
                    .start();
        } catch (RuntimeException e) {
            err.println("fake-llm-server: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }, "fake-llm-shutdown"));
        err.println("FakeLlmServer listening on " + server.baseUrl());
        for (Route route : Route.values()) {
            err.printf("  %-18s %s%n", route.label(), server.baseUrl(route));
        }
        stop.await();
        return 0;
    }

    static int run(String... args) {
        return new CommandLine(new FakeLlmServerCommand()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
