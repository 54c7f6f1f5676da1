package ftkit.generate;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.mistralai.MistralAiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.Map;
import java.util.Optional;

/**
 * Builds LangChain4j chat models for every {@link LlmProvider}.
 *
 * <p>LangChain4j's own retries are off ({@code maxRetries(0)}): {@code generate}'s retry layer owns backoff,
 * jitter and {@code Retry-After}, which LangChain4j's retry ignores. Every model uses {@link HeaderKeepingHttpClient},
 * so an error status can be read back with {@link LlmFailure#of(Throwable)}, {@code Retry-After} included. Request
 * and response logging stay off, so keys are never logged.
 */
public final class ChatModels {

    private ChatModels() {}

    /**
     * Builds the model.
     *
     * @param env the environment (plus {@code .env}) to read the key from
     * @throws MissingApiKeyException when the provider needs a key and none of its variables is set
     * @throws IllegalArgumentException when a provider without a default endpoint gets no base URL
     */
    public static ChatModel create(ChatModelSpec spec, Map<String, String> env) {
        LlmProvider provider = spec.provider();
        String apiKey = apiKey(provider, env).orElse(null);
        if (apiKey == null && provider.keyRequired()) {
            throw new MissingApiKeyException(provider);
        }
        String baseUrl = spec.baseUrl() != null ? spec.baseUrl() : provider.defaultBaseUrl();
        if (baseUrl == null) {
            throw new IllegalArgumentException("provider " + provider.configName()
                    + " needs a base URL (the endpoint's OpenAI-compatible /v1 address)");
        }
        HeaderKeepingHttpClient.Builder http = HeaderKeepingHttpClient.builder();
        switch (provider.client()) {
            case OPENAI:
                return OpenAiChatModel.builder()
                        .httpClientBuilder(http)
                        // OpenAI itself enforces a schema only in strict mode; compatible servers may reject it.
                        .strictJsonSchema(provider == LlmProvider.OPENAI)
                        .baseUrl(baseUrl)
                        .apiKey(apiKey)
                        .modelName(spec.model())
                        .timeout(spec.timeout())
                        .temperature(spec.temperature())
                        .maxTokens(spec.maxOutputTokens())
                        .maxRetries(0)
                        .logRequests(false)
                        .logResponses(false)
                        .build();
            case ANTHROPIC:
                return AnthropicChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(baseUrl)
                        .apiKey(apiKey)
                        .modelName(spec.model())
                        .timeout(spec.timeout())
                        .temperature(spec.temperature())
                        .maxTokens(spec.maxOutputTokens())
                        .maxRetries(0)
                        .logRequests(false)
                        .logResponses(false)
                        .build();
            case GEMINI:
                return GoogleAiGeminiChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(baseUrl)
                        .apiKey(apiKey)
                        .modelName(spec.model())
                        .timeout(spec.timeout())
                        .temperature(spec.temperature())
                        .maxOutputTokens(spec.maxOutputTokens())
                        .maxRetries(0)
                        .logRequests(false)
                        .logResponses(false)
                        .build();
            case MISTRAL:
                return MistralAiChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(baseUrl)
                        .apiKey(apiKey)
                        .modelName(spec.model())
                        .timeout(spec.timeout())
                        .temperature(spec.temperature())
                        .maxTokens(spec.maxOutputTokens())
                        .maxRetries(0)
                        .logRequests(false)
                        .logResponses(false)
                        .build();
            case OLLAMA:
                OllamaChatModel.OllamaChatModelBuilder ollama = OllamaChatModel.builder()
                        .httpClientBuilder(http)
                        .baseUrl(baseUrl)
                        .modelName(spec.model())
                        .timeout(spec.timeout())
                        .temperature(spec.temperature())
                        .numPredict(spec.maxOutputTokens())
                        .maxRetries(0)
                        .logRequests(false)
                        .logResponses(false);
                if (apiKey != null) {
                    ollama.customHeaders(Map.of("Authorization", "Bearer " + apiKey));
                }
                return ollama.build();
            default:
                throw new IllegalStateException("no LangChain4j client for " + provider);
        }
    }

    /** The key for {@code provider}: the first of its variables that is set and not blank. */
    public static Optional<String> apiKey(LlmProvider provider, Map<String, String> env) {
        for (String variable : provider.keyVariables()) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
        }
        return Optional.empty();
    }

    /** No key for a provider that needs one; the message names the variables, never a value. */
    public static final class MissingApiKeyException extends IllegalArgumentException {
        private final transient LlmProvider provider;

        MissingApiKeyException(LlmProvider provider) {
            super("no API key for provider " + provider.configName() + ": set "
                    + String.join(" or ", provider.keyVariables()) + " in the environment or in .env");
            this.provider = provider;
        }

        public LlmProvider provider() {
            return provider;
        }
    }
}
