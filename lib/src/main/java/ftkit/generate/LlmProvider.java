package ftkit.generate;

import java.util.List;
import java.util.Locale;

/**
 * The providers {@code generate} can call, with the environment variables their keys come from and their default
 * base URLs. The OpenAI-compatible routes (Together, Fireworks, vLLM, OpenRouter, Groq, or any other with a base
 * URL) go through LangChain4j's OpenAI client.
 */
public enum LlmProvider {
    OPENAI(Client.OPENAI, "https://api.openai.com/v1", true, List.of("openai"), "OPENAI_API_KEY"),
    ANTHROPIC(Client.ANTHROPIC, "https://api.anthropic.com/v1", true, List.of("anthropic", "claude"),
            "ANTHROPIC_API_KEY"),
    GEMINI(Client.GEMINI, "https://generativelanguage.googleapis.com/v1beta", true, List.of("gemini", "google"),
            "GOOGLE_API_KEY", "GEMINI_API_KEY"),
    MISTRAL(Client.MISTRAL, "https://api.mistral.ai/v1", true, List.of("mistral"), "MISTRAL_API_KEY"),
    /** A local Ollama needs no key; one is sent as a bearer token when set (a proxy or a hosted Ollama). */
    OLLAMA(Client.OLLAMA, "http://localhost:11434", false, List.of("ollama"), "OLLAMA_API_KEY", "LLAMA_API_KEY"),
    TOGETHER(Client.OPENAI, "https://api.together.xyz/v1", true, List.of("together"), "TOGETHER_API_KEY",
            "LLAMA_API_KEY"),
    FIREWORKS(Client.OPENAI, "https://api.fireworks.ai/inference/v1", true, List.of("fireworks"),
            "FIREWORKS_API_KEY", "LLAMA_API_KEY"),
    OPENROUTER(Client.OPENAI, "https://openrouter.ai/api/v1", true, List.of("openrouter"), "OPENROUTER_API_KEY",
            "LLAMA_API_KEY"),
    GROQ(Client.OPENAI, "https://api.groq.com/openai/v1", true, List.of("groq"), "GROQ_API_KEY", "LLAMA_API_KEY"),
    /** vLLM's server asks for a key only when started with {@code --api-key}. */
    VLLM(Client.OPENAI, "http://localhost:8000/v1", false, List.of("vllm"), "VLLM_API_KEY", "LLAMA_API_KEY"),
    /** Any other OpenAI-compatible endpoint; needs a base URL. */
    OPENAI_COMPATIBLE(Client.OPENAI, null, true, List.of("openai-compatible", "openai_compatible", "compatible"),
            "OPENAI_COMPATIBLE_API_KEY", "LLAMA_API_KEY");

    /** The LangChain4j client module a provider is spoken to with. */
    public enum Client {
        OPENAI,
        ANTHROPIC,
        GEMINI,
        MISTRAL,
        OLLAMA
    }

    private final Client client;
    private final String defaultBaseUrl;
    private final boolean keyRequired;
    private final List<String> names;
    private final List<String> keyVariables;

    LlmProvider(Client client, String defaultBaseUrl, boolean keyRequired, List<String> names,
            String... keyVariables) {
        this.client = client;
        this.defaultBaseUrl = defaultBaseUrl;
        this.keyRequired = keyRequired;
        this.names = names;
        this.keyVariables = List.of(keyVariables);
    }

    public Client client() {
        return client;
    }

    /** The provider's public endpoint, or null when a base URL must be given. */
    public String defaultBaseUrl() {
        return defaultBaseUrl;
    }

    public boolean keyRequired() {
        return keyRequired;
    }

    /** The variables the key is read from, first set one wins. */
    public List<String> keyVariables() {
        return keyVariables;
    }

    /** The name used in configuration, e.g. {@code openai-compatible}. */
    public String configName() {
        return names.get(0);
    }

    /** Parses a configuration name, case-insensitively, e.g. {@code google} or {@code Together}. */
    public static LlmProvider parse(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("no LLM provider given; expected one of " + knownNames());
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (LlmProvider provider : values()) {
            if (provider.names.contains(wanted)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown LLM provider '" + name + "'; expected one of " + knownNames());
    }

    private static String knownNames() {
        StringBuilder text = new StringBuilder();
        for (LlmProvider provider : values()) {
            text.append(text.length() == 0 ? "" : ", ").append(provider.configName());
        }
        return text.toString();
    }
}
