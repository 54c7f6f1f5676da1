package ftkit.devserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's HTTP behaviour seen with a plain HTTP client: auth, routing, faults, counting, recording. */
@Timeout(60)
class FakeLlmServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-raw-test-0123456789abcdef";
    private static final String OPENAI_BODY =
            "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"system\",\"content\":\"sys\"},"
                    + "{\"role\":\"user\",\"content\":\"hello there\"}]}";
    private static final String ANTHROPIC_BODY =
            "{\"model\":\"claude-test\",\"max_tokens\":100,\"system\":\"sys\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}]}";
    private static final String GEMINI_BODY =
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hello\"}]}],"
                    + "\"systemInstruction\":{\"parts\":[{\"text\":\"sys\"}]}}";
    private static final String OLLAMA_BODY =
            "{\"model\":\"llama3.1\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private FakeLlmServer server = FakeLlmServer.builder()
            .log(new PrintStream(log, true, StandardCharsets.UTF_8))
            .start();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> openAi(String body) throws Exception {
        return post("/v1/chat/completions", body, "Authorization", "Bearer " + KEY);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bindsToLoopbackOnAFreePort() {
        assertTrue(server.baseUrl().startsWith("http://127.0.0.1:"));
        assertTrue(server.port() > 0);
        assertEquals(server.baseUrl() + "/v1beta", server.baseUrl(Route.GEMINI));
        assertEquals(server.baseUrl() + "/mistral/v1", server.baseUrl(Route.MISTRAL));
    }

    @Test
    void turnsNaglesAlgorithmOffForTheJdkServerUnlessTheUserChoseOtherwise() {
        // Set by FakeLlmServer's static initializer before its first HttpServer: without it every response waits
        // ~40 ms for a delayed ACK (measured with bench/generate.sh, not here).
        assertEquals("true", System.getProperty(FakeLlmServer.NODELAY_PROPERTY));
    }

    @Test
    void eachProviderWithoutItsKeyGets401InItsOwnErrorFormat() throws Exception {
        HttpResponse<String> openAi = post("/v1/chat/completions", OPENAI_BODY);
        assertEquals(401, openAi.statusCode());
        assertEquals("invalid_api_key", JSON.readTree(openAi.body()).at("/error/code").asText());

        HttpResponse<String> compat = post("/compat/v1/chat/completions", OPENAI_BODY, "Authorization", "Basic x");
        assertEquals(401, compat.statusCode());

        HttpResponse<String> mistral = post("/mistral/v1/chat/completions", OPENAI_BODY);
        assertEquals(401, mistral.statusCode());
        assertEquals("error", JSON.readTree(mistral.body()).get("object").asText());

        HttpResponse<String> anthropic = post("/v1/messages", ANTHROPIC_BODY, "anthropic-version", "2023-06-01",
                "Authorization", "Bearer " + KEY);
        assertEquals(401, anthropic.statusCode());
        assertEquals("authentication_error", JSON.readTree(anthropic.body()).at("/error/type").asText());

        HttpResponse<String> gemini = post("/v1beta/models/gemini-test:generateContent", GEMINI_BODY,
                "Authorization", "Bearer " + KEY);
        assertEquals(401, gemini.statusCode());
        assertEquals("UNAUTHENTICATED", JSON.readTree(gemini.body()).at("/error/status").asText());

        assertEquals(5, server.requests().stream().filter(r -> r.status() == 401).count());
    }

    @Test
    void eachProviderWithItsKeyGetsAReply() throws Exception {
        JsonNode openAi = JSON.readTree(openAi(OPENAI_BODY).body());
        assertEquals("stop", openAi.at("/choices/0/finish_reason").asText());
        assertTrue(openAi.at("/usage/total_tokens").asInt() > 0);

        HttpResponse<String> anthropic = post("/v1/messages", ANTHROPIC_BODY, "x-api-key", KEY,
                "anthropic-version", "2023-06-01");
        assertEquals(200, anthropic.statusCode());
        assertEquals("end_turn", JSON.readTree(anthropic.body()).get("stop_reason").asText());

        HttpResponse<String> gemini = post("/v1beta/models/gemini-test:generateContent?key=" + KEY, GEMINI_BODY);
        assertEquals(200, gemini.statusCode());
        assertEquals("gemini-test", server.requests(Route.GEMINI).get(0).call().model());
        assertEquals("sys", server.requests(Route.GEMINI).get(0).call().system());

        HttpResponse<String> ollama = post("/api/chat", OLLAMA_BODY);
        assertEquals(200, ollama.statusCode(), "a local Ollama needs no key");
        assertTrue(JSON.readTree(ollama.body()).get("done").asBoolean());

        assertEquals(1, server.requestCount(Route.OPENAI));
        assertEquals(1, server.requestCount(Route.ANTHROPIC));
        assertEquals(1, server.requestCount(Route.GEMINI));
        assertEquals(1, server.requestCount(Route.OLLAMA));
        assertEquals(0, server.requestCount(Route.MISTRAL));
        assertEquals(4, server.totalRequests());
    }

    @Test
    void ollamaAsksForAKeyWhenConfiguredTo() throws Exception {
        server.close();
        server = FakeLlmServer.builder().ollamaRequiresKey(true).start();
        assertEquals(401, post("/api/chat", OLLAMA_BODY).statusCode());
        assertEquals(200, post("/api/chat", OLLAMA_BODY, "Authorization", "Bearer " + KEY).statusCode());
    }

    @Test
    void requiredKeyRejectsAnyOtherKey() throws Exception {
        server.close();
        server = FakeLlmServer.builder().requiredKey(KEY).start();
        assertEquals(401, post("/v1/chat/completions", OPENAI_BODY, "Authorization", "Bearer other").statusCode());
        assertEquals(200, openAi(OPENAI_BODY).statusCode());
    }

    @Test
    void anthropicWithoutVersionHeaderIs400() throws Exception {
        HttpResponse<String> response = post("/v1/messages", ANTHROPIC_BODY, "x-api-key", KEY);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("anthropic-version"));
    }

    @Test
    void badRequestsAre400WithAReason() throws Exception {
        assertEquals(400, openAi("{not json").statusCode());
        assertTrue(openAi("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").body().contains("'model'"));
        assertTrue(openAi("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .body().contains("streaming is not supported"));
        HttpResponse<String> anthropicNoMax = post("/v1/messages",
                "{\"model\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                "x-api-key", KEY, "anthropic-version", "2023-06-01");
        assertEquals(400, anthropicNoMax.statusCode());
        assertTrue(anthropicNoMax.body().contains("max_tokens"));
        HttpResponse<String> ollamaStreaming = post("/api/chat",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertEquals(400, ollamaStreaming.statusCode(), "Ollama streams unless stream is false");
        assertEquals(5, server.requests().stream().filter(r -> r.status() == 400 && r.call() == null).count());
    }

    @Test
    void unknownPathIs404AndGetOnAChatPathIs405() throws Exception {
        assertEquals(404, openAiPath("/v1/completions").statusCode());
        assertEquals(405, get("/v1/chat/completions").statusCode());
        assertEquals(2, server.totalRequests());
        assertNull(server.requests().get(0).route());
    }

    private HttpResponse<String> openAiPath(String path) throws Exception {
        return post(path, OPENAI_BODY, "Authorization", "Bearer " + KEY);
    }

    @Test
    void healthAndStatsAreServedAndNotCounted() throws Exception {
        openAi(OPENAI_BODY);
        post("/api/chat", OLLAMA_BODY);
        assertEquals(200, get("/health").statusCode());
        JsonNode stats = JSON.readTree(get("/stats").body());
        assertEquals(1, stats.get("openai").asInt());
        assertEquals(1, stats.get("ollama").asInt());
        assertEquals(2, stats.get("total").asInt());
        assertEquals(2, server.totalRequests());
    }

    @Test
    void resetForgetsCountsAndRestartsNumbering() throws Exception {
        openAi(OPENAI_BODY);
        openAi(OPENAI_BODY);
        server.reset();
        server.faults().onRequest(1, Fault.serverError());
        assertEquals(500, openAi(OPENAI_BODY).statusCode());
        assertEquals(1, server.requestCount(Route.OPENAI));
        assertEquals(1, server.requests().get(0).number());
    }

    @Test
    void pinnedQueuedAndRandomFaultsApplyInThatOrder() throws Exception {
        server.faults().onRequest(2, Fault.httpError(502)).next(Fault.rateLimited(3), Fault.unavailable());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(openAi(OPENAI_BODY).statusCode());
        }
        assertEquals(List.of(429, 502, 503, 200), statuses);
        assertEquals("3", server.requests().get(0).fault().split("=")[1]);
    }

    @Test
    void rateLimitSendsRetryAfterInSeconds() throws Exception {
        server.faults().next(Fault.rateLimited(12));
        HttpResponse<String> response = openAi(OPENAI_BODY);
        assertEquals(429, response.statusCode());
        assertEquals("12", response.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("rate_limit_exceeded", JSON.readTree(response.body()).at("/error/code").asText());
    }

    @Test
    void randomFaultsDependOnlyOnSeedAndRequestNumber() throws Exception {
        List<Long> first = faultedNumbers(7L, 120);
        List<Long> second = faultedNumbers(7L, 120);
        List<Long> otherSeed = faultedNumbers(8L, 120);
        assertEquals(first, second);
        assertNotEquals(first, otherSeed);
        assertTrue(first.size() > 15 && first.size() < 50, "about 30 of 120 at p=0.25, got " + first.size());
    }

    private List<Long> faultedNumbers(long seed, int requests) throws Exception {
        server.close();
        server = FakeLlmServer.builder().faults(new FaultScript(seed).randomly(0.25, Fault.serverError())).start();
        // Sent 8 at a time, so arrival order is not the send order; the faulted numbers must not care.
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(OPENAI_BODY)).build(),
                    HttpResponse.BodyHandlers.ofString()));
            if (inFlight.size() == 8) {
                for (CompletableFuture<HttpResponse<String>> response : inFlight) {
                    response.get(10, TimeUnit.SECONDS);
                }
                inFlight.clear();
            }
        }
        for (CompletableFuture<HttpResponse<String>> response : inFlight) {
            response.get(10, TimeUnit.SECONDS);
        }
        return server.requests().stream().filter(r -> r.status() == 500).map(RecordedRequest::number)
                .sorted().collect(Collectors.toList());
    }

    @Test
    void randomFaultsCanBeLimitedToOneRoute() throws Exception {
        server.faults().randomly(1.0, Route.OLLAMA, Fault.serverError());
        assertEquals(200, openAi(OPENAI_BODY).statusCode());
        assertEquals(500, post("/api/chat", OLLAMA_BODY).statusCode());
    }

    @Test
    void malformedJsonIsCutMidBody() throws Exception {
        server.faults().next(Fault.malformedJson());
        HttpResponse<String> response = openAi(OPENAI_BODY);
        assertEquals(200, response.statusCode());
        assertThrows(IOException.class, () -> JSON.readTree(response.body()));
        assertTrue(response.body().startsWith("{\"id\":\"chatcmpl-fake-1\""));
    }

    @Test
    void truncatedReplyIsMarkedPerProvider() throws Exception {
        server.faults().next(Fault.truncated(), Fault.truncated(), Fault.truncated(), Fault.truncated());
        assertEquals("length", JSON.readTree(openAi(OPENAI_BODY).body()).at("/choices/0/finish_reason").asText());
        assertEquals("max_tokens", JSON.readTree(post("/v1/messages", ANTHROPIC_BODY, "x-api-key", KEY,
                "anthropic-version", "2023-06-01").body()).get("stop_reason").asText());
        assertEquals("MAX_TOKENS", JSON.readTree(post("/v1beta/models/g:generateContent", GEMINI_BODY,
                "x-goog-api-key", KEY).body()).at("/candidates/0/finishReason").asText());
        assertEquals("length", JSON.readTree(post("/api/chat", OLLAMA_BODY).body()).get("done_reason").asText());
    }

    @Test
    void hangingRequestIsReleasedWhenTheServerStops() throws Exception {
        server.faults().next(Fault.hang());
        CompletableFuture<HttpResponse<String>> hanging = http.sendAsync(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
                        .header("Authorization", "Bearer " + KEY)
                        .POST(HttpRequest.BodyPublishers.ofString(OPENAI_BODY)).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertFalse(hanging.isDone(), "still hanging");
        long start = System.nanoTime();
        server.close();
        try {
            hanging.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException closedConnection) {
            // Either a 504 or a closed connection: what matters is that it ends.
        }
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5000);
    }

    @Test
    void hangLimitEndsAHangWith504() throws Exception {
        server.close();
        server = FakeLlmServer.builder().hangLimit(Duration.ofMillis(200)).start();
        server.faults().next(Fault.hang());
        assertEquals(504, openAi(OPENAI_BODY).statusCode());
    }

    @Test
    void latencyAppliesToEveryRequest() throws Exception {
        openAi(OPENAI_BODY);
        server.latency(Duration.ofMillis(250));
        long start = System.nanoTime();
        openAi(OPENAI_BODY);
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 250);
        assertEquals(Duration.ofMillis(250), server.latency());
    }

    @Test
    void recordsAndLogHoldNoKeyWhereverItWasSent() throws Exception {
        openAi("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"my key is " + KEY + "\"}]}");
        post("/v1/messages", ANTHROPIC_BODY, "x-api-key", KEY, "anthropic-version", "2023-06-01");
        post("/v1beta/models/g:generateContent?alt=json&key=" + KEY, GEMINI_BODY);
        post("/v1beta/models/g:generateContent", GEMINI_BODY, "x-goog-api-key", KEY);
        post("/api/chat", OLLAMA_BODY, "Authorization", "Bearer " + KEY);

        String recorded = server.requests().toString();
        assertFalse(recorded.contains(KEY), recorded);
        assertFalse(log.toString(StandardCharsets.UTF_8).contains(KEY));
        assertEquals(5, log.toString(StandardCharsets.UTF_8).lines().count());
        assertTrue(server.requests().get(0).body().contains("my key is [redacted]"));
        assertEquals("/v1beta/models/g:generateContent?alt=json&key=[redacted]", server.requests().get(2).path());
        assertEquals(List.of("[redacted]"), server.requests().get(1).headers().get("x-api-key"));
        assertEquals(List.of("2023-06-01"), server.requests().get(1).headers().get("anthropic-version"));
    }

    @Test
    void requestsAreRecordedWithTheParsedCall() throws Exception {
        openAi("{\"model\":\"gpt-test\",\"temperature\":0.5,\"max_tokens\":50,"
                + "\"response_format\":{\"type\":\"json_object\"},"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"be short\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"part one\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"ok\"},{\"role\":\"user\",\"content\":\"part two\"}]}");
        RecordedRequest request = server.requests().get(0);
        ChatCall call = request.call();
        assertEquals(Route.OPENAI, request.route());
        assertEquals("POST", request.method());
        assertEquals(200, request.status());
        assertEquals("be short", call.system());
        assertEquals(List.of(new ChatCall.Turn("user", "part one"), new ChatCall.Turn("assistant", "ok"),
                new ChatCall.Turn("user", "part two")), call.messages());
        assertEquals("part one\n\npart two", call.userText());
        assertTrue(call.jsonMode());
        assertNull(call.jsonSchema());
        assertEquals(50, call.maxTokens());
        assertEquals(0.5, call.temperature());
    }

    @Test
    void recordLimitKeepsTheMostRecent() throws Exception {
        server.close();
        server = FakeLlmServer.builder().recordLimit(3).start();
        for (int i = 0; i < 5; i++) {
            openAi(OPENAI_BODY);
        }
        assertEquals(List.of(3L, 4L, 5L),
                server.requests().stream().map(RecordedRequest::number).collect(Collectors.toList()));
        assertEquals(5, server.requestCount(Route.OPENAI));
    }

    @Test
    void responderFailureIsA500NotAHang() throws Exception {
        server.responder(call -> {
            throw new IllegalStateException("responder bug");
        });
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + KEY)
                .POST(HttpRequest.BodyPublishers.ofString(OPENAI_BODY)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(500, response.statusCode());
        assertTrue(response.body().contains("responder bug"));
    }

    @Test
    void faultParsingMatchesTheCommandLineForms() {
        assertEquals(Fault.rateLimited(5), Fault.parse("429:5"));
        assertEquals(Fault.rateLimited(1), Fault.parse("429"));
        assertEquals(Fault.serverError(), Fault.parse("500"));
        assertEquals(503, Fault.parse("503:2").status());
        assertEquals(2, Fault.parse("503:2").retryAfterSeconds());
        assertEquals(Fault.latency(Duration.ofMillis(150)), Fault.parse("latency:150"));
        assertEquals(Fault.Kind.MALFORMED_JSON, Fault.parse("malformed").kind());
        assertEquals(Fault.Kind.HANG, Fault.parse("HANG").kind());
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("200"));
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("sometimes"));
        assertThrows(IllegalArgumentException.class, () -> new FaultScript().randomly(1.5, Fault.serverError()));
    }
}
