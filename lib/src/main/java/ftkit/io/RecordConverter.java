package ftkit.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.SampleMetadata;
import ftkit.model.ToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a record in any {@link RecordFormat} into the canonical {@link Sample}. The conversion keeps text
 * exactly; it refuses (with a reason) what the canonical model cannot hold, such as image parts.
 */
public final class RecordConverter {
    private RecordConverter() {
    }

    public static Sample toSample(JsonNode record, RecordFormat format) throws RecordException {
        if (record == null || !record.isObject()) {
            throw new RecordException("not_an_object", "record is not a JSON object");
        }
        Sample sample = switch (format) {
            case CANONICAL, OPENAI_CHAT, BEDROCK_CLAUDE -> fromMessages(record);
            case BEDROCK_CONVERSE -> fromBedrockConverse(record);
            case VERTEX_GEMINI -> fromGemini(record);
            case ALPACA -> fromAlpaca(record);
            case SHAREGPT -> fromShareGpt(record);
            case PROMPT_COMPLETION -> fromPromptCompletion(record);
        };
        if (format != RecordFormat.CANONICAL && sample.metadata().mode() == null) {
            sample.metadata().mode(SampleMetadata.MODE_IMPORTED);
        }
        return sample;
    }

    /** Detects the format and converts; fails with {@code unknown_format} if the record matches none. */
    public static Sample toSample(JsonNode record) throws RecordException {
        RecordFormat format = RecordFormat.detect(record);
        if (format == null) {
            throw new RecordException("unknown_format", "record matches no known format (expected one of: "
                    + RecordFormat.ids() + "); keys: " + keys(record));
        }
        return toSample(record, format);
    }

