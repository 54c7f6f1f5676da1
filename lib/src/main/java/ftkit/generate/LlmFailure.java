package ftkit.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What went wrong with one call of a LangChain4j chat model built by {@link ChatModels}, in the terms a retry
 * layer needs: the kind, the HTTP status if any, the provider's requested wait ({@code Retry-After}) if any, and
 * whether a retry may help.
 *
 * <p>What LangChain4j 1.18 throws (found in its sources and checked against {@code FakeLlmServer}):
 * <ul>
 *   <li>an error status: {@code RateLimitException} (429), {@code InternalServerException} (5xx),
 *       {@code AuthenticationException} (401/403), {@code ModelNotFoundException} (404), {@code TimeoutException}
 *       (408), {@code InvalidRequestException} (other 4xx), each with the {@code HttpException} as its cause; the
 *       status is {@code HttpException.statusCode()}, the body its message. Headers are not kept by LangChain4j:
 *       with {@link ChatModels}' HTTP client the cause is a {@link ProviderHttpException}, which has them;</li>
 *   <li>a read timeout: {@code dev.langchain4j.exception.TimeoutException} caused by
 *       {@code java.net.http.HttpTimeoutException};</li>
 *   <li>a body that is not valid JSON: a plain {@code RuntimeException} caused by Jackson's
 *       {@code JsonProcessingException} (each provider module has its own {@code Json.fromJson});</li>
 *   <li>a connection failure: {@code UncheckedIOException} from {@link HeaderKeepingHttpClient} (LangChain4j's own
 *       client: {@code RuntimeException} caused by the {@code IOException});</li>
 *   <li>a reply cut by the token limit is not an exception: {@code ChatResponse.finishReason()} is
 *       {@code FinishReason.LENGTH} for every provider.</li>
 * </ul>
 *
 * @param kind       the category
 * @param status     the HTTP status, when the provider answered with one
 * @param retryAfter the wait the provider asked for, when it sent one
 * @param message    a one-line description, free of credentials
 */
public record LlmFailure(Kind kind, OptionalInt status, Optional<Duration> retryAfter, String message) {

    public enum Kind {
        RATE_LIMITED(true),
        SERVER_ERROR(true),
        TIMEOUT(true),
        MALFORMED_RESPONSE(true),
        CONNECTION(true),
        AUTHENTICATION(false),
        MODEL_NOT_FOUND(false),
        INVALID_REQUEST(false),
        OTHER(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    /** True when trying the same request again may succeed (429, 5xx, timeouts, malformed bodies, connections). */
    public boolean retryable() {
        return kind.retryable();
    }

    /** Classifies anything a {@code ChatModel.chat} call threw. */
    public static LlmFailure of(Throwable thrown) {
        HttpException http = find(thrown, HttpException.class);
        if (http != null) {
            Optional<Duration> retryAfter = http instanceof ProviderHttpException
                    ? ((ProviderHttpException) http).retryAfter()
                    : Optional.empty();
            return new LlmFailure(kindOfStatus(http.statusCode(), thrown), OptionalInt.of(http.statusCode()),
                    retryAfter, "HTTP " + http.statusCode() + ": " + oneLine(http.getMessage()));
        }
        if (thrown instanceof TimeoutException || find(thrown, HttpTimeoutException.class) != null) {
            return new LlmFailure(Kind.TIMEOUT, OptionalInt.empty(), Optional.empty(),
                    "timed out: " + oneLine(thrown.getMessage()));
        }
        JsonProcessingException json = find(thrown, JsonProcessingException.class);
        if (json != null) {
            return new LlmFailure(Kind.MALFORMED_RESPONSE, OptionalInt.empty(), Optional.empty(),
                    "the provider's response is not valid JSON: " + oneLine(json.getOriginalMessage()));
        }
        if (thrown instanceof UnresolvedModelServerException || find(thrown, IOException.class) != null) {
            return new LlmFailure(Kind.CONNECTION, OptionalInt.empty(), Optional.empty(),
                    "connection failed: " + oneLine(thrown.getMessage()));
        }
        return new LlmFailure(kindOfType(thrown), OptionalInt.empty(), Optional.empty(),
                thrown.getClass().getSimpleName() + ": " + oneLine(thrown.getMessage()));
    }

    private static Kind kindOfStatus(int status, Throwable thrown) {
        if (status == 429) {
            return Kind.RATE_LIMITED;
        }
        if (status >= 500) {
            return Kind.SERVER_ERROR;
        }
        if (status == 408) {
            return Kind.TIMEOUT;
        }
        if (status == 401 || status == 403) {
            return Kind.AUTHENTICATION;
        }
        if (status == 404) {
            return Kind.MODEL_NOT_FOUND;
        }
        return status >= 400 ? Kind.INVALID_REQUEST : kindOfType(thrown);
    }

    private static Kind kindOfType(Throwable thrown) {
        if (thrown instanceof RateLimitException) {
            return Kind.RATE_LIMITED;
        }
        if (thrown instanceof InternalServerException) {
            return Kind.SERVER_ERROR;
        }
        if (thrown instanceof AuthenticationException) {
            return Kind.AUTHENTICATION;
        }
        if (thrown instanceof ModelNotFoundException) {
            return Kind.MODEL_NOT_FOUND;
        }
        if (thrown instanceof InvalidRequestException) {
            return Kind.INVALID_REQUEST;
        }
        return Kind.OTHER;
    }

    private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable current = thrown; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }

    private static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
