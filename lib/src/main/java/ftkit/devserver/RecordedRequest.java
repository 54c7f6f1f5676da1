package ftkit.devserver;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request as {@link FakeLlmServer} saw it, with every credential already replaced by {@code [redacted]}: the
 * key headers ({@code Authorization}, {@code x-api-key}, {@code x-goog-api-key}, {@code api-key}), the
 * {@code key=} query parameter, and any occurrence of the presented key in the body.
 *
 * @param number     1-based arrival number, server-wide
 * @param route      the provider API, or null when the path matched none
 * @param method     HTTP method
 * @param path       path and query (key redacted)
 * @param headers    request headers, lower-case names, credentials redacted
 * @param body       the request body (key redacted)
 * @param call       the parsed request, or null when it was rejected before parsing
 * @param status     the HTTP status sent (0 when the client went away before a response, e.g. after a hang)
 * @param fault      the injected fault's label, or null
 * @param receivedAt arrival time
 * @param millis     time from arrival to the response being written
 */
public record RecordedRequest(
        long number,
        Route route,
        String method,
        String path,
        Map<String, List<String>> headers,
        String body,
        ChatCall call,
        int status,
        String fault,
        Instant receivedAt,
        long millis) {}
