package ftkit.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import ftkit.io.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A prompt text with named placeholders. The project's rule: prompts are files, placeholders are named, and
 * rendering fails on a missing variable (never renders an empty string in its place).
 *
 * <h2>Syntax</h2>
 * <ul>
 *   <li>{@code {{name}}} — the variable {@code name}; whitespace inside the braces is ignored.</li>
 *   <li>{@code {{meta.group}}} — a nested field; {@code {{items.0}}} indexes an array. A key that itself
 *       contains dots (a CSV header {@code meta.group}) is matched before descending.</li>
 *   <li>{@code {{label|json}}} — the value as a JSON literal: strings quoted and escaped (quotes, newlines,
 *       control characters), numbers and booleans bare, objects and arrays as compact JSON. Use it wherever
 *       the placeholder sits in a JSON context, e.g. {@code {"classification": {{label|json}}}}.</li>
 *   <li>{@code {{note|json_escape}}} — the value escaped for use inside an existing JSON string
 *       ({@code "note": "{{note|json_escape}}"}), without the surrounding quotes.</li>
 *   <li>{@code {{group|default:"none"}}} — the text used when the variable is missing or null; filters apply
 *       left to right, so {@code {{group|default:"none"|json}}} quotes the default too.</li>
 *   <li>{@code {{"{{"}}} — a quoted literal, the way to write a literal {@code {{} in a prompt.</li>
 * </ul>
 * Single braces are plain text, so JSON examples inside a prompt need no escaping. A variable that is absent
 * or JSON null, without a default, is missing: {@link #render} then throws {@link MissingVariableException}
 * naming every missing variable.
 */
public final class PromptTemplate {
    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";

    private final String name;
    private final String text;
    private final List<Part> parts;

    private PromptTemplate(String name, String text, List<Part> parts) {
        this.name = name;
        this.text = text;
        this.parts = parts;
    }

    /**
     * Parses a template.
     *
     * @param name where the text came from (a file name, or {@code template.yaml#simple.user}), used in errors
     * @throws TemplateSyntaxException on an unclosed placeholder, an empty one or an unknown filter
     */
    public static PromptTemplate parse(String name, String text) throws TemplateSyntaxException {
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int open = text.indexOf(OPEN, pos);
            if (open < 0) {
                parts.add(new Literal(text.substring(pos)));
                break;
            }
            if (open > pos) parts.add(new Literal(text.substring(pos, open)));
            int close = findClose(text, open + OPEN.length());
            if (close < 0) throw new TemplateSyntaxException(name, where(text, open), "'{{' is never closed by '}}'");
            parts.add(parsePlaceholder(name, text, open, text.substring(open + OPEN.length(), close)));
            pos = close + CLOSE.length();
        }
        return new PromptTemplate(name, text, List.copyOf(parts));
    }

    /** Reads and parses a prompt file (UTF-8); errors name the file. */
    public static PromptTemplate load(Path file) throws IOException, TemplateSyntaxException {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such prompt file", e);
        }
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** The variable paths the template uses, in order of first use (with or without a default). */
    public Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p instanceof Placeholder ph) names.add(ph.path);
        }
        return Collections.unmodifiableSet(names);
    }

    /** The variables that have no default: a context must provide each of them. */
    public Set<String> requiredVariables() {
        Set<String> names = new LinkedHashSet<>();
        for (Part p : parts) {
            if (p instanceof Placeholder ph && !ph.hasDefault()) names.add(ph.path);
        }
        return Collections.unmodifiableSet(names);
    }

    /** Renders against a JSON object (a record); fails naming every variable it does not provide. */
    public String render(JsonNode context) throws MissingVariableException {
        StringBuilder out = new StringBuilder(text.length() + 64);
        List<String> missing = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(l.text);
            } else if (p instanceof Placeholder ph) {
                JsonNode value = resolve(context, ph.path);
                boolean absent = value == null || value.isMissingNode() || value.isNull();
                for (Filter f : ph.filters) {
                    if (f.kind == FilterKind.DEFAULT) {
                        if (absent) {
                            value = TextNode.valueOf(f.argument);
                            absent = false;
                        }
                    } else if (absent) {
                        break;
                    } else {
                        value = f.apply(value);
                    }
                }
                if (absent) {
                    if (!missing.contains(ph.path)) missing.add(ph.path);
                    continue;
                }
                out.append(value.isTextual() ? value.asText() : value.toString());
            }
        }
        if (!missing.isEmpty()) throw new MissingVariableException(name, missing);
        return out.toString();
    }

    /** Renders against named values (strings, numbers, maps, lists: anything Jackson can turn into JSON). */
    public String render(Map<String, ?> variables) throws MissingVariableException {
        return render((JsonNode) Json.MAPPER.valueToTree(variables));
    }

    /**
     * Looks a dotted path up in a JSON value. At each level the longest key that matches the rest of the path
     * wins, so a flat key {@code "meta.group"} (a CSV header) and a nested {@code meta → group} both resolve.
     */
    public static JsonNode resolve(JsonNode node, String path) {
        return resolve(node, path.split("\\.", -1), 0);
    }

    private static JsonNode resolve(JsonNode node, String[] segments, int from) {
        if (from == segments.length) return node;
        if (node == null) return MissingNode.getInstance();
        if (node.isObject()) {
            for (int to = segments.length; to > from; to--) {
                String key = String.join(".", Arrays.asList(segments).subList(from, to));
                if (node.has(key)) {
                    JsonNode found = resolve(node.get(key), segments, to);
                    if (!found.isMissingNode()) return found;
                }
            }
            return MissingNode.getInstance();
        }
        if (node.isArray() && segments[from].matches("\\d{1,9}")) {
            return resolve(node.path(Integer.parseInt(segments[from])), segments, from + 1);
        }
        return MissingNode.getInstance();
    }

    private static int findClose(String text, int from) {
        // A quoted literal may contain "}}" itself (e.g. {{"}}"}}), so skip over quoted parts.
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            } else if (c == '"') {
                quoted = true;
            } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
                return i;
            } else if (c == '\n') {
                return -1; // placeholders are on one line; this also points errors at the right place
            }
        }
        return -1;
    }

    private static Part parsePlaceholder(String name, String text, int at, String body) throws TemplateSyntaxException {
        List<String> pieces = splitFilters(body);
        String head = pieces.get(0).trim();
        if (head.isEmpty()) throw new TemplateSyntaxException(name, where(text, at), "empty placeholder '{{" + body + "}}'");
        if (head.startsWith("\"")) {
            if (pieces.size() > 1) {
                throw new TemplateSyntaxException(name, where(text, at), "a quoted literal takes no filters: '{{" + body + "}}'");
            }
            return new Literal(unquote(name, text, at, head));
        }
        if (!head.matches("[^\"{}|]+") || head.startsWith(".") || head.endsWith(".") || head.contains("..")) {
            throw new TemplateSyntaxException(name, where(text, at), "'" + head + "' is not a variable name "
                    + "(use letters, digits, _ or -, and dots for nested fields)");
        }
        List<Filter> filters = new ArrayList<>();
        for (int i = 1; i < pieces.size(); i++) filters.add(parseFilter(name, text, at, pieces.get(i).trim()));
        return new Placeholder(head, List.copyOf(filters));
    }

    private static List<String> splitFilters(String body) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (quoted && c == '\\' && i + 1 < body.length()) {
                current.append(c).append(body.charAt(++i));
                continue;
            }
            if (c == '"') quoted = !quoted;
            if (c == '|' && !quoted) {
                pieces.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        pieces.add(current.toString());
        return pieces;
    }

    private static Filter parseFilter(String name, String text, int at, String spec) throws TemplateSyntaxException {
        int colon = spec.indexOf(':');
        String filterName = (colon < 0 ? spec : spec.substring(0, colon)).trim();
        String argument = colon < 0 ? null : spec.substring(colon + 1).trim();
        switch (filterName) {
            case "json", "json_escape" -> {
                if (argument != null) {
                    throw new TemplateSyntaxException(name, where(text, at), "filter '" + filterName + "' takes no argument");
                }
                return new Filter(filterName.equals("json") ? FilterKind.JSON : FilterKind.JSON_ESCAPE, null);
            }
            case "default" -> {
                if (argument == null) {
                    throw new TemplateSyntaxException(name, where(text, at), "filter 'default' needs a value: default:\"text\"");
                }
                return new Filter(FilterKind.DEFAULT, argument.startsWith("\"") ? unquote(name, text, at, argument) : argument);
            }
            default -> throw new TemplateSyntaxException(name, where(text, at), "unknown filter '" + filterName
                    + "' (known: json, json_escape, default:\"text\")");
        }
    }

    private static String unquote(String name, String text, int at, String quoted) throws TemplateSyntaxException {
        try {
            JsonNode node = Json.MAPPER.readTree(quoted);
            if (node != null && node.isTextual()) return node.asText();
        } catch (IOException ignored) {
            // reported below
        }
        throw new TemplateSyntaxException(name, where(text, at), "bad quoted text " + quoted + " (use JSON string syntax)");
    }

    /** "line 3, column 7" of an offset, for syntax errors in multi-line prompts. */
    private static String where(String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (offset - lineStart + 1);
    }

    private sealed interface Part permits Literal, Placeholder {
    }

    private record Literal(String text) implements Part {
    }

    private record Placeholder(String path, List<Filter> filters) implements Part {
        boolean hasDefault() {
            return filters.stream().anyMatch(f -> f.kind == FilterKind.DEFAULT);
        }
    }

    private enum FilterKind { JSON, JSON_ESCAPE, DEFAULT }

    private record Filter(FilterKind kind, String argument) {
        JsonNode apply(JsonNode value) {
            return switch (kind) {
                case JSON -> TextNode.valueOf(value.toString());
                case JSON_ESCAPE -> {
                    String literal = value.isTextual() ? TextNode.valueOf(value.asText()).toString()
                            : TextNode.valueOf(value.toString()).toString();
                    yield TextNode.valueOf(literal.substring(1, literal.length() - 1));
                }
                case DEFAULT -> value;
            };
        }
    }
}
