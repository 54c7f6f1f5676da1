package ftkit.validate;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.io.RecordFormat;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.ToolCall;
import ftkit.providers.FormatRules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one record against one record format's rules: first the raw JSON's shape (keys, roles, types), then
 * the conversation's content and order. Canonical samples (this project's own intermediate files) skip the
 * shape checks, since export sets the shape, and get the content checks in the target's terms.
 */
public final class RecordRules {
    private RecordRules() {
    }

    /** The record-format shape a detected input format has. */
    static String shapeOf(RecordFormat f) {
        return switch (f) {
            case CANONICAL -> "canonical";
            case OPENAI_CHAT, BEDROCK_CLAUDE -> "messages";
            case BEDROCK_CONVERSE -> "bedrock-converse";
            case VERTEX_GEMINI -> "gemini";
            case ALPACA -> "alpaca";
            case SHAREGPT -> "sharegpt";
            case PROMPT_COMPLETION -> "prompt-completion";
        };
    }

    /**
     * @param raw      the record as read
     * @param detected its detected (or forced) format
     * @param sample   the record as a canonical sample, or null when it could not be read as one
     */
    public static List<Finding> check(FormatRules rules, JsonNode raw, RecordFormat detected, Sample sample) {
        List<Finding> out = new ArrayList<>();
        String shape = shapeOf(detected);
        if (!shape.equals("canonical")) {
            if (!shape.equals(rules.shape())) {
                out.add(Finding.error("wrong_format", "record is " + detected.description() + " but this target expects "
                        + rules.description() + " (export converts it: export --target …)"));
                return out;
            }
            checkTopLevelKeys(rules, raw, out);
            switch (rules.shape()) {
                case "messages" -> checkMessagesShape(rules, raw, out);
                case "gemini" -> checkGeminiShape(raw, out);
                case "bedrock-converse" -> checkConverseShape(raw, out);
                case "prompt-completion" -> requireStrings(raw, out, "prompt", "completion");
                case "alpaca" -> {
                    requireStrings(raw, out, "instruction", "output");
                    if (raw.has("input") && !raw.get("input").isTextual()) out.add(Finding.error("field_not_string", "'input' must be a string"));
                }
                case "sharegpt" -> checkShareGptShape(rules, raw, out);
                default -> {
                }
            }
            if (hasErrors(out)) return out;
        }
        if (sample != null) checkContent(rules, sample, out);
        return out;
    }

    private static boolean hasErrors(List<Finding> findings) {
        for (Finding f : findings) if (f.isError()) return true;
        return false;
    }

    private static void checkTopLevelKeys(FormatRules rules, JsonNode raw, List<Finding> out) {
        if ("ignore".equals(rules.extraTopLevelKeys()) || rules.topLevelKeys().isEmpty()) return;
        for (Map.Entry<String, JsonNode> e : raw.properties()) {
            if (!rules.topLevelKeys().contains(e.getKey())) {
                out.add(new Finding("extraneous_key", Severity.of(rules.extraTopLevelKeys()),
                        "top-level key '" + e.getKey() + "' is not part of the format (allowed: " + String.join(", ", rules.topLevelKeys()) + ")"));
            }
        }
    }

    private static void requireStrings(JsonNode raw, List<Finding> out, String... keys) {
        for (String k : keys) {
            JsonNode v = raw.get(k);
            if (v == null || v.isNull()) out.add(Finding.error("missing_field", "'" + k + "' is missing"));
            else if (!v.isTextual()) out.add(Finding.error("field_not_string", "'" + k + "' must be a string, found " + type(v)));
        }
    }

    private static String type(JsonNode v) {
        return v.getNodeType().name().toLowerCase();
    }