    private static Sample fromMessages(JsonNode record) throws RecordException {
        Sample sample = new Sample();
        readCommon(record, sample);
        JsonNode messages = record.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new RecordException("missing_messages", "'messages' must be an array");
        }
        if (record.path("system").isTextual()) sample.system(record.get("system").asText());
        int i = 0;
        for (JsonNode m : messages) {
            if (!m.isObject()) throw new RecordException("bad_message", "messages[" + i + "] is not an object");
            Message message = new Message();
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual()) {
                throw new RecordException("missing_role", "messages[" + i + "] has no string 'role'");
            }
            message.role(role.asText());
            message.content(text(m.get("content"), "messages[" + i + "].content"));
            if (m.path("name").isTextual()) message.name(m.get("name").asText());
            if (m.has("weight") && m.get("weight").isIntegralNumber()) message.weight(m.get("weight").intValue());
            if (m.has("tool_call_id") && m.get("tool_call_id").isTextual()) message.toolCallId(m.get("tool_call_id").asText());
            if (m.has("tool_calls") && m.get("tool_calls").isArray()) {
                List<ToolCall> calls = new ArrayList<>();
                for (JsonNode c : m.get("tool_calls")) {
                    JsonNode f = c.path("function");
                    JsonNode args = f.get("arguments");
                    String argText = args == null || args.isNull() ? null : args.isTextual() ? args.asText() : args.toString();
                    calls.add(new ToolCall(c.path("id").isTextual() ? c.get("id").asText() : null,
                            c.path("type").isTextual() ? c.get("type").asText() : null,
                            new ToolCall.Function(f.path("name").isTextual() ? f.get("name").asText() : null, argText)));
                }
                message.toolCalls(calls);
            }
            // A leading system message is the sample's system prompt; later ones stay where they are so that
            // validation can report them for targets that forbid them.
            if (i == 0 && Message.SYSTEM.equals(message.role()) && sample.system() == null) {
                sample.system(message.content());
            } else {
                sample.add(message);
            }
            i++;
        }
        return sample;
    }

    private static Sample fromBedrockConverse(JsonNode record) throws RecordException {
        Sample sample = new Sample();
        readCommon(record, sample);
        JsonNode system = record.get("system");
        if (system != null && system.isArray() && !system.isEmpty()) {
            sample.system(joinTextParts(system, "system"));
        }
        int i = 0;
        for (JsonNode m : record.path("messages")) {
            String role = m.path("role").asText(null);
            if (role == null) throw new RecordException("missing_role", "messages[" + i + "] has no 'role'");
            sample.add(new Message(role, joinTextParts(m.path("content"), "messages[" + i + "].content")));
            i++;
        }
        return sample;
    }

    private static Sample fromGemini(JsonNode record) throws RecordException {
        Sample sample = new Sample();
        readCommon(record, sample);
        JsonNode si = record.has("systemInstruction") ? record.get("systemInstruction") : record.get("system_instruction");
        if (si != null && !si.isNull()) sample.system(joinTextParts(si.path("parts"), "systemInstruction.parts"));
        List<ToolCall> pending = new ArrayList<>();
        int callCounter = 0;
        int i = 0;
        for (JsonNode turn : record.path("contents")) {
            String role = turn.path("role").asText("");
            String mapped = "model".equals(role) ? Message.ASSISTANT : role;
            StringBuilder text = new StringBuilder();
            List<ToolCall> calls = new ArrayList<>();
            boolean hasText = false;
            int p = 0;
            for (JsonNode part : turn.path("parts")) {
                String where = "contents[" + i + "].parts[" + p + "]";
                if (part.has("text")) {
                    text.append(part.get("text").asText());
                    hasText = true;
                } else if (part.has("functionCall")) {
                    JsonNode fc = part.get("functionCall");
                    ToolCall call = ToolCall.function("call_" + (++callCounter), fc.path("name").asText(null),
                            fc.has("args") ? fc.get("args").toString() : "{}");
                    calls.add(call);
                    pending.add(call);
                } else if (part.has("functionResponse")) {
                    JsonNode fr = part.get("functionResponse");
                    String name = fr.path("name").asText(null);
                    String id = null;
                    for (int k = 0; k < pending.size(); k++) {
                        if (name != null && name.equals(pending.get(k).name())) {
                            id = pending.remove(k).id();
                            break;
                        }
                    }
                    sample.add(new Message(Message.TOOL, fr.path("response").toString()).name(name).toolCallId(id));
                } else {
                    throw new RecordException("unsupported_content", where + " is not a text, functionCall or "
                            + "functionResponse part (files and images are not supported)");
                }
                p++;
            }
            if (hasText || !calls.isEmpty()) {
                Message m = new Message(mapped, hasText ? text.toString() : null);
                if (!calls.isEmpty()) m.toolCalls(calls);
                sample.add(m);
            }
            i++;
        }
        for (JsonNode tool : record.path("tools")) {
            for (JsonNode decl : tool.path("functionDeclarations")) {
                ObjectNode t = Json.MAPPER.createObjectNode();
                t.put("type", "function");
                t.set("function", decl.deepCopy());
                sample.tools().add(t);
            }
        }
        return sample;
    }

    private static Sample fromAlpaca(JsonNode record) throws RecordException {
        Sample sample = new Sample();
        readCommon(record, sample);
        String instruction = text(record.get("instruction"), "instruction");
        String input = record.has("input") ? text(record.get("input"), "input") : null;
        String user = input == null || input.isEmpty() ? instruction : instruction + "\n\n" + input;
        if (record.path("system").isTextual()) sample.system(record.get("system").asText());
        sample.add(Message.user(user));
        sample.add(Message.assistant(text(record.get("output"), "output")));
        return sample;
    }

    private static Sample fromShareGpt(JsonNode record) throws RecordException {
        Sample sample = new Sample();
        readCommon(record, sample);
        if (record.path("system").isTextual()) sample.system(record.get("system").asText());
        int i = 0;
        int callCounter = 0;
        String lastCallId = null;
        for (JsonNode turn : record.path("conversations")) {
            String from = turn.path("from").asText(turn.path("role").asText(""));
            String value = text(turn.has("value") ? turn.get("value") : turn.get("content"), "conversations[" + i + "].value");
            switch (from) {
                case "human", "user" -> sample.add(Message.user(value));
                case "gpt", "assistant", "model" -> sample.add(Message.assistant(value));
                case "system" -> {
                    if (i == 0 && sample.system() == null) sample.system(value);
                    else sample.add(Message.system(value));
                }
                case "function_call" -> {
                    JsonNode call = parseJson(value, "conversations[" + i + "].value");
                    JsonNode args = call.path("arguments");
                    lastCallId = "call_" + (++callCounter);
                    sample.add(new Message(Message.ASSISTANT, null).toolCalls(List.of(ToolCall.function(lastCallId,
                            call.path("name").asText(null), args.isTextual() ? args.asText() : args.toString()))));
                }
                case "observation", "tool", "function" -> sample.add(new Message(Message.TOOL, value).toolCallId(lastCallId));
                default -> throw new RecordException("unrecognized_role", "conversations[" + i + "].from is '" + from
                        + "'; expected human, gpt, system, function_call or observation");
            }
            i++;
        }
        if (record.has("tools") && record.get("tools").isTextual()) {
            // LLaMA-Factory keeps tool definitions as a JSON string.
            JsonNode tools = parseJson(record.get("tools").asText(), "tools");
            for (JsonNode t : tools) sample.tools().add(t);
        }
        return sample;
    }

    private static Sample fromPromptCompletion(JsonNode record) throws RecordException {
        Sample sample = new Sample();
        readCommon(record, sample);
        JsonNode prompt = record.get("prompt");
        JsonNode completion = record.get("completion");
        if (prompt != null && prompt.isArray()) {
            // TRL's conversational prompt-completion: both sides are message lists.
            Sample p = fromMessages(wrapMessages(prompt));
            sample.system(p.system());
            sample.messages(p.messages());
            Sample c = fromMessages(wrapMessages(completion));
            for (Message m : c.messages()) sample.add(m);
            return sample;
        }
        sample.add(Message.user(text(prompt, "prompt")));
        sample.add(Message.assistant(text(completion, "completion")));
        return sample;
    }

    private static ObjectNode wrapMessages(JsonNode messages) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.set("messages", messages);
        return o;
    }

    private static void readCommon(JsonNode record, Sample sample) {
        if (record.path("id").isTextual()) sample.id(record.get("id").asText());
        JsonNode tools = record.get("tools");
        if (tools != null && tools.isArray()) {
            for (JsonNode t : tools) {
                if (!t.has("functionDeclarations")) sample.tools().add(t);
            }
        }
        JsonNode metadata = record.get("metadata");
        if (metadata != null && metadata.isObject()) {
            try {
                sample.metadata(Json.MAPPER.treeToValue(metadata, SampleMetadata.class));
            } catch (JsonProcessingException e) {
                sample.metadata().put("unreadable_metadata", metadata.toString());
            }
        }
    }

    /**
     * A message's text: a string, null, or a list of OpenAI/Mistral content parts of type text (joined
     * without separators, since the parts are consecutive pieces of one message).
     */
    private static String text(JsonNode node, String where) throws RecordException {
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) return node.asText();
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            int i = 0;
            for (JsonNode part : node) {
                if (part.isTextual()) {
                    sb.append(part.asText());
                } else if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                    sb.append(part.get("text").asText());
                } else {
                    throw new RecordException("unsupported_content", where + "[" + i + "] is a '"
                            + part.path("type").asText("non-text") + "' part; only text is supported");
                }
                i++;
            }
            return sb.toString();
        }
        throw new RecordException("content_not_string", where + " must be a string, found " + node.getNodeType().name().toLowerCase());
    }

    private static String joinTextParts(JsonNode parts, String where) throws RecordException {
        if (parts == null || parts.isMissingNode() || parts.isNull()) return null;
        if (parts.isTextual()) return parts.asText();
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (JsonNode part : parts) {
            if (!part.path("text").isTextual()) {
                throw new RecordException("unsupported_content", where + "[" + i + "] has no 'text' (only text parts are supported)");
            }
            sb.append(part.get("text").asText());
            i++;
        }
        return sb.toString();
    }

    private static JsonNode parseJson(String text, String where) throws RecordException {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RecordException("invalid_json_string", where + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static String keys(JsonNode record) {
        List<String> names = new ArrayList<>();
        if (record != null) {
            for (Map.Entry<String, JsonNode> e : record.properties()) names.add(e.getKey());
        }
        return names.toString();
    }
}
