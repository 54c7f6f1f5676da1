package ftkit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import ftkit.devserver.ChatCall;
import ftkit.devserver.DefaultResponder;
import ftkit.devserver.FakeLlmServer;
import ftkit.devserver.Fault;
import ftkit.devserver.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The real LangChain4j client of every provider, built by {@link ChatModels}, against {@link FakeLlmServer}. */
@Timeout(60)
class ChatModelsAgainstFakeServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream serverLog = new ByteArrayOutputStream();
    private FakeLlmServer server;

    @BeforeEach
    void startServer() {
        server = FakeLlmServer.builder()
                .log(new PrintStream(serverLog, true, StandardCharsets.UTF_8))
                .start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    static Stream<ProviderCase> providers() {
        return ProviderCase.all();
    }

    private static ChatRequest question(String system, String user) {
        return ChatRequest.builder().messages(SystemMessage.from(system), UserMessage.from(user)).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void clientGetsTheReplyAndTokenUsage(ProviderCase provider) {
        ChatModel model = ChatModels.create(provider.spec(server), provider.env());
        String reply = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        server.responder(call -> reply);

        ChatResponse response = model.chat(question("You write datasets.", "Write one conversation about tides."));

        assertEquals(reply, response.aiMessage().text());
        assertEquals(FinishReason.STOP, response.finishReason());
        RecordedRequest recorded = server.requests(provider.route()).get(0);
        ChatCall call = recorded.call();
        assertEquals(provider.model(), call.model());
        assertEquals("You write datasets.", call.system());
        assertEquals("Write one conversation about tides.", call.userText());
        assertEquals(FakeLlmServer.estimateTokens(call.promptText()), response.tokenUsage().inputTokenCount());
        assertEquals(FakeLlmServer.estimateTokens(reply), response.tokenUsage().outputTokenCount());
        assertEquals(response.tokenUsage().inputTokenCount() + response.tokenUsage().outputTokenCount(),
                response.tokenUsage().totalTokenCount());
        assertEquals(1, server.requestCount(provider.route()));
        assertEquals(1, server.totalRequests());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void defaultResponderRepliesWithAConversationDerivedFromThePrompt(ProviderCase provider) throws Exception {
        ChatModel model = ChatModels.create(provider.spec(server), provider.env());

        String first = model.chat(question("sys", "Explain photosynthesis in 2 turns")).aiMessage().text();
        String again = model.chat(question("sys", "Explain photosynthesis in 2 turns")).aiMessage().text();
        String other = model.chat(question("sys", "Explain volcanoes")).aiMessage().text();

        assertEquals(first, again);
        assertFalse(first.equals(other));
        JsonNode messages = JSON.readTree(first).get("messages");
        assertEquals(4, messages.size());
        assertEquals("user", messages.get(0).get("role").asText());
        assertEquals("assistant", messages.get(3).get("role").asText());
        assertTrue(messages.get(0).get("content").asText().contains("explain photosynthesis"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void jsonSchemaRequestReachesTheServerAndTheReplyFollowsIt(ProviderCase provider) throws Exception {
        ChatModel model = ChatModels.create(provider.spec(server), provider.env());
        JsonObjectSchema turn = JsonObjectSchema.builder()
                .addProperty("role", JsonEnumSchema.builder().enumValues("user", "assistant").build())
                .addProperty("content", JsonStringSchema.builder().build())
                .required("role", "content")
                .build();
        JsonSchema schema = JsonSchema.builder()
                .name("conversation")
                .rootElement(JsonObjectSchema.builder()
                        .addProperty("messages", JsonArraySchema.builder().items(turn).build())
                        .required("messages")
                        .build())
                .build();
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from("Write training data."), UserMessage.from("A question about tides"))
                .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON).jsonSchema(schema).build())
                .build();

        ChatResponse response = model.chat(request);

        ChatCall call = server.requests(provider.route()).get(0).call();
        assertTrue(call.jsonMode(), "JSON mode requested");
        assertNotNull(call.jsonSchema(), "the schema reached the server");
        JsonNode properties = call.jsonSchema().get("properties");
        assertTrue(properties.has("messages"), call.jsonSchema().toString());
        assertTrue(properties.get("messages").get("items").get("properties").has("role"));
        JsonNode messages = JSON.readTree(response.aiMessage().text()).get("messages");
        assertEquals(2, messages.size());
        assertEquals("user", messages.get(0).get("role").asText());
        assertEquals("assistant", messages.get(1).get("role").asText());
        assertTrue(messages.get(0).get("content").asText().contains("a question about tides"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void rateLimitIsARateLimitExceptionWithReadableRetryAfter(ProviderCase provider) {
        ChatModel model = ChatModels.create(provider.spec(server), provider.env());
        server.faults().next(Fault.rateLimited(7));

        RateLimitException thrown = assertThrows(RateLimitException.class, () -> model.chat(question("s", "u")));

        LlmFailure failure = LlmFailure.of(thrown);
        assertEquals(LlmFailure.Kind.RATE_LIMITED, failure.kind());
        assertEquals(429, failure.status().getAsInt());
        assertEquals(Duration.ofSeconds(7), failure.retryAfter().orElseThrow());
        assertTrue(failure.retryable());
        // The fault was used up: the next call succeeds.
        assertNotNull(model.chat(question("s", "u")).aiMessage().text());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void serverErrorsAreInternalServerExceptionsWithTheirStatus(ProviderCase provider) {
        ChatModel model = ChatModels.create(provider.spec(server), provider.env());
        server.faults().next(Fault.serverError(), Fault.unavailable());

        InternalServerException first = assertThrows(InternalServerException.class,
                () -> model.chat(question("s", "u")));
        InternalServerException second = assertThrows(InternalServerException.class,
                () -> model.chat(question("s", "u")));

        assertEquals(500, LlmFailure.of(first).status().getAsInt());
        assertEquals(503, LlmFailure.of(second).status().getAsInt());
        assertEquals(LlmFailure.Kind.SERVER_ERROR, LlmFailure.of(second).kind());
        assertTrue(LlmFailure.of(second).retryAfter().isEmpty());
        assertTrue(LlmFailure.of(second).retryable());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void malformedJsonIsAMalformedResponseFailure(ProviderCase provider) {
        ChatModel model = ChatModels.create(provider.spec(server), provider.env());
        server.faults().next(Fault.malformedJson());

        RuntimeException thrown = assertThrows(RuntimeException.class, () -> model.chat(question("s", "u")));

        LlmFailure failure = LlmFailure.of(thrown);
        assertEquals(LlmFailure.Kind.MALFORMED_RESPONSE, failure.kind(), failure.toString());
        assertTrue(failure.status().isEmpty());
        assertTrue(failure.retryable());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void truncatedReplyHasFinishReasonLength(ProviderCase provider) {
        ChatModel model = ChatModels.create(provider.spec(server), provider.env());
        server.responder(call -> "0123456789abcdefghij");
        server.faults().next(Fault.truncated());

        ChatResponse response = model.chat(question("s", "u"));

        assertEquals(FinishReason.LENGTH, response.finishReason());
        assertEquals("0123456789", response.aiMessage().text());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void replyLongerThanTheRequestedTokenLimitIsCutWithFinishReasonLength(ProviderCase provider) {
        ChatModel model = ChatModels.create(provider.spec(server).withMaxOutputTokens(5), provider.env());
        server.responder(call -> "x".repeat(100));

        ChatResponse response = model.chat(question("s", "u"));

        assertEquals(5, server.requests().get(0).call().maxTokens());
        assertEquals(FinishReason.LENGTH, response.finishReason());
        assertEquals("x".repeat(20), response.aiMessage().text());
        assertEquals(5, response.tokenUsage().outputTokenCount());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void hangIsATimeoutOnTheClientSide(ProviderCase provider) {
        ChatModel model = ChatModels.create(provider.spec(server).withTimeout(Duration.ofMillis(400)),
                provider.env());
        server.faults().next(Fault.hang());

        long start = System.nanoTime();
        TimeoutException thrown = assertThrows(TimeoutException.class, () -> model.chat(question("s", "u")));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(LlmFailure.Kind.TIMEOUT, LlmFailure.of(thrown).kind());
        assertTrue(millis >= 400 && millis < 5000, "gave up after the timeout, took " + millis + " ms");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void addedLatencyDelaysTheReply(ProviderCase provider) {
        ChatModel model = ChatModels.create(provider.spec(server), provider.env());
        model.chat(question("s", "warm-up"));
        server.faults().next(Fault.latency(Duration.ofMillis(300)));

        long start = System.nanoTime();
        model.chat(question("s", "u"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(millis >= 300, "took " + millis + " ms");
        assertEquals("latency:300ms", server.requests().get(1).fault());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void wrongKeyIsAnAuthenticationExceptionAndNoKeyIsEverRecordedOrLogged(ProviderCase provider) {
        server.close();
        server = FakeLlmServer.builder()
                .requiredKey("the-only-accepted-key")
                .ollamaRequiresKey(true)
                .log(new PrintStream(serverLog, true, StandardCharsets.UTF_8))
                .start();
        ChatModel model = ChatModels.create(provider.spec(server), provider.env());

        AuthenticationException thrown = assertThrows(AuthenticationException.class,
                () -> model.chat(question("s", "u")));

        LlmFailure failure = LlmFailure.of(thrown);
        assertEquals(LlmFailure.Kind.AUTHENTICATION, failure.kind());
        assertEquals(401, failure.status().getAsInt());
        assertFalse(failure.retryable());
        assertEquals(1, server.requestCount(provider.route()));
        assertKeyNowhere(ProviderCase.KEY, thrown);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void keyIsSentByTheProvidersConventionButNeverRecordedOrLogged(ProviderCase provider) {
        ChatModel model = ChatModels.create(provider.spec(server), provider.env());
        model.chat(question("s", "u"));
        server.faults().next(Fault.rateLimited(1));
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> model.chat(question("s", "u")));

        Map<String, List<String>> headers = server.requests().get(0).headers();
        String keyHeader = provider.route() == ftkit.devserver.Route.ANTHROPIC ? "x-api-key"
                : provider.route() == ftkit.devserver.Route.GEMINI ? "x-goog-api-key" : "authorization";
        assertEquals(List.of("[redacted]"), headers.get(keyHeader), headers.toString());
        assertKeyNowhere(ProviderCase.KEY, thrown);
    }

    private void assertKeyNowhere(String key, Throwable thrown) {
        String log = serverLog.toString(StandardCharsets.UTF_8);
        assertFalse(log.isEmpty(), "the server logged its requests");
        assertFalse(log.contains(key), "key in server log");
        assertFalse(server.requests().toString().contains(key), "key in recorded requests");
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(key), "key in exception message: " + t);
        }
        assertFalse(LlmFailure.of(thrown).toString().contains(key), "key in failure description");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void thirtyTwoParallelRequestsWith200msLatencyOverlap(ProviderCase provider) throws Exception {
        ChatModel model = ChatModels.create(provider.spec(server), provider.env());
        model.chat(question("s", "warm-up"));
        server.latency(Duration.ofMillis(200));
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            long start = System.nanoTime();
            List<Future<ChatResponse>> replies = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String user = "question " + i;
                replies.add(pool.submit(() -> model.chat(question("s", user))));
            }
            for (Future<ChatResponse> reply : replies) {
                assertNotNull(reply.get().aiMessage().text());
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            // Serially this takes 32 x 200 ms = 6.4 s; overlapping, about 200 ms plus overhead.
            assertTrue(millis < 2000, "32 parallel requests took " + millis + " ms");
            assertEquals(33, server.requestCount(provider.route()));
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void defaultResponderReplyMatchesTheRecordedCall(ProviderCase provider) {
        ChatModel model = ChatModels.create(provider.spec(server), provider.env());

        String text = model.chat(question("Be brief.", "Tell me about rivers")).aiMessage().text();

        assertEquals(new DefaultResponder().reply(server.requests().get(0).call()), text);
        assertInstanceOf(String.class, text);
    }
}
