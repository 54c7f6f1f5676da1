package ftkit.devserver;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provider APIs {@link FakeLlmServer} speaks, each on its own path so that requests can be counted per route.
 * {@link #basePath()} is what a LangChain4j client takes as its base URL (after {@code http://127.0.0.1:port}).
 */
public enum Route {
    /** OpenAI chat completions: {@code POST /v1/chat/completions}, {@code Authorization: Bearer}. */
    OPENAI("/v1", "/v1/chat/completions"),
    /** The same wire format under another base path, as Together, Fireworks, vLLM, OpenRouter and Groq serve it. */
    OPENAI_COMPATIBLE("/compat/v1", "/compat/v1/chat/completions"),
    /** Mistral chat completions on its own base path: {@code POST /mistral/v1/chat/completions}. */
    MISTRAL("/mistral/v1", "/mistral/v1/chat/completions"),
    /** Anthropic messages: {@code POST /v1/messages}, {@code x-api-key} and {@code anthropic-version} headers. */
    ANTHROPIC("/v1", "/v1/messages"),
    /** Gemini: {@code POST /v1beta/models/{model}:generateContent}, {@code x-goog-api-key} header or {@code key=}. */
    GEMINI("/v1beta", null),
    /** Ollama chat: {@code POST /api/chat}; no key by default, as a local Ollama has none. */
    OLLAMA("", "/api/chat");

    private static final Pattern GEMINI_PATH = Pattern.compile("^/v1beta/models/([^/:]+):generateContent$");

    private final String basePath;
    private final String chatPath;

    Route(String basePath, String chatPath) {
        this.basePath = basePath;
        this.chatPath = chatPath;
    }

    /** The path a client's base URL ends with. */
    public String basePath() {
        return basePath;
    }

    /** Lower-case name used in logs, statistics and the command line, e.g. {@code openai-compatible}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The route serving {@code path}, with the model named in the path for Gemini. */
    static Optional<Match> match(String path) {
        for (Route route : values()) {
            if (route.chatPath != null && route.chatPath.equals(path)) {
                return Optional.of(new Match(route, null));
            }
        }
        Matcher gemini = GEMINI_PATH.matcher(path);
        if (gemini.matches()) {
            return Optional.of(new Match(GEMINI, gemini.group(1)));
        }
        return Optional.empty();
    }

    /** Parses a label or enum name, e.g. {@code openai-compatible} or {@code OPENAI_COMPATIBLE}. */
    public static Route parse(String name) {
        String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Route route : values()) {
            if (route.name().equals(normalized)) {
                return route;
            }
        }
        throw new IllegalArgumentException("unknown route '" + name + "'; expected one of openai, openai-compatible,"
                + " mistral, anthropic, gemini, ollama");
    }

    record Match(Route route, String modelFromPath) {}
}