    private static void checkMessagesShape(FormatRules rules, JsonNode raw, List<Finding> out) {
        JsonNode messages = raw.get("messages");
        if (messages == null || !messages.isArray()) {
            out.add(Finding.error("missing_messages", "'messages' must be an array"));
            return;
        }
        if (messages.isEmpty()) {
            out.add(Finding.error("missing_messages", "'messages' is empty"));
            return;
        }
        if (raw.has("system") && !raw.get("system").isTextual() && rules.topLevelKeys().contains("system")) {
            out.add(Finding.error("field_not_string", "'system' must be a string"));
        }
        int i = 0;
        for (JsonNode m : messages) {
            String where = "messages[" + i + "]";
            if (!m.isObject()) {
                out.add(Finding.error("bad_message", where + " is not an object"));
                i++;
                continue;
            }
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual()) {
                out.add(Finding.error("message_missing_key", where + " has no 'role'"));
            } else if (!rules.roles().contains(role.asText())) {
                out.add(Finding.error("unrecognized_role", where + ".role '" + role.asText() + "' is not allowed (allowed: "
                        + String.join(", ", rules.roles()) + ")"));
            }
            for (Map.Entry<String, JsonNode> e : m.properties()) {
                if (!rules.messageKeys().isEmpty() && !rules.messageKeys().contains(e.getKey())) {
                    out.add(Finding.error("message_unrecognized_key", where + " has key '" + e.getKey() + "' (allowed: "
                            + String.join(", ", rules.messageKeys()) + ")"));
                }
            }
            boolean hasToolCalls = m.has("tool_calls") && !m.get("tool_calls").isNull();
            JsonNode content = m.get("content");
            if (content == null || content.isNull()) {
                if (!hasToolCalls) out.add(Finding.error("missing_content", where + " has no 'content'"));
                else if ("mistral".equals(rules.toolCalls()) && content != null) {
                    out.add(Finding.error("tool_call_content", where + " has tool_calls and a 'content' key: Mistral forbids content beside tool_calls"));
                }
            } else if (content.isTextual()) {
                if (hasToolCalls && "mistral".equals(rules.toolCalls())) {
                    out.add(Finding.error("tool_call_content", where + " has tool_calls and a 'content' key: Mistral forbids content beside tool_calls"));
                }
            } else if (content.isArray() && ("openai".equals(rules.toolCalls()) || "mistral".equals(rules.toolCalls()))) {
                for (JsonNode part : content) {
                    if (!"text".equals(part.path("type").asText())) {
                        out.add(Finding.error("unsupported_content", where + ".content has a '" + part.path("type").asText("untyped")
                                + "' part; this tool checks text-only datasets"));
                        break;
                    }
                }
            } else {
                out.add(Finding.error("content_not_string", where + ".content must be a string, found " + type(content)));
            }
            JsonNode weight = m.get("weight");
            if (weight != null) checkWeight(rules, where, role == null ? null : role.asText(), weight, out);
            i++;
        }
    }

    private static void checkWeight(FormatRules rules, String where, String role, JsonNode weight, List<Finding> out) {
        if ("none".equals(rules.weight())) {
            out.add(Finding.error("weight_not_allowed", where + " has 'weight', which this format does not support"));
            return;
        }
        if (!weight.isIntegralNumber() || (weight.intValue() != 0 && weight.intValue() != 1)) {
            out.add(Finding.error("bad_weight", where + ".weight must be the integer 0 or 1, found " + weight));
            return;
        }
        if ("assistant-only".equals(rules.weight()) && !Message.ASSISTANT.equals(role)) {
            out.add(Finding.error("weight_on_non_assistant", where + " (" + role + ") has 'weight'; only assistant messages may"));
        }
    }

    private static void checkGeminiShape(JsonNode raw, List<Finding> out) {
        JsonNode contents = raw.get("contents");
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            out.add(Finding.error("missing_contents", "'contents' must be a non-empty array"));
            return;
        }
        int i = 0;
        for (JsonNode turn : contents) {
            String where = "contents[" + i + "]";
            String role = turn.path("role").asText(null);
            if (role == null) out.add(Finding.error("message_missing_key", where + " has no 'role'"));
            else if (!role.equals("user") && !role.equals("model")) {
                out.add(Finding.error("unrecognized_role", where + ".role '" + role + "' is not allowed (allowed: user, model)"));
            }
            JsonNode parts = turn.get("parts");
            if (parts == null || !parts.isArray() || parts.isEmpty()) {
                out.add(Finding.error("missing_content", where + " has no 'parts'"));
            } else {
                int p = 0;
                for (JsonNode part : parts) {
                    if (!(part.path("text").isTextual() || part.has("functionCall") || part.has("functionResponse") || part.has("fileData"))) {
                        out.add(Finding.error("bad_part", where + ".parts[" + p + "] has none of text, functionCall, functionResponse, fileData"));
                    }
                    p++;
                }
            }
            i++;
        }
        JsonNode si = raw.has("systemInstruction") ? raw.get("systemInstruction") : raw.get("system_instruction");
        if (si != null) {
            for (JsonNode part : si.path("parts")) {
                if (!part.path("text").isTextual()) {
                    out.add(Finding.error("bad_part", "systemInstruction parts must be text only"));
                    break;
                }
            }
        }
    }

    private static void checkConverseShape(JsonNode raw, List<Finding> out) {
        if (!"bedrock-conversation-2024".equals(raw.path("schemaVersion").asText())) {
            out.add(Finding.error("bad_schema_version", "'schemaVersion' must be \"bedrock-conversation-2024\""));
        }
        JsonNode system = raw.get("system");
        if (system != null && (!system.isArray() || !allTextParts(system))) {
            out.add(Finding.error("bad_part", "'system' must be an array of {\"text\": …}"));
        }
        JsonNode messages = raw.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            out.add(Finding.error("missing_messages", "'messages' must be a non-empty array"));
            return;
        }
        int i = 0;
        for (JsonNode m : messages) {
            String role = m.path("role").asText(null);
            if (role == null) out.add(Finding.error("message_missing_key", "messages[" + i + "] has no 'role'"));
            else if (!role.equals("user") && !role.equals("assistant")) {
                out.add(Finding.error("unrecognized_role", "messages[" + i + "].role '" + role + "' is not allowed (allowed: user, assistant)"));
            }
            JsonNode content = m.get("content");
            if (content == null || !content.isArray() || content.isEmpty() || !allTextParts(content)) {
                out.add(Finding.error("bad_part", "messages[" + i + "].content must be a non-empty array of {\"text\": …}"));
            }
            i++;
        }
    }

    private static boolean allTextParts(JsonNode parts) {
        for (JsonNode p : parts) if (!p.path("text").isTextual()) return false;
        return true;
    }

    private static void checkShareGptShape(FormatRules rules, JsonNode raw, List<Finding> out) {
        JsonNode conv = raw.get("conversations");
        if (conv == null || !conv.isArray() || conv.isEmpty()) {
            out.add(Finding.error("missing_messages", "'conversations' must be a non-empty array"));
            return;
        }
        int i = 0;
        for (JsonNode t : conv) {
            String from = t.path("from").asText(null);
            if (from == null) out.add(Finding.error("message_missing_key", "conversations[" + i + "] has no 'from'"));
            else if (!rules.roles().contains(from)) {
                out.add(Finding.error("unrecognized_role", "conversations[" + i + "].from '" + from + "' is not allowed (allowed: "
                        + String.join(", ", rules.roles()) + ")"));
            }
            if (!t.path("value").isTextual()) out.add(Finding.error("content_not_string", "conversations[" + i + "].value must be a string"));
            i++;
        }
    }

    /** Maps a role name in a format's vocabulary onto the canonical one (model, gpt → assistant; human → user). */
    static String canonicalRole(String role) {
        if (role == null) return null;
        return switch (role) {
            case "model", "gpt" -> Message.ASSISTANT;
            case "human" -> Message.USER;
            default -> role;
        };
    }

    private static void checkContent(FormatRules rules, Sample sample, List<Finding> out) {
        List<Message> turns = sample.messages();
        Set<String> allowedRoles = new HashSet<>();
        for (String r : rules.roles()) allowedRoles.add(canonicalRole(r));
        if (sample.system() != null && sample.system().isBlank()) {
            out.add(Finding.error("empty_content", "the system prompt is empty or whitespace only"));
        }
        int systemCount = sample.system() == null ? 0 : 1;
        boolean toolsAllowed = !"none".equals(rules.toolCalls());
        for (int i = 0; i < turns.size(); i++) {
            Message m = turns.get(i);
            String where = "message " + (i + 1 + (sample.system() == null ? 0 : 1)) + " (" + m.role() + ")";
            if (Message.SYSTEM.equals(m.role())) {
                systemCount++;
                if ("first".equals(rules.systemPosition()) || "none".equals(rules.systemPosition())) {
                    out.add(Finding.error("system_not_first", where + ": a system message may only come first"));
                }
            } else if (!allowedRoles.isEmpty() && !allowedRoles.contains(m.role()) && !(m.role().equals(Message.TOOL) && toolsAllowed)) {
                out.add(Finding.error("unrecognized_role", where + ": role '" + m.role() + "' cannot be expressed in " + rules.id()));
            }
            if (m.hasToolCalls()) {
                if (!toolsAllowed) out.add(Finding.error("tools_not_supported", where + " has tool calls, which " + rules.id() + " cannot hold"));
            } else if (m.content() == null || m.content().isBlank()) {
                out.add(Finding.error("empty_content", where + " is empty or whitespace only"));
            }
        }
        if (rules.maxSystemMessages() != null && rules.maxSystemMessages() > 0 && systemCount > rules.maxSystemMessages()) {
            out.add(Finding.error("multiple_system_messages", systemCount + " system messages; at most " + rules.maxSystemMessages() + " allowed"));
        }
        if (!sample.tools().isEmpty() && !toolsAllowed) {
            out.add(Finding.error("tools_not_supported", "the record defines tools, which " + rules.id() + " cannot hold"));
        }
        List<Message> dialogue = new ArrayList<>();
        for (Message m : turns) if (!Message.SYSTEM.equals(m.role())) dialogue.add(m);
        boolean hasAssistant = dialogue.stream().anyMatch(m -> Message.ASSISTANT.equals(m.role()));
        if (rules.requiresAssistant() && !hasAssistant) {
            out.add(Finding.error("missing_assistant_message", "no assistant message: nothing to train on"));
        }
        if (rules.minMessages() != null && dialogue.size() < rules.minMessages()) {
            out.add(Finding.error("too_few_messages", dialogue.size() + " message(s); at least " + rules.minMessages() + " needed"));
        }
        if (rules.isSingleTurn() && (dialogue.size() != 2 || !Message.USER.equals(dialogue.get(0).role())
                || !Message.ASSISTANT.equals(dialogue.get(1).role()))) {
            out.add(Finding.error("not_single_turn", "this format holds exactly one user turn and one assistant answer; the record has "
                    + dialogue.size() + " turns"));
        }
        if (!dialogue.isEmpty()) {
            String first = canonicalRole(rules.firstRole());
            if (first != null && !first.equals(dialogue.get(0).role())) {
                out.add(Finding.error("first_role", "the conversation starts with '" + dialogue.get(0).role() + "'; it must start with '" + first + "'"));
            }
            String last = canonicalRole(rules.lastRole());
            Message lastMessage = dialogue.get(dialogue.size() - 1);
            if (last != null && !last.equals(lastMessage.role())) {
                out.add(new Finding("last_role", Severity.of(rules.lastRoleSeverity()),
                        "the conversation ends with '" + lastMessage.role() + "'; it should end with '" + last + "'"
                                + (Severity.of(rules.lastRoleSeverity()) == Severity.WARNING ? " (turns after the last answer train nothing)" : "")));
            }
        }
        if (!"none".equals(rules.alternation())) {
            for (int i = 1; i < dialogue.size(); i++) {
                String prev = dialogue.get(i - 1).role();
                String cur = dialogue.get(i).role();
                if (prev.equals(cur)) {
                    out.add(new Finding("not_alternating", Severity.of(rules.alternationSeverity()),
                            "messages must alternate user/assistant; two '" + cur + "' messages follow each other at turn " + (i + 1)));
                    break;
                }
            }
        }
        if (toolsAllowed) checkToolCalls(rules, sample, out);
    }

    private static void checkToolCalls(FormatRules rules, Sample sample, List<Finding> out) {
        boolean mistral = "mistral".equals(rules.toolCalls());
        Set<String> defined = new HashSet<>();
        for (JsonNode t : sample.tools()) {
            String name = t.path("function").path("name").asText(null);
            if (name != null) defined.add(name);
        }
        Set<String> callIds = new HashSet<>();
        List<Message> turns = sample.messages();
        for (int i = 0; i < turns.size(); i++) {
            Message m = turns.get(i);
            String where = "message " + (i + 1) + " (" + m.role() + ")";
            if (m.hasToolCalls()) {
                for (ToolCall c : m.toolCalls()) {
                    if (c.id() == null) out.add(Finding.error("bad_tool_call", where + ": a tool call has no 'id'"));
                    else {
                        callIds.add(c.id());
                        if (mistral && !c.id().matches("[A-Za-z0-9]{9}")) {
                            out.add(Finding.error("bad_tool_call_id", where + ": tool call id '" + c.id() + "' must be exactly 9 letters or digits (Mistral)"));
                        }
                    }
                    if (c.type() != null && !"function".equals(c.type())) out.add(Finding.error("bad_tool_call", where + ": tool call type must be 'function'"));
                    if (c.name() == null) out.add(Finding.error("bad_tool_call", where + ": a tool call has no function name"));
                    if (c.arguments() == null) out.add(Finding.error("bad_tool_call", where + ": a tool call has no arguments"));
                    else {
                        try {
                            Json.MAPPER.readTree(c.arguments());
                        } catch (Exception e) {
                            out.add(Finding.error("bad_tool_call", where + ": tool call arguments are not valid JSON"));
                        }
                    }
                    if (mistral && c.name() != null && !defined.contains(c.name())) {
                        out.add(Finding.error("undefined_tool", where + ": calls '" + c.name() + "', which the record's 'tools' does not define"));
                    }
                }
                if (mistral) {
                    if (i + 1 >= turns.size() || !Message.TOOL.equals(turns.get(i + 1).role())) {
                        out.add(Finding.error("tool_sequence", where + ": tool calls must be followed by a tool message"));
                    }
                }
            }
            if (Message.TOOL.equals(m.role())) {
                if (m.toolCallId() == null) out.add(Finding.error("orphan_tool_result", where + " has no 'tool_call_id'"));
                else if (!callIds.contains(m.toolCallId())) {
                    out.add(Finding.error("orphan_tool_result", where + ": tool_call_id '" + m.toolCallId() + "' matches no earlier tool call"));
                }
                if (mistral) {
                    int j = i + 1;
                    while (j < turns.size() && Message.TOOL.equals(turns.get(j).role())) j++;
                    if (j >= turns.size() || !Message.ASSISTANT.equals(turns.get(j).role())) {
                        out.add(Finding.error("tool_sequence", where + ": a tool result must be followed by an assistant message"));
                    }
                }
            }
        }
    }
}
