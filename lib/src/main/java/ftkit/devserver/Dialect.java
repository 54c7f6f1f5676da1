package ftkit.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;

/** One provider's wire format: how it authenticates, what a request looks like, how replies and errors look. */
abstract class Dialect {

    static final ObjectMapper JSON = new ObjectMapper();

    static Dialect forRoute(Route route) {
        switch (route) {
            case OPENAI:
            case OPENAI_COMPATIBLE:
                return new OpenAiDialect(route, false);
            case MISTRAL:
                return new OpenAiDialect(route, true);
            case ANTHROPIC:
                return new AnthropicDialect();
            case GEMINI:
                return new GeminiDialect();
            case OLLAMA:
                return new OllamaDialect();
            default:
                throw new IllegalStateException("no dialect for " + route);
        }
    }

    /** The header names that carry this provider's key, checked for redaction in records and logs. */
    static final String[] SECRET_HEADERS = {"authorization", "x-api-key", "x-goog-api-key", "api-key"};

    /**
     * The API key the request presents by this provider's convention, or null when there is none.
     *
     * @param query the raw query string, may be null
     */
    abstract String presentedKey(Headers headers, String query);

    /** A reason to reject the request before parsing its body (e.g. a missing version header), or null. */
    String missingRequiredHeader(Headers headers) {
        return null;
    }

    abstract ChatCall parse(JsonNode body, String modelFromPath) throws BadRequestException;

    /**
     * The success body.
     *
     * @param truncated true when the text was cut by the token limit (finish reason "length" or its equivalent)
     */
    abstract ObjectNode reply(ChatCall call, String text, boolean truncated, Usage usage, long requestNumber);

    /** The provider's error body for {@code status}. */
    abstract ObjectNode error(int status, String message);

    /** Token counts the server reports; estimated from characters, as the fake has no tokenizer. */
    record Usage(int inputTokens, int outputTokens) {
        int total() {
            return inputTokens + outputTokens;
        }
    }

    static String bearerToken(Headers headers) {
        String value = headers.getFirst("Authorization");
        if (value == null || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = value.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Text of a content field that is either a string or an array of parts with {@code text}. */
    static String contentText(JsonNode content) {
        if (content == null || content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    text.append(part.asText());
                } else if (part.has("text")) {
                    if (text.length() > 0) {
                        text.append('\n');
                    }
                    text.append(part.get("text").asText());
                }
            }
        }
        return text.toString();
    }

    static Integer intOrNull(JsonNode node) {
        return node == null || !node.isNumber() ? null : node.asInt();
    }

    static Double doubleOrNull(JsonNode node) {
        return node == null || !node.isNumber() ? null : node.asDouble();
    }

    static String requireText(JsonNode body, String field) throws BadRequestException {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new BadRequestException("'" + field + "' is required");
        }
        return value.asText();
    }

    static String normalizeRole(String role) {
        return "model".equals(role) ? "assistant" : role;
    }

    /** A request the provider would reject with 400; the message goes into the provider's error body. */
    static final class BadRequestException extends Exception {
        BadRequestException(String message) {
            super(message);
        }
    }
}
