package ftkit.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A chat request as {@link FakeLlmServer} understood it, whatever the provider's wire format.
 *
 * @param route        the provider API the request arrived on
 * @param model        the model name (from the body, or from the path for Gemini)
 * @param system       the system prompt, empty when there is none
 * @param messages     the conversation turns after the system prompt, in order
 * @param jsonSchema   the JSON schema the client asked the reply to follow, or null
 * @param jsonMode     true when the client asked for JSON (with or without a schema)
 * @param maxTokens    the requested output token limit, or null
 * @param temperature  the requested temperature, or null
 */
public record ChatCall(
        Route route,
        String model,
        String system,
        List<Turn> messages,
        JsonNode jsonSchema,
        boolean jsonMode,
        Integer maxTokens,
        Double temperature) {

    public ChatCall {
        system = system == null ? "" : system;
        messages = List.copyOf(messages);
    }

    /** All user turns joined by blank lines: what the default responder derives its reply from. */
    public String userText() {
        return messages.stream()
                .filter(turn -> turn.role().equals("user"))
                .map(Turn::text)
                .collect(Collectors.joining("\n\n"));
    }

    /** System prompt and every turn: what the server counts prompt tokens from. */
    public String promptText() {
        StringBuilder text = new StringBuilder(system);
        for (Turn turn : messages) {
            text.append('\n').append(turn.text());
        }
        return text.toString();
    }

    /** One turn; the role is normalized to system, user or assistant (Gemini's "model" becomes "assistant"). */
    public record Turn(String role, String text) {}
}
