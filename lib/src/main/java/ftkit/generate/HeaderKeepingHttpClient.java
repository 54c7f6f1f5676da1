package ftkit.generate;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * LangChain4j's JDK HTTP client, except that an error status throws {@link ProviderHttpException}, which keeps
 * the response headers (for {@code Retry-After}), and the error body has any credential sent with the request
 * replaced by {@code [redacted]} (some providers echo part of a wrong key). Streaming is delegated unchanged to
 * LangChain4j's default client.
 */
final class HeaderKeepingHttpClient implements HttpClient {

    static final int MAX_ERROR_BODY_CHARS = 4000;

    private final java.net.http.HttpClient delegate;
    private final Duration readTimeout;
    private final HttpClient streaming;

    private HeaderKeepingHttpClient(Builder builder) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder()
                // Plain HTTP/1.1: no h2c upgrade attempt on http:// endpoints such as vLLM, Ollama or a test server.
                .version(java.net.http.HttpClient.Version.HTTP_1_1);
        if (builder.connectTimeout != null) {
            jdk.connectTimeout(builder.connectTimeout);
        }
        this.delegate = jdk.build();
        this.readTimeout = builder.readTimeout;
        // LangChain4j's default client (the JDK one, found through its service loader) for streaming.
        this.streaming = HttpClientBuilderLoader.loadHttpClientBuilder()
                .connectTimeout(builder.connectTimeout)
                .readTimeout(builder.readTimeout)
                .build();
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        java.net.http.HttpRequest.Builder jdkRequest = java.net.http.HttpRequest.newBuilder()
                .uri(URI.create(request.url()))
                .method(request.method().name(), request.body() == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> jdkRequest.header(name, value));
            }
        });
        if (readTimeout != null) {
            jdkRequest.timeout(readTimeout);
        }
        try {
            java.net.http.HttpResponse<byte[]> response = delegate.send(jdkRequest.build(), BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status < 200 || status >= 300) {
                String body = redact(new String(response.body(), StandardCharsets.UTF_8), request);
                if (body.length() > MAX_ERROR_BODY_CHARS) {
                    body = body.substring(0, MAX_ERROR_BODY_CHARS) + "...";
                }
                throw new ProviderHttpException(status, body, response.headers().map(), Instant.now());
            }
            return SuccessfulHttpResponse.builder()
                    .statusCode(status)
                    .headers(response.headers().map())
                    .body(response.body())
                    .build();
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + hostOf(request), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + hostOf(request) + ": " + e, e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        streaming.execute(request, parser, listener);
    }

    private static String hostOf(HttpRequest request) {
        URI uri = URI.create(request.url());
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    /** Replaces every credential sent with {@code request} (4+ characters) found in {@code text}. */
    static String redact(String text, HttpRequest request) {
        List<String> secrets = new ArrayList<>();
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (values != null && (lower.equals("authorization") || lower.equals("x-api-key")
                    || lower.equals("x-goog-api-key") || lower.equals("api-key"))) {
                for (String value : values) {
                    secrets.add(value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value);
                }
            }
        });
        String result = text;
        for (String secret : secrets) {
            if (secret.length() >= 4) {
                result = result.replace(secret, "[redacted]");
                // Providers often echo a key shortened, e.g. "sk-abc***xyz": drop its visible head too.
                if (secret.length() >= 12) {
                    result = result.replace(secret.substring(0, 8), "[redacted]");
                }
            }
        }
        return result;
    }

    static final class Builder implements HttpClientBuilder {
        private Duration connectTimeout;
        private Duration readTimeout;

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            return new HeaderKeepingHttpClient(this);
        }
    }
}
