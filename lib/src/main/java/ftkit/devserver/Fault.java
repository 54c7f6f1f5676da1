package ftkit.devserver;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A failure {@link FakeLlmServer} injects into one response.
 *
 * @param kind              what goes wrong
 * @param status            the HTTP status sent for {@link Kind#HTTP_ERROR}, else 200
 * @param retryAfterSeconds the {@code Retry-After} header value in seconds, or -1 for none
 * @param delay             the added latency for {@link Kind#LATENCY}, else zero
 */
public record Fault(Kind kind, int status, int retryAfterSeconds, Duration delay) {

    public enum Kind {
        /** An error status with the provider's error body (429, 500, 503, ...). */
        HTTP_ERROR,
        /** The normal reply, sent after an extra delay. */
        LATENCY,
        /** Status 200 with a body that is cut off in the middle of the JSON. */
        MALFORMED_JSON,
        /** A valid response whose text is cut short, marked as stopped by the token limit. */
        TRUNCATED,
        /** No response until the client gives up (or the server's hang limit or stop). */
        HANG
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        delay = delay == null ? Duration.ZERO : delay;
    }

    /** 429 Too Many Requests with {@code Retry-After: seconds}. */
    public static Fault rateLimited(int retryAfterSeconds) {
        return new Fault(Kind.HTTP_ERROR, 429, retryAfterSeconds, Duration.ZERO);
    }

    /** 500 Internal Server Error. */
    public static Fault serverError() {
        return httpError(500);
    }

    /** 503 Service Unavailable, without Retry-After. */
    public static Fault unavailable() {
        return httpError(503);
    }

    /** Any error status, without Retry-After. */
    public static Fault httpError(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an injected error status must be 4xx or 5xx, got " + status);
        }
        return new Fault(Kind.HTTP_ERROR, status, -1, Duration.ZERO);
    }

    public static Fault latency(Duration delay) {
        return new Fault(Kind.LATENCY, 200, -1, delay);
    }

    public static Fault malformedJson() {
        return new Fault(Kind.MALFORMED_JSON, 200, -1, Duration.ZERO);
    }

    public static Fault truncated() {
        return new Fault(Kind.TRUNCATED, 200, -1, Duration.ZERO);
    }

    public static Fault hang() {
        return new Fault(Kind.HANG, 200, -1, Duration.ZERO);
    }

    /**
     * Parses the command-line form: {@code 429}, {@code 429:5} (Retry-After 5 s), {@code 500}, {@code 503},
     * {@code latency:200} (ms), {@code malformed}, {@code truncated}, {@code hang}.
     */
    public static Fault parse(String text) {
        String spec = text.trim().toLowerCase(Locale.ROOT);
        String[] parts = spec.split(":", 2);
        try {
            switch (parts[0]) {
                case "malformed":
                case "malformed-json":
                    return malformedJson();
                case "truncated":
                    return truncated();
                case "hang":
                    return hang();
                case "latency":
                    return latency(Duration.ofMillis(parts.length > 1 ? Long.parseLong(parts[1]) : 200));
                case "429":
                    return rateLimited(parts.length > 1 ? Integer.parseInt(parts[1]) : 1);
                default:
                    int status = Integer.parseInt(parts[0]);
                    Fault fault = httpError(status);
                    return parts.length > 1
                            ? new Fault(Kind.HTTP_ERROR, status, Integer.parseInt(parts[1]), Duration.ZERO)
                            : fault;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot read fault '" + text + "'; expected 429[:retry-after-s], 500,"
                    + " 503, <status>[:retry-after-s], latency:<ms>, malformed, truncated or hang");
        }
    }

    /** Short name for logs and records, e.g. {@code 429}, {@code latency:200ms}, {@code hang}. */
    public String label() {
        switch (kind) {
            case HTTP_ERROR:
                return retryAfterSeconds >= 0 ? status + ":retry-after=" + retryAfterSeconds : String.valueOf(status);
            case LATENCY:
                return "latency:" + delay.toMillis() + "ms";
            default:
                return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
