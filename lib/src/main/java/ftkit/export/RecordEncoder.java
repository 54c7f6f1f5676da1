package ftkit.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.ToolCall;
import ftkit.providers.FormatRules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a canonical sample as one record of a target's format. The layout follows the format's
 * {@link FormatRules#shape() shape}; within the {@code messages} shape the format's rules decide which keys a
 * message may carry (weight, name, tool calls) and where the system prompt goes, so a user-registered format of
 * that shape needs no code. What the format cannot hold is refused with {@link NotExpressible}, never dropped:
 * the one exception is a {@code weight} of 1, which every format treats as the default.
 */
public final class RecordEncoder {
    private RecordEncoder() {
    }

    public static ObjectNode encode(FormatRules rules, Sample sample) throws NotExpressible {
        return switch (rules.shape()) {
            case "messages" -> messages(rules, sample);
            case "bedrock-converse" -> converse(rules, sample);
            case "gemini" -> gemini(rules, sample);
            case "prompt-completion" -> promptCompletion(rules, sample);
            case "alpaca" -> alpaca(rules, sample);
            case "sharegpt" -> shareGpt(rules, sample);
            default -> throw new IllegalArgumentException("no encoder for record shape '" + rules.shape() + "'");
        };
    }

    // ------------------------------------------------------------------ messages (OpenAI, Mistral, Together, Fireworks, TRL, Bedrock Claude)

    private static ObjectNode messages(FormatRules rules, Sample sample) throws NotExpressible {
        ObjectNode record = Json.MAPPER.createObjectNode();
        boolean topLevelSystem = rules.topLevelKeys().contains("system") && !rules.roles().contains(Message.SYSTEM);
        boolean tools = !"none".equals(rules.toolCalls());
        boolean mistral = "mistral".equals(rules.toolCalls());
        boolean names = rules.messageKeys().contains("name");
        Map<String, String> ids = mistral ? mistralIds(sample) : Map.of();
        if (topLevelSystem && sample.system() != null) record.put("system", sample.system());
        ArrayNode messages = record.putArray("messages");
        if (!topLevelSystem && sample.system() != null) {
            if (!rules.roles().contains(Message.SYSTEM)) {
                throw new NotExpressible("system_not_supported", rules.id() + " has no place for a system prompt");
            }
            messages.addObject().put("role", Message.SYSTEM).put("content", sample.system());
        }
        int i = 0;
        for (Message m : sample.messages()) {
            String where = "message " + (i + 1) + " (" + m.role() + ")";
            ObjectNode out = messages.addObject();
            out.put("role", m.role());
            if (m.hasToolCalls()) {
                if (!tools) throw new NotExpressible("tools_not_supported", where + " has tool calls, which " + rules.id() + " cannot hold");
                if (mistral && m.content() != null && !m.content().isEmpty()) {
                    throw new NotExpressible("tool_call_content", where + " has text beside its tool calls; Mistral allows no content beside tool_calls");
                }
                if (m.content() != null && !m.content().isEmpty()) out.put("content", m.content());
                ArrayNode calls = out.putArray("tool_calls");
                for (ToolCall c : m.toolCalls()) {
                    ObjectNode call = calls.addObject();
                    if (c.id() != null) call.put("id", mistral ? ids.get(c.id()) : c.id());
                    call.put("type", c.type() == null ? "function" : c.type());
                    ObjectNode f = call.putObject("function");
                    if (c.name() != null) f.put("name", c.name());
                    if (c.arguments() != null) f.put("arguments", c.arguments());
                }
            } else {
                out.put("content", m.content());
            }
            if (m.name() != null && !Message.TOOL.equals(m.role())) {
                if (!names) throw new NotExpressible("name_not_supported", where + " has a 'name', which " + rules.id() + " cannot hold");
                out.put("name", m.name());
            }
            if (m.toolCallId() != null) {
                if (!tools) throw new NotExpressible("tools_not_supported", where + " is a tool result, which " + rules.id() + " cannot hold");
                out.put("tool_call_id", mistral ? ids.getOrDefault(m.toolCallId(), m.toolCallId()) : m.toolCallId());
            }
            weight(rules, m, where, out);
            i++;
        }
        if (!sample.tools().isEmpty()) {
            if (!tools) throw new NotExpressible("tools_not_supported", "the sample defines tools, which " + rules.id() + " cannot hold");
            ArrayNode t = record.putArray("tools");
            for (JsonNode tool : sample.tools()) t.add(tool.deepCopy());
        }
        return record;
    }

    private static void weight(FormatRules rules, Message m, String where, ObjectNode out) throws NotExpressible {
        Integer w = m.weight();
        if (w == null) return;
        boolean allowed = switch (rules.weight()) {
            case "any" -> true;
            case "assistant-only" -> Message.ASSISTANT.equals(m.role());
            default -> false;
        };
        if (allowed) {
            out.put("weight", w);
        } else if (w != 1) {
            // weight 1 is every format's default and may go; weight 0 changes what is trained and may not.
            throw new NotExpressible("weight_not_supported", where + " has weight " + w + ", which " + rules.id()
                    + " cannot hold" + ("assistant-only".equals(rules.weight()) ? " on a " + m.role() + " message" : ""));
        }
    }

    /**
     * Mistral wants tool call ids of exactly 9 letters or digits. Ids that already are stay; others get a stable
     * replacement derived from the original (the same id always maps to the same one), applied to the call and to
     * its result alike, so the pairing is unchanged.
     */
    static Map<String, String> mistralIds(Sample sample) {
        Map<String, String> ids = new HashMap<>();
        for (Message m : sample.messages()) {
            if (!m.hasToolCalls()) continue;
            for (ToolCall c : m.toolCalls()) {
                if (c.id() == null || ids.containsKey(c.id())) continue;
                ids.put(c.id(), c.id().matches("[A-Za-z0-9]{9}") ? c.id() : nineCharId(c.id(), ids.values()));
            }
        }
        return ids;
    }

    private static String nineCharId(String original, java.util.Collection<String> taken) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int salt = 0; ; salt++) {
            byte[] h = sha256(original + (salt == 0 ? "" : "#" + salt));
            StringBuilder sb = new StringBuilder(9);
            for (int i = 0; i < 9; i++) sb.append(alphabet.charAt((h[i] & 0xff) % alphabet.length()));
            if (!taken.contains(sb.toString())) return sb.toString();
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ Bedrock conversation schema (Llama 3.2 / 3.3)

    private static ObjectNode converse(FormatRules rules, Sample sample) throws NotExpressible {
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("schemaVersion", "bedrock-conversation-2024");
        if (sample.system() != null) record.putArray("system").addObject().put("text", sample.system());
        ArrayNode messages = record.putArray("messages");
        int i = 0;
        for (Message m : sample.messages()) {
            plainTurn(rules, m, i++);
            ObjectNode out = messages.addObject();
            out.put("role", m.role());
            out.putArray("content").addObject().put("text", m.content());
        }
        noTools(rules, sample);
        return record;
    }

    // ------------------------------------------------------------------ Vertex AI Gemini

    private static ObjectNode gemini(FormatRules rules, Sample sample) throws NotExpressible {
        ObjectNode record = Json.MAPPER.createObjectNode();
        if (sample.system() != null) {
            ObjectNode si = record.putObject("systemInstruction");
            si.put("role", "system"); // "ignored" by Vertex, but its own examples carry it
            si.putArray("parts").addObject().put("text", sample.system());
        }
        ArrayNode contents = record.putArray("contents");
        Map<String, String> callNames = new HashMap<>();
        ObjectNode pendingResponses = null;
        int i = 0;
        for (Message m : sample.messages()) {
            String where = "message " + (i + 1) + " (" + m.role() + ")";
            i++;
            if (m.weight() != null && m.weight() != 1) {
                throw new NotExpressible("weight_not_supported", where + " has weight " + m.weight() + ", which " + rules.id() + " cannot hold");
            }
            if (m.name() != null && !Message.TOOL.equals(m.role())) {
                throw new NotExpressible("name_not_supported", where + " has a 'name', which " + rules.id() + " cannot hold");
            }
            if (Message.TOOL.equals(m.role())) {
                String name = m.name() != null ? m.name() : callNames.get(m.toolCallId());
                if (name == null) {
                    throw new NotExpressible("orphan_tool_result", where + " answers no earlier tool call, so its function name is unknown");
                }
                // Consecutive results answer one model turn: they share one user turn, as in Vertex's examples.
                if (pendingResponses == null) {
                    pendingResponses = contents.addObject();
                    pendingResponses.put("role", "user");
                    pendingResponses.putArray("parts");
                }
                ObjectNode fr = ((ArrayNode) pendingResponses.get("parts")).addObject().putObject("functionResponse");
                fr.put("name", name);
                fr.set("response", responseObject(m.contentOrEmpty()));
                continue;
            }
            pendingResponses = null;
            String role = switch (m.role()) {
                case Message.USER -> "user";
                case Message.ASSISTANT -> "model";
                default -> throw new NotExpressible(Message.SYSTEM.equals(m.role()) ? "system_not_first" : "unrecognized_role",
                        where + ": role '" + m.role() + "' cannot be expressed in " + rules.id()
                                + (Message.SYSTEM.equals(m.role()) ? " (only one system instruction, before the conversation)" : ""));
            };
            ObjectNode turn = contents.addObject();
            turn.put("role", role);
            ArrayNode parts = turn.putArray("parts");
            if (m.content() != null && !(m.hasToolCalls() && m.content().isEmpty())) parts.addObject().put("text", m.content());
            if (m.hasToolCalls()) {
                if ("none".equals(rules.toolCalls())) {
                    throw new NotExpressible("tools_not_supported", where + " has tool calls, which " + rules.id() + " cannot hold");
                }
                for (ToolCall c : m.toolCalls()) {
                    JsonNode args = parseArguments(c, where);
                    ObjectNode fc = parts.addObject().putObject("functionCall");
                    fc.put("name", c.name());
                    fc.set("args", args);
                    if (c.id() != null) callNames.put(c.id(), c.name());
                }
            }
        }
        if (!sample.tools().isEmpty()) {
            if ("none".equals(rules.toolCalls())) throw new NotExpressible("tools_not_supported", "the sample defines tools, which " + rules.id() + " cannot hold");
            ArrayNode decls = record.putArray("tools").addObject().putArray("functionDeclarations");
            for (JsonNode t : sample.tools()) {
                JsonNode f = t.path("function");
                if (!f.isObject()) throw new NotExpressible("bad_tool_definition", "a tool definition has no 'function' object");
                decls.add(f.deepCopy());
            }
        }
        return record;
    }

    private static JsonNode parseArguments(ToolCall c, String where) throws NotExpressible {
        if (c.name() == null) throw new NotExpressible("bad_tool_call", where + ": a tool call has no function name");
        try {
            JsonNode args = Json.MAPPER.readTree(c.arguments() == null ? "{}" : c.arguments());
            if (args == null || !args.isObject()) throw new NotExpressible("bad_tool_call", where + ": tool call arguments must be a JSON object for Gemini's functionCall.args");
            return args;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new NotExpressible("bad_tool_call", where + ": tool call arguments are not valid JSON");
        }
    }

    /**
     * Gemini's functionResponse.response is an object. A result that is a JSON object goes in as it is; any other
     * result is wrapped as {@code {"content": …}} (what Google's SDKs do), which {@link ContentView} reads as the same.
     */
    static JsonNode responseObject(String content) {
        try {
            JsonNode parsed = Json.MAPPER.readTree(content);
            if (parsed != null && parsed.isObject()) return parsed;
        } catch (com.fasterxml.jackson.core.JsonProcessingException ignored) {
            // not JSON: wrapped below
        }
        ObjectNode wrapped = Json.MAPPER.createObjectNode();
        wrapped.put("content", content);
        return wrapped;
    }

    // ------------------------------------------------------------------ single-turn formats

    private static ObjectNode promptCompletion(FormatRules rules, Sample sample) throws NotExpressible {
        if (sample.system() != null) {
            throw new NotExpressible("system_not_supported", rules.id() + " has only a prompt and a completion: no place for the system prompt");
        }
        List<Message> turns = singleTurn(rules, sample);
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("prompt", turns.get(0).content());
        record.put("completion", turns.get(1).content());
        return record;
    }

    private static ObjectNode alpaca(FormatRules rules, Sample sample) throws NotExpressible {
        List<Message> turns = singleTurn(rules, sample);
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("instruction", turns.get(0).content());
        record.put("input", "");
        record.put("output", turns.get(1).content());
        if (sample.system() != null) record.put("system", sample.system());
        return record;
    }

    private static List<Message> singleTurn(FormatRules rules, Sample sample) throws NotExpressible {
        List<Message> turns = sample.messages();
        for (int i = 0; i < turns.size(); i++) plainTurn(rules, turns.get(i), i);
        noTools(rules, sample);
        if (turns.size() != 2 || !Message.USER.equals(turns.get(0).role()) || !Message.ASSISTANT.equals(turns.get(1).role())) {
            throw new NotExpressible("not_single_turn", rules.id() + " holds exactly one user turn and one assistant answer; the sample has "
                    + turns.size() + " turns");
        }
        return turns;
    }

    // ------------------------------------------------------------------ ShareGPT (LLaMA-Factory, Axolotl)

    private static ObjectNode shareGpt(FormatRules rules, Sample sample) throws NotExpressible {
        ObjectNode record = Json.MAPPER.createObjectNode();
        ArrayNode conversations = record.putArray("conversations");
        int i = 0;
        for (Message m : sample.messages()) {
            plainTurn(rules, m, i++);
            String from = switch (m.role()) {
                case Message.USER -> "human";
                case Message.ASSISTANT -> "gpt";
                default -> m.role();
            };
            conversations.addObject().put("from", from).put("value", m.content());
        }
        noTools(rules, sample);
        // LLaMA-Factory's sharegpt reads the system prompt from the top-level "system" column.
        if (sample.system() != null) record.put("system", sample.system());
        return record;
    }

    // ------------------------------------------------------------------ shared refusals

    /** A turn of a format without tool calls, weights or names: a role and a text. */
    private static void plainTurn(FormatRules rules, Message m, int index) throws NotExpressible {
        String where = "message " + (index + 1) + " (" + m.role() + ")";
        if (m.hasToolCalls() || m.toolCallId() != null || Message.TOOL.equals(m.role())) {
            throw new NotExpressible("tools_not_supported", where + " has tool calls or results, which " + rules.id() + " cannot hold");
        }
        if (m.weight() != null && m.weight() != 1) {
            throw new NotExpressible("weight_not_supported", where + " has weight " + m.weight() + ", which " + rules.id() + " cannot hold");
        }
        if (m.name() != null) throw new NotExpressible("name_not_supported", where + " has a 'name', which " + rules.id() + " cannot hold");
        if (m.content() == null) throw new NotExpressible("missing_content", where + " has no text");
    }

    private static void noTools(FormatRules rules, Sample sample) throws NotExpressible {
        if (!sample.tools().isEmpty()) throw new NotExpressible("tools_not_supported", "the sample defines tools, which " + rules.id() + " cannot hold");
    }
}
