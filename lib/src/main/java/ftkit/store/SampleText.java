package ftkit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.ToolCall;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The readable text of a sample (the brief's {@code content} column) and the hash of what it says. */
public final class SampleText {
    private SampleText() {
    }

    /** One "role: text" line per turn, system prompt first; tool calls as {@code name(arguments)}. */
    public static String render(Sample sample) {
        StringBuilder sb = new StringBuilder();
        for (Message m : sample.conversation()) {
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(m.role()).append(": ").append(m.contentOrEmpty());
            if (m.hasToolCalls()) {
                for (ToolCall call : m.toolCalls()) {
                    sb.append(m.contentOrEmpty().isEmpty() ? "" : " ").append("[call ").append(call.name())
                            .append('(').append(call.arguments() == null ? "" : call.arguments()).append(")]");
                }
            }
        }
        return sb.toString();
    }

    /**
     * SHA-256 (hex) of the canonical JSON of system, messages and tools, leaving out id and metadata: two samples
     * that say the same thing have the same hash wherever they came from.
     */
    public static String contentHash(Sample sample) {
        ObjectNode content = Json.MAPPER.createObjectNode();
        if (sample.system() != null) content.put("system", sample.system());
        content.set("messages", Json.MAPPER.valueToTree(sample.messages()));
        if (!sample.tools().isEmpty()) content.set("tools", Json.MAPPER.valueToTree(sample.tools()));
        try {
            return sha256(Json.MAPPER.writeValueAsBytes(content));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sample cannot be serialised: " + e.getOriginalMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
