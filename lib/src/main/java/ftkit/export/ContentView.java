package ftkit.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;
import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.ToolCall;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What a sample says, without what formats merely encode differently: tool call ids become their order of
 * appearance (formats renumber or re-key them), arguments and JSON tool results are compared as JSON, a weight
 * of 1 equals no weight, the function name on a tool result is implied by its call, and metadata and ids are left
 * out (no target format carries them). Export compares the view of a sample with the view of its exported record
 * read back: any difference means the format would change the sample, and the record is rejected.
 */
public final class ContentView {
    private ContentView() {
    }

    public static JsonNode of(Sample sample) {
        ObjectNode view = Json.MAPPER.createObjectNode();
        if (sample.system() != null) view.put("system", sample.system());
        ArrayNode turns = view.putArray("messages");
        Map<String, Integer> callOrder = new HashMap<>();
        for (Message m : sample.messages()) {
            if (m.hasToolCalls()) {
                for (ToolCall c : m.toolCalls()) {
                    if (c.id() != null) callOrder.putIfAbsent(c.id(), callOrder.size() + 1);
                }
            }
        }
        for (Message m : sample.messages()) {
            ObjectNode t = turns.addObject();
            t.put("role", m.role());
            boolean tool = Message.TOOL.equals(m.role());
            if (tool) {
                t.set("content", toolResult(m.content()));
            } else if (!(m.hasToolCalls() && (m.content() == null || m.content().isEmpty()))) {
                t.put("content", m.content());
            }
            if (m.name() != null && !tool) t.put("name", m.name());
            if (m.weight() != null && m.weight() != 1) t.put("weight", m.weight());
            if (m.hasToolCalls()) {
                ArrayNode calls = t.putArray("tool_calls");
                for (ToolCall c : m.toolCalls()) {
                    ObjectNode call = calls.addObject();
                    call.put("call", c.id() == null ? 0 : callOrder.get(c.id()));
                    call.put("name", c.name());
                    call.set("arguments", json(c.arguments()));
                }
            }
            if (m.toolCallId() != null) {
                Integer order = callOrder.get(m.toolCallId());
                if (order != null) t.put("answers_call", order);
                else t.put("answers_unknown_call", m.toolCallId());
            }
        }
        if (!sample.tools().isEmpty()) {
            ArrayNode tools = view.putArray("tools");
            for (JsonNode tool : sample.tools()) tools.add(tool);
        }
        return view;
    }

    /** A tool result as JSON when it is JSON (unwrapping Gemini's {"content": text}), else as text. */
    private static JsonNode toolResult(String content) {
        JsonNode parsed = json(content);
        if (parsed.isObject() && parsed.size() == 1 && parsed.path("content").isTextual()) return parsed.get("content");
        return parsed;
    }

    private static JsonNode json(String text) {
        if (text == null) return Json.MAPPER.nullNode();
        try {
            JsonNode parsed = Json.MAPPER.readTree(text);
            if (parsed != null && !parsed.isMissingNode()) return parsed;
        } catch (com.fasterxml.jackson.core.JsonProcessingException ignored) {
            // plain text
        }
        return Json.MAPPER.getNodeFactory().textNode(text);
    }

    /**
     * The first place where two views differ, as "messages[2].name: 'bob' becomes absent", or null when equal.
     */
    public static String firstDifference(JsonNode expected, JsonNode actual) {
        return diff("", expected, actual);
    }

    private static String diff(String path, JsonNode a, JsonNode b) {
        if (a == null || a.isMissingNode()) a = null;
        if (b == null || b.isMissingNode()) b = null;
        if (a == null && b == null) return null;
        if (a == null || b == null || a.getNodeType() != b.getNodeType()) return describe(path, a, b);
        if (a.isObject()) {
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                String d = diff(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k));
                if (d != null) return d;
            }
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!a.has(k)) return describe(path.isEmpty() ? k : path + "." + k, null, b.get(k));
            }
            return null;
        }
        if (a.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                String d = diff(path + "[" + i + "]", a.get(i), b.get(i));
                if (d != null) return d;
            }
            return null;
        }
        return a.equals(b) ? null : describe(path, a, b);
    }

    private static String describe(String path, JsonNode a, JsonNode b) {
        return path + ": " + shortText(a) + " would become " + shortText(b);
    }

    private static String shortText(JsonNode n) {
        if (n == null) return "absent";
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
