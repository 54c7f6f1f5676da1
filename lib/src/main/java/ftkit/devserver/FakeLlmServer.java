package ftkit.devserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real HTTP server on 127.0.0.1 that speaks the chat APIs of OpenAI (and OpenAI-compatible servers), Anthropic,
 * Gemini, Mistral and Ollama closely enough for LangChain4j's clients, so that generation can be tested and
 * benchmarked without a provider. Replies come from a {@link Responder}; faults (429 with Retry-After, 5xx, added
 * latency, malformed JSON, truncated replies, hangs) come from a {@link FaultScript}. It counts and records every
 * request with credentials redacted, and answers 401 when a request lacks the key its provider requires.
 *
 * <p>Each route has its own base URL ({@link #baseUrl(Route)}); see {@link Route} for paths and auth conventions.
 * Also serves {@code GET /health} and {@code GET /stats} (request counts per route), which are not counted.
 *
 * <p>Usage: {@code try (FakeLlmServer server = FakeLlmServer.builder().latency(Duration.ofMillis(200)).start())}.
 */
public final class FakeLlmServer implements AutoCloseable {

    /** The JDK server's switch for TCP_NODELAY on accepted connections; see the static initializer. */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // The JDK server writes a response's headers and body as two segments and leaves Nagle's algorithm on by
        // default, so the body waits for the client's delayed ACK: about 40 ms more per response on Linux, which
        // would cap a 200 ms-latency benchmark at 83% of its ideal. sun.net.httpserver.ServerConfig reads the
        // property once, when the first HttpServer of the JVM is created, so it is set here, before this class
        // creates one; an explicit -Dsun.net.httpserver.nodelay=false still wins.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private static final Pattern QUERY_KEY = Pattern.compile("(?i)(^|&)(key|api[-_]?key)=[^&]*");
    private static final String REDACTED = "[redacted]";

    private final HttpServer http;
    private final ExecutorService executor;
    private final FaultScript faults;
    private final String requiredKey;
    private final boolean ollamaRequiresKey;
    private final PrintStream log;
    private final Duration hangLimit;
    private final int recordLimit;
    private final Map<Route, Dialect> dialects = new EnumMap<>(Route.class);
    private final Map<Route, AtomicLong> counts = new EnumMap<>(Route.class);
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicLong arrivals = new AtomicLong();
    private final Deque<RecordedRequest> records = new ArrayDeque<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Duration latency;
    private volatile Responder responder;

    private FakeLlmServer(Builder builder) throws IOException {
        this.faults = builder.faults;
        this.requiredKey = builder.requiredKey;
        this.ollamaRequiresKey = builder.ollamaRequiresKey;
        this.log = builder.log;
        this.hangLimit = builder.hangLimit;
        this.recordLimit = builder.recordLimit;
        this.latency = builder.latency;
        this.responder = builder.responder;
        for (Route route : Route.values()) {
            dialects.put(route, Dialect.forRoute(route));
            counts.put(route, new AtomicLong());
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(builder.threads, builder.threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "fake-llm-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.executor = pool;
        this.http = HttpServer.create(new InetSocketAddress(builder.host, builder.port), 512);
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://host:port}, without a trailing slash. */
    public String baseUrl() {
        InetSocketAddress address = http.getAddress();
        return "http://" + address.getHostString() + ":" + address.getPort();
    }

    /** The base URL a LangChain4j client for {@code route} takes, e.g. {@code http://127.0.0.1:port/v1}. */
    public String baseUrl(Route route) {
        return baseUrl() + route.basePath();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The fault script; may be changed while the server runs. */
    public FaultScript faults() {
        return faults;
    }

    /** Latency added to every response (faults may add more). */
    public void latency(Duration newLatency) {
        this.latency = Objects.requireNonNull(newLatency, "latency");
    }

    public Duration latency() {
        return latency;
    }

    public void responder(Responder newResponder) {
        this.responder = Objects.requireNonNull(newResponder, "responder");
    }

    /** Requests received on {@code route}, whatever their outcome (401, faults and 400 included). */
    public long requestCount(Route route) {
        return counts.get(route).get();
    }

    /** Requests counted per route, plus those whose path matched no route under the key {@code null}. */
    public Map<Route, Long> requestCounts() {
        Map<Route, Long> result = new LinkedHashMap<>();
        counts.forEach((route, count) -> result.put(route, count.get()));
        return result;
    }

    /** Every counted request, those on unknown paths included. */
    public long totalRequests() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum() + unmatched.get();
    }

    /** The recorded requests in arrival order (the most recent {@code recordLimit}), credentials redacted. */
    public List<RecordedRequest> requests() {
        synchronized (records) {
            List<RecordedRequest> copy = new ArrayList<>(records);
            copy.sort((a, b) -> Long.compare(a.number(), b.number()));
            return copy;
        }
    }

    public List<RecordedRequest> requests(Route route) {
        return requests().stream().filter(r -> r.route() == route).collect(Collectors.toList());
    }

    /** Forgets counts and records and restarts request numbering at 1; faults and latency stay. */
    public void reset() {
        synchronized (records) {
            records.clear();
            counts.values().forEach(count -> count.set(0));
            unmatched.set(0);
            arrivals.set(0);
        }
    }

    /** Stops accepting requests, releases hanging ones and stops the threads. */
    @Override
    public void close() {
        stopping.countDown();
        http.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        try {
            if ("GET".equals(method) && ("/health".equals(path) || "/stats".equals(path))) {
                serveInfo(exchange, path);
                return;
            }
            serveChat(exchange, path, method);
        } catch (RuntimeException | IOException e) {
            if (log != null) {
                log.println("fake-llm: error while serving " + method + " " + path + ": " + e);
            }
        } finally {
            exchange.close();
        }
    }

    private void serveInfo(HttpExchange exchange, String path) throws IOException {
        if (path.equals("/health")) {
            send(exchange, 200, "{\"status\":\"ok\"}", Map.of());
            return;
        }
        ObjectNode stats = Dialect.JSON.createObjectNode();
        requestCounts().forEach((route, count) -> stats.put(route.label(), count));
        stats.put("unmatched", unmatched.get());
        stats.put("total", totalRequests());
        send(exchange, 200, stats.toString(), Map.of());
    }

    private void serveChat(HttpExchange exchange, String path, String method) throws IOException {
        long number;
        Optional<Route.Match> match = Route.match(path);
        synchronized (records) {
            number = arrivals.incrementAndGet();
            if (match.isPresent()) {
                counts.get(match.get().route()).incrementAndGet();
            } else {
                unmatched.incrementAndGet();
            }
        }
        Instant receivedAt = Instant.now();
        long startNanos = System.nanoTime();
        String query = exchange.getRequestURI().getRawQuery();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Headers headers = exchange.getRequestHeaders();
        Route route = match.map(Route.Match::route).orElse(null);
        Outcome outcome;
        ChatCall call = null;
        String presentedKey = null;
        if (route == null) {
            outcome = Outcome.error(404, "{\"error\":{\"message\":\"no fake LLM route at " + jsonEscape(path)
                    + "\",\"code\":404}}");
        } else {
            Dialect dialect = dialects.get(route);
            presentedKey = dialect.presentedKey(headers, query);
            if (!"POST".equals(method)) {
                outcome = Outcome.json(405, dialect.error(405, "method " + method + " is not allowed; use POST"));
            } else if (route != Route.OLLAMA || ollamaRequiresKey) {
                outcome = checkKey(route, dialect, presentedKey, headers);
            } else {
                outcome = null;
            }
            if (outcome == null) {
                try {
                    // Parse the redacted body: a key pasted into a prompt must not reach records or responders.
                    String redacted = redactBody(body, headers, presentedKey);
                    call = dialect.parse(Dialect.JSON.readTree(redacted.isEmpty() ? "null" : redacted),
                            match.get().modelFromPath());
                } catch (JsonProcessingException e) {
                    outcome = Outcome.json(400, dialect.error(400, "the request body is not valid JSON"));
                } catch (Dialect.BadRequestException | RuntimeException e) {
                    outcome = Outcome.json(400, dialect.error(400, e.getMessage()));
                }
            }
            if (outcome == null) {
                try {
                    outcome = respond(route, dialect, call, number);
                } catch (RuntimeException e) {
                    // A broken responder answers 500 rather than dropping the connection.
                    outcome = Outcome.json(500, dialect.error(500, "the fake server's responder failed: " + e));
                }
            }
        }
        // Record and log before answering, so that a client that has its answer also finds it recorded.
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        RecordedRequest recorded = new RecordedRequest(number, route, method, redactQuery(path, query),
                redactHeaders(headers), redactBody(body, headers, presentedKey), call, outcome.status, outcome.fault,
                receivedAt, millis);
        record(recorded);
        if (log != null) {
            log.printf(Locale.ROOT, "fake-llm #%d %s %s model=%s status=%d%s %dms%n", number,
                    route == null ? "-" : route.label(), method, call == null ? "-" : call.model(), outcome.status,
                    outcome.fault == null ? "" : " fault=" + outcome.fault, millis);
        }
        try {
            send(exchange, outcome.status, outcome.body, outcome.headers);
        } catch (IOException e) {
            // The client went away, e.g. after its own timeout during a hang: record status 0.
            replaceRecord(recorded, new RecordedRequest(number, route, recorded.method(), recorded.path(),
                    recorded.headers(), recorded.body(), call, 0, outcome.fault, receivedAt, millis));
            if (log != null) {
                log.printf(Locale.ROOT, "fake-llm #%d client gone before the response%n", number);
            }
        }
    }

    private Outcome checkKey(Route route, Dialect dialect, String presentedKey, Headers headers) {
        if (presentedKey == null) {
            return Outcome.json(401, dialect.error(401, "missing API key: " + keyConvention(route)));
        }
        if (requiredKey != null && !requiredKey.equals(presentedKey)) {
            return Outcome.json(401, dialect.error(401, "invalid API key"));
        }
        String missingHeader = dialect.missingRequiredHeader(headers);
        return missingHeader == null ? null : Outcome.json(400, dialect.error(400, missingHeader));
    }

    private static String keyConvention(Route route) {
        switch (route) {
            case ANTHROPIC:
                return "send it in the x-api-key header";
            case GEMINI:
                return "send it in the x-goog-api-key header";
            default:
                return "send it as Authorization: Bearer <key>";
        }
    }

    private Outcome respond(Route route, Dialect dialect, ChatCall call, long number) {
        Fault fault = faults.decide(number, route).orElse(null);
        Duration delay = latency;
        if (fault != null && fault.kind() == Fault.Kind.LATENCY) {
            delay = delay.plus(fault.delay());
        }
        if (!delay.isZero() && waitUnlessStopping(delay)) {
            return Outcome.json(503, dialect.error(503, "the server is shutting down"));
        }
        String label = fault == null ? null : fault.label();
        if (fault != null && fault.kind() == Fault.Kind.HANG) {
            waitUnlessStopping(hangLimit);
            return Outcome.json(504, dialect.error(504, "hung until the hang limit or server stop"))
                    .withFault(label);
        }
        if (fault != null && fault.kind() == Fault.Kind.HTTP_ERROR) {
            Outcome outcome = Outcome.json(fault.status(), dialect.error(fault.status(),
                    fault.status() == 429 ? "rate limit reached (injected fault)" : "injected fault: status "
                            + fault.status()));
            if (fault.retryAfterSeconds() >= 0) {
                outcome = outcome.withHeader("Retry-After", String.valueOf(fault.retryAfterSeconds()));
            }
            return outcome.withFault(label);
        }
        String text = responder.reply(call);
        if (text == null) {
            throw new IllegalStateException("the responder returned null for request #" + number);
        }
        boolean truncated = false;
        if (call.maxTokens() != null && estimateTokens(text) > call.maxTokens()) {
            text = text.substring(0, Math.min(text.length(), call.maxTokens() * 4));
            truncated = true;
        }
        if (fault != null && fault.kind() == Fault.Kind.TRUNCATED) {
            text = text.substring(0, text.length() / 2);
            truncated = true;
        }
        Dialect.Usage usage = new Dialect.Usage(estimateTokens(call.promptText()), estimateTokens(text));
        ObjectNode reply = dialect.reply(call, text, truncated, usage, number);
        if (fault != null && fault.kind() == Fault.Kind.MALFORMED_JSON) {
            String json = reply.toString();
            return new Outcome(200, json.substring(0, json.length() / 2), Map.of(), label);
        }
        return Outcome.json(200, reply).withFault(label);
    }

    /** Waits, returning true early if the server is stopping. */
    private boolean waitUnlessStopping(Duration duration) {
        try {
            return stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** About four characters per token, at least one: the fake has no tokenizer, the numbers only need to be real. */
    public static int estimateTokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> extraHeaders)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        extraHeaders.forEach(headers::set);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void record(RecordedRequest request) {
        synchronized (records) {
            records.addLast(request);
            while (records.size() > recordLimit) {
                records.removeFirst();
            }
        }
    }

    private void replaceRecord(RecordedRequest old, RecordedRequest replacement) {
        synchronized (records) {
            List<RecordedRequest> kept = new ArrayList<>(records);
            int index = kept.indexOf(old);
            if (index >= 0) {
                kept.set(index, replacement);
                records.clear();
                records.addAll(kept);
            }
        }
    }

    private static Map<String, List<String>> redactHeaders(Headers headers) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean secret = List.of(Dialect.SECRET_HEADERS).contains(lower);
            copy.put(lower, secret ? Collections.nCopies(values.size(), REDACTED) : List.copyOf(values));
        });
        return Collections.unmodifiableMap(copy);
    }

    private static String redactQuery(String path, String query) {
        if (query == null) {
            return path;
        }
        return path + "?" + QUERY_KEY.matcher(query).replaceAll("$1$2=" + REDACTED);
    }

    /** Removes any presented credential from the body, in case a client echoed it there. */
    private static String redactBody(String body, Headers headers, String presentedKey) {
        String result = body;
        if (presentedKey != null && presentedKey.length() >= 4) {
            result = result.replace(presentedKey, REDACTED);
        }
        for (String name : Dialect.SECRET_HEADERS) {
            List<String> values = headers.get(name);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                String secret = value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value;
                if (secret.length() >= 4) {
                    result = result.replace(secret, REDACTED);
                }
            }
        }
        return result;
    }

    private static String jsonEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static final class Outcome {
        final int status;
        final String body;
        final Map<String, String> headers;
        final String fault;

        Outcome(int status, String body, Map<String, String> headers, String fault) {
            this.status = status;
            this.body = body;
            this.headers = headers;
            this.fault = fault;
        }

        static Outcome json(int status, JsonNode body) {
            return new Outcome(status, body.toString(), Map.of(), null);
        }

        static Outcome error(int status, String body) {
            return new Outcome(status, body, Map.of(), null);
        }

        Outcome withHeader(String name, String value) {
            Map<String, String> merged = new LinkedHashMap<>(headers);
            merged.put(name, value);
            return new Outcome(status, body, merged, fault);
        }

        Outcome withFault(String label) {
            return new Outcome(status, body, headers, label);
        }
    }

    /** Settings of a server; {@link #start()} binds and starts it. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private int threads = 256;
        private Duration latency = Duration.ZERO;
        private Responder responder = new DefaultResponder();
        private FaultScript faults = new FaultScript();
        private String requiredKey;
        private boolean ollamaRequiresKey;
        private PrintStream log;
        private Duration hangLimit = Duration.ofMinutes(10);
        private int recordLimit = 100_000;

        private Builder() {}

        /** The address to bind; 127.0.0.1 unless changed. */
        public Builder host(String newHost) {
            this.host = Objects.requireNonNull(newHost, "host");
            return this;
        }

        /** The port; 0 (the default) picks a free one. */
        public Builder port(int newPort) {
            this.port = newPort;
            return this;
        }

        /**
         * Worker threads, i.e. how many requests can be in progress (in latency or hanging) at once; 256. A hang
         * holds its thread until the hang limit even after the client gave up, so keep it above the hangs expected.
         */
        public Builder threads(int newThreads) {
            if (newThreads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            this.threads = newThreads;
            return this;
        }

        public Builder latency(Duration newLatency) {
            this.latency = Objects.requireNonNull(newLatency, "latency");
            return this;
        }

        public Builder responder(Responder newResponder) {
            this.responder = Objects.requireNonNull(newResponder, "responder");
            return this;
        }

        public Builder faults(FaultScript newFaults) {
            this.faults = Objects.requireNonNull(newFaults, "faults");
            return this;
        }

        /** When set, only this key is accepted (401 otherwise); by default any non-blank key is. */
        public Builder requiredKey(String key) {
            this.requiredKey = key;
            return this;
        }

        /** Makes the Ollama route ask for a bearer token too, as a proxy in front of Ollama would. */
        public Builder ollamaRequiresKey(boolean requires) {
            this.ollamaRequiresKey = requires;
            return this;
        }

        /** One line per request (no headers, no bodies) to this stream; null (the default) for none. */
        public Builder log(PrintStream newLog) {
            this.log = newLog;
            return this;
        }

        /** How long a hanging request hangs at most before answering 504; 10 minutes. */
        public Builder hangLimit(Duration limit) {
            this.hangLimit = Objects.requireNonNull(limit, "hangLimit");
            return this;
        }

        /** How many requests are kept for {@link #requests()}; 100,000. */
        public Builder recordLimit(int limit) {
            this.recordLimit = limit;
            return this;
        }

        public FakeLlmServer start() {
            try {
                return new FakeLlmServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the fake LLM server on " + host + ":" + port
                        + ": " + e.getMessage(), e);
            }
        }
    }

    /** Runs the server until interrupted; see {@link FakeLlmServerCommand} for the options. */
    public static void main(String[] args) {
        System.exit(FakeLlmServerCommand.run(args));
    }
}
