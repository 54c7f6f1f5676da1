package ftkit.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replies with a JSON conversation derived deterministically from the prompt: the same request always gets the
 * same reply, and different prompts get different replies.
 *
 * <ul>
 *   <li>With a JSON schema: a value valid for that schema (objects fill all their properties, arrays get
 *       {@code max(2, minItems)} items, or N pairs for an array of role objects when the prompt asks for "N turns", a {@code role} enum with user and assistant alternates user, assistant,
 *       and strings say something about the prompt). Gemini's upper-case types are understood, {@code $ref} to
 *       {@code $defs}/{@code definitions} too.</li>
 *   <li>Without one: {@code {"messages":[{"role":"user",...},{"role":"assistant",...}, ...]}} with as many
 *       user/assistant pairs as the prompt asks for with "N turns" (1 to 10), else one.</li>
 * </ul>
 */
public final class DefaultResponder implements Responder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TURNS = Pattern.compile("(\\d{1,2})\\s*(?:-\\s*)?turns?\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'-]*");
    private static final String[] OPENERS = {"How do I", "Can you explain", "What is the best way to", "Why does"};
    private static final String[] ANSWERS = {
        "Start with the basics:", "Here is a short explanation:", "The usual approach is this:", "In short:"
    };

    @Override
    public String reply(ChatCall call) {
        long hash = fnv1a64(call.model() + '\u0000' + call.system() + '\u0000' + call.promptText());
        String topic = topic(call.userText());
        Generator generator = new Generator(topic, hash, TURNS.matcher(call.userText()).find() ? turnPairs(call.userText()) : 0);
        try {
            if (call.jsonSchema() != null) {
                return JSON.writeValueAsString(generator.value(call.jsonSchema(), call.jsonSchema(), "", 0, 0));
            }
            return JSON.writeValueAsString(generator.conversation(turnPairs(call.userText())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the default reply", e);
        }
    }

    private static int turnPairs(String prompt) {
        Matcher matcher = TURNS.matcher(prompt);
        if (!matcher.find()) {
            return 1;
        }
        int turns = Integer.parseInt(matcher.group(1));
        return Math.max(1, Math.min(10, turns));
    }

    /** The first few words of the prompt, to make replies visibly about it. */
    static String topic(String prompt) {
        Matcher words = WORD.matcher(prompt);
        List<String> picked = new ArrayList<>();
        while (words.find() && picked.size() < 6) {
            picked.add(words.group().toLowerCase(Locale.ROOT));
        }
        return picked.isEmpty() ? "this topic" : String.join(" ", picked);
    }

    static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    private static final class Generator {
        private final String topic;
        private final long hash;
        /** "N turns" asked for in the prompt (0 = not asked): an array of role objects then gets N pairs. */
        private final int askedPairs;

        Generator(String topic, long hash, int askedPairs) {
            this.topic = topic;
            this.hash = hash;
            this.askedPairs = askedPairs;
        }

        ObjectNode conversation(int pairs) {
            ObjectNode root = JSON.createObjectNode();
            ArrayNode messages = root.putArray("messages");
            for (int i = 0; i < pairs * 2; i++) {
                String role = i % 2 == 0 ? "user" : "assistant";
                messages.addObject().put("role", role).put("content", text(role, i));
            }
            return root;
        }

        String text(String role, int index) {
            int variant = (int) Math.floorMod(hash + index, 4L);
            String tag = Long.toHexString(hash >>> 44) + "-" + index;
            if ("assistant".equals(role)) {
                return ANSWERS[variant] + " about " + topic + ", answer " + tag + ".";
            }
            if ("system".equals(role)) {
                return "You are a helpful assistant for " + topic + ".";
            }
            return OPENERS[variant] + " " + topic + "? (" + tag + ")";
        }

        JsonNode value(JsonNode schema, JsonNode root, String name, int index, int depth) {
            if (depth > 12) {
                return JSON.nullNode();
            }
            JsonNode resolved = resolve(schema, root);
            if (resolved.has("const")) {
                return resolved.get("const");
            }
            JsonNode enumValues = resolved.get("enum");
            if (enumValues != null && enumValues.isArray() && !enumValues.isEmpty()) {
                return enumChoice(enumValues, name, index);
            }
            for (String combinator : new String[] {"anyOf", "oneOf", "allOf"}) {
                JsonNode options = resolved.get(combinator);
                if (options != null && options.isArray() && !options.isEmpty()) {
                    return value(firstNonNull(options, root), root, name, index, depth + 1);
                }
            }
            switch (type(resolved)) {
                case "object":
                    return object(resolved, root, index, depth);
                case "array":
                    return array(resolved, root, name, depth);
                case "integer":
                    return JSON.getNodeFactory().numberNode(number(resolved, index));
                case "number":
                    return JSON.getNodeFactory().numberNode((double) number(resolved, index));
                case "boolean":
                    return JSON.getNodeFactory().booleanNode(true);
                case "null":
                    return JSON.nullNode();
                default:
                    if (name.equals("role")) {
                        return JSON.getNodeFactory().textNode(index % 2 == 0 ? "user" : "assistant");
                    }
                    return JSON.getNodeFactory().textNode(string(resolved, name, index));
            }
        }

        private ObjectNode object(JsonNode schema, JsonNode root, int index, int depth) {
            ObjectNode object = JSON.createObjectNode();
            JsonNode properties = schema.path("properties");
            String role = null;
            // Fill "role" first so that a sibling "content" can match it.
            if (properties.has("role")) {
                JsonNode roleValue = value(properties.get("role"), root, "role", index, depth + 1);
                object.set("role", roleValue);
                role = roleValue.asText();
            }
            Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("role")) {
                    continue;
                }
                String key = field.getKey();
                JsonNode fieldSchema = field.getValue();
                if (role != null && isStringSchema(resolve(fieldSchema, root))) {
                    object.put(key, contentFor(key, role, index));
                } else {
                    object.set(key, value(fieldSchema, root, key, index, depth + 1));
                }
            }
            return object;
        }

        private String contentFor(String key, String role, int index) {
            return key.equals("content") || key.equals("text") || key.equals("value")
                    ? text(role, index)
                    : key + " " + topic + " " + index;
        }

        private ArrayNode array(JsonNode schema, JsonNode root, String name, int depth) {
            ArrayNode array = JSON.createArrayNode();
            int count = Math.max(2, schema.path("minItems").asInt(0));
            if (askedPairs > 0 && resolve(schema.path("items"), root).path("properties").has("role")) {
                count = Math.max(count, 2 * askedPairs);
            }
            if (schema.has("maxItems")) {
                count = Math.min(count, schema.get("maxItems").asInt());
            }
            JsonNode items = schema.path("items");
            for (int i = 0; i < count; i++) {
                array.add(items.isMissingNode() ? JSON.getNodeFactory().textNode(string(items, name, i))
                        : value(items, root, name, i, depth + 1));
            }
            return array;
        }

        private JsonNode enumChoice(JsonNode values, String name, int index) {
            List<String> texts = new ArrayList<>();
            values.forEach(v -> texts.add(v.asText()));
            if (name.equals("role") && texts.contains("user") && texts.contains("assistant")) {
                return JSON.getNodeFactory().textNode(index % 2 == 0 ? "user" : "assistant");
            }
            return values.get(Math.floorMod(index + (int) (hash & 0xff), values.size()));
        }

        private long number(JsonNode schema, int index) {
            long minimum = schema.path("minimum").asLong(1);
            long maximum = schema.path("maximum").asLong(minimum + 9);
            return minimum + Math.floorMod(hash + index, Math.max(1, maximum - minimum + 1));
        }

        private String string(JsonNode schema, String name, int index) {
            String text = name.isEmpty() ? text("user", index) : name + " about " + topic + " " + index;
            int maxLength = schema.path("maxLength").asInt(Integer.MAX_VALUE);
            int minLength = schema.path("minLength").asInt(0);
            StringBuilder padded = new StringBuilder(text);
            while (padded.length() < minLength) {
                padded.append(' ').append(topic);
            }
            return padded.length() > maxLength ? padded.substring(0, maxLength) : padded.toString();
        }

        private static boolean isStringSchema(JsonNode schema) {
            return type(schema).equals("string") && !schema.has("enum") && !schema.has("const");
        }

        private static JsonNode firstNonNull(JsonNode options, JsonNode root) {
            for (JsonNode option : options) {
                if (!type(resolve(option, root)).equals("null")) {
                    return option;
                }
            }
            return options.get(0);
        }

        private static String type(JsonNode schema) {
            JsonNode type = schema.get("type");
            if (type == null) {
                return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
            }
            if (type.isArray()) {
                for (JsonNode option : type) {
                    if (!option.asText().equalsIgnoreCase("null")) {
                        return option.asText().toLowerCase(Locale.ROOT);
                    }
                }
                return "null";
            }
            return type.asText().toLowerCase(Locale.ROOT);
        }

        private static JsonNode resolve(JsonNode schema, JsonNode root) {
            JsonNode current = schema;
            for (int hops = 0; hops < 16 && current.has("$ref"); hops++) {
                String ref = current.get("$ref").asText();
                if (!ref.startsWith("#")) {
                    break;
                }
                JsonNode target = root.at(ref.substring(1));
                if (target.isMissingNode()) {
                    break;
                }
                current = target;
            }
            return current;
        }
    }
}
