package ftkit.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.model.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's reply into conversation turns and checks their structure: JSON ({@code {"messages": [...]}} or a
 * bare array; a code fence around it is tolerated), roles user/assistant alternating from user to assistant, no
 * empty content, and the number of exchanges asked for. Anything else is a {@link Problem} whose text goes back to
 * the model in a repair request and, if repairs run out, into the rejects file.
 */
public final class ConversationParser {

    private static final Pattern FENCE = Pattern.compile("^```[a-zA-Z]*\\s*\\n(.*?)\\n?```\\s*$", Pattern.DOTALL);

    private ConversationParser() {
    }

    /** Either the turns or the problem. */
    public sealed interface Result permits Turns, Problem {
    }

    public record Turns(List<Message> messages) implements Result {
    }

    public record Problem(String reason) implements Result {
    }

    /**
     * @param expectedPairs the user/assistant exchanges asked for; 0 accepts any number of at least one
     */
    public static Result parse(String reply, int expectedPairs) {
        if (reply == null || reply.isBlank()) return new Problem("the reply is empty");
        String text = reply.strip();
        Matcher fence = FENCE.matcher(text);
        if (fence.matches()) text = fence.group(1).strip();
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return new Problem("the reply is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode messages = root != null && root.isObject() ? root.get("messages") : root;
        if (messages == null || !messages.isArray()) {
            return new Problem("the reply has no \"messages\" array");
        }
        List<Message> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText("");
            JsonNode content = m.get("content");
            if (!role.equals(Message.USER) && !role.equals(Message.ASSISTANT)) {
                return new Problem("message " + (i + 1) + " has role \"" + role + "\"; only user and assistant are allowed");
            }
            String expected = i % 2 == 0 ? Message.USER : Message.ASSISTANT;
            if (!role.equals(expected)) {
                return new Problem("message " + (i + 1) + " is from " + role + " but should be from " + expected
                        + " (turns alternate, starting with user)");
            }
            if (content == null || !content.isTextual() || content.asText().isBlank()) {
                return new Problem("message " + (i + 1) + " (" + role + ") has no text content");
            }
            turns.add(new Message(role, content.asText()));
        }
        if (turns.isEmpty()) return new Problem("the conversation has no messages");
        if (turns.size() % 2 != 0) return new Problem("the conversation ends with a user message, not an assistant answer");
        int pairs = turns.size() / 2;
        if (expectedPairs > 0 && pairs != expectedPairs) {
            return new Problem("the conversation has " + pairs + " exchanges but " + expectedPairs + " were asked for");
        }
        return new Turns(turns);
    }
}
