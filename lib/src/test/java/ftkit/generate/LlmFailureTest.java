package ftkit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.internal.ExceptionMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import dev.langchain4j.model.chat.ChatModel;
import org.junit.jupiter.api.Test;

/** Classification of what LangChain4j throws, including exceptions built the way LangChain4j builds them. */
class LlmFailureTest {

    @Test
    void retryAfterIsReadAsSecondsHttpDateOrMilliseconds() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(Duration.ofSeconds(30), ProviderHttpException.parseRetryAfter("30", now).orElseThrow());
        assertEquals(Duration.ofMillis(1500), ProviderHttpException.parseRetryAfter("1.5", now).orElseThrow());
        assertEquals(Duration.ofSeconds(90),
                ProviderHttpException.parseRetryAfter("Thu, 01 Jan 2026 00:01:30 GMT", now).orElseThrow());
        assertEquals(Duration.ZERO,
                ProviderHttpException.parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now).orElseThrow());
        assertTrue(ProviderHttpException.parseRetryAfter("soon", now).isEmpty());
        assertTrue(ProviderHttpException.parseRetryAfter("-3", now).isEmpty());

        ProviderHttpException withMillis = new ProviderHttpException(429, "{}",
                Map.of("retry-after-ms", List.of("250"), "Retry-After", List.of("1")), now);
        assertEquals(Duration.ofMillis(250), withMillis.retryAfter().orElseThrow());
        ProviderHttpException caseInsensitive = new ProviderHttpException(429, "{}",
                Map.of("retry-after", List.of("4")), now);
        assertEquals(Duration.ofSeconds(4), caseInsensitive.retryAfter().orElseThrow());
    }

    @Test
    void langChain4jsOwnHttpExceptionGivesTheStatusButNoRetryAfter() {
        RuntimeException mapped = ExceptionMapper.DEFAULT.mapException(new HttpException(429, "slow down"));

        assertTrue(mapped instanceof RateLimitException);
        LlmFailure failure = LlmFailure.of(mapped);
        assertEquals(LlmFailure.Kind.RATE_LIMITED, failure.kind());
        assertEquals(429, failure.status().getAsInt());
        assertTrue(failure.retryAfter().isEmpty());
    }

    @Test
    void statusesMapToKinds() {
        Map<Integer, LlmFailure.Kind> expected = Map.of(
                400, LlmFailure.Kind.INVALID_REQUEST,
                401, LlmFailure.Kind.AUTHENTICATION,
                403, LlmFailure.Kind.AUTHENTICATION,
                404, LlmFailure.Kind.MODEL_NOT_FOUND,
                408, LlmFailure.Kind.TIMEOUT,
                429, LlmFailure.Kind.RATE_LIMITED,
                500, LlmFailure.Kind.SERVER_ERROR,
                529, LlmFailure.Kind.SERVER_ERROR);
        expected.forEach((status, kind) -> {
            LlmFailure failure = LlmFailure.of(ExceptionMapper.DEFAULT.mapException(
                    new ProviderHttpException(status, "body", Map.of(), Instant.now())));
            assertEquals(kind, failure.kind(), "status " + status);
            assertEquals(status, failure.status().getAsInt());
        });
    }

    @Test
    void timeoutsAndUnknownErrors() {
        assertEquals(LlmFailure.Kind.TIMEOUT,
                LlmFailure.of(new TimeoutException(new java.net.http.HttpTimeoutException("request timed out"))).kind());
        LlmFailure other = LlmFailure.of(new IllegalStateException("boom"));
        assertEquals(LlmFailure.Kind.OTHER, other.kind());
        assertFalse(other.retryable());
        assertEquals(LlmFailure.Kind.CONNECTION,
                LlmFailure.of(new UncheckedIOException(new ConnectException("refused"))).kind());
    }

    @Test
    void refusedConnectionIsAConnectionFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ChatModel model = ChatModels.create(ChatModelSpec.of("openai", "gpt-4o-mini")
                .withBaseUrl("http://127.0.0.1:" + closedPort + "/v1"), Map.of("OPENAI_API_KEY", "k-123456"));

        RuntimeException thrown = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> model.chat("hello"));

        LlmFailure failure = LlmFailure.of(thrown);
        assertEquals(LlmFailure.Kind.CONNECTION, failure.kind(), failure.toString());
        assertTrue(failure.retryable());
        assertTrue(failure.message().contains("127.0.0.1:" + closedPort), failure.message());
    }
}
