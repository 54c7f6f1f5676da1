package ftkit.generate;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link ChatModels} needs to build a chat model.
 *
 * @param provider        the provider
 * @param model           the model name as the provider knows it
 * @param baseUrl         the endpoint, or null for the provider's default
 * @param timeout         the read and connect timeout of one request
 * @param temperature     the sampling temperature, or null for the provider's default
 * @param maxOutputTokens the output token limit, or null for the provider's default (Anthropic's client uses 1024)
 */
public record ChatModelSpec(
        LlmProvider provider, String model, String baseUrl, Duration timeout, Double temperature,
        Integer maxOutputTokens) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public ChatModelSpec {
        Objects.requireNonNull(provider, "provider");
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("no model name given for provider " + provider.configName());
        }
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
        }
        baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.trim();
    }

    /** A spec with the default timeout and the provider's defaults for everything else. */
    public static ChatModelSpec of(String provider, String model) {
        return new ChatModelSpec(LlmProvider.parse(provider), model, null, null, null, null);
    }

    public ChatModelSpec withBaseUrl(String newBaseUrl) {
        return new ChatModelSpec(provider, model, newBaseUrl, timeout, temperature, maxOutputTokens);
    }

    public ChatModelSpec withTimeout(Duration newTimeout) {
        return new ChatModelSpec(provider, model, baseUrl, newTimeout, temperature, maxOutputTokens);
    }

    public ChatModelSpec withTemperature(Double newTemperature) {
        return new ChatModelSpec(provider, model, baseUrl, timeout, newTemperature, maxOutputTokens);
    }

    public ChatModelSpec withMaxOutputTokens(Integer newMaxOutputTokens) {
        return new ChatModelSpec(provider, model, baseUrl, timeout, temperature, newMaxOutputTokens);
    }
}
