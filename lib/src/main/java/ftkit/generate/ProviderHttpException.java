package ftkit.generate;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An error status from a provider, with the response headers that LangChain4j's own {@link HttpException} drops.
 *
 * <p>LangChain4j 1.18's JDK client throws {@code HttpException(status, body)} and its {@code ExceptionMapper} then
 * wraps it by status: 429 in {@code RateLimitException}, 5xx in {@code InternalServerException}, 401/403 in
 * {@code AuthenticationException}, 404 in {@code ModelNotFoundException}, 408 in {@code TimeoutException}, other
 * 4xx in {@code InvalidRequestException}. None of those carry headers, so {@code Retry-After} is lost.
 * {@link HeaderKeepingHttpClient} throws this subclass instead; the mapper still finds it as the root cause and
 * wraps it the same way, and {@link LlmFailure#of(Throwable)} reads it back from the cause chain.
 */
public final class ProviderHttpException extends HttpException {

    private final Map<String, List<String>> headers;
    private final transient Instant receivedAt;

    ProviderHttpException(int statusCode, String body, Map<String, List<String>> headers, Instant receivedAt) {
        super(statusCode, body);
        TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        this.headers = caseInsensitive;
        this.receivedAt = receivedAt;
    }

    /** Response headers, looked up case-insensitively. Request headers (and so API keys) are never in here. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * How long the provider asked to wait: {@code retry-after-ms} (OpenAI, Azure) if present, else
     * {@code Retry-After} as seconds or as an HTTP date. Empty when absent or unreadable; never negative.
     */
    public Optional<Duration> retryAfter() {
        Optional<String> millis = header("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Optional.of(Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.get().trim()))));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        return header("Retry-After").flatMap(value -> parseRetryAfter(value, receivedAt));
    }

    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String trimmed = value.trim();
        try {
            double seconds = Double.parseDouble(trimmed);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofMillis((long) (seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.US))
                        .toInstant();
                Duration wait = Duration.between(now, at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
