package ftkit.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import ftkit.io.Json;
import ftkit.prompts.PromptTemplate;
import ftkit.prompts.TemplateSyntaxException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A template file: one or more named strategies, each a system, user and assistant prompt with
 * {@code {{field}}} placeholders (see {@link PromptTemplate}). YAML or JSON:
 * <pre>
 * name: support-tickets
 * version: 1
 * simple: simple              # the baseline strategy (default: the one named "simple", else the first)
 * tags:                       # optional: metadata.tags rendered per record (all strategies)
 *   label: "{{label}}"
 * strategies:
 *   simple:
 *     system: You classify support tickets by intent.
 *     user: |-
 *       Classify this ticket:
 *       {{text}}
 *     assistant: '{"classification": {{label|json}}}'
 *     assistant_format: json  # optional: a rendered answer that is not valid JSON rejects the record
 *   optimized:
 *     ...
 * </pre>
 */
public final class TemplateSet {
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Set<String> TOP_KEYS = Set.of("name", "version", "description", "simple", "tags", "strategies");
    private static final Set<String> STRATEGY_KEYS = Set.of("description", "system", "user", "assistant", "assistant_format");

    /** One prompting strategy. {@code system} may be null (no system prompt). */
    public record Strategy(String name, String description, PromptTemplate system, PromptTemplate user,
                           PromptTemplate assistant, boolean assistantIsJson) {
    }

    private final Path file;
    private final String name;
    private final String version;
    private final String description;
    private final String hash;
    private final String simpleName;
    private final Map<String, Strategy> strategies;
    private final Map<String, PromptTemplate> tags;

    private TemplateSet(Path file, String name, String version, String description, String hash, String simpleName,
                        Map<String, Strategy> strategies, Map<String, PromptTemplate> tags) {
        this.file = file;
        this.name = name;
        this.version = version;
        this.description = description;
        this.hash = hash;
        this.simpleName = simpleName;
        this.strategies = strategies;
        this.tags = tags;
    }

    /** Loads a {@code .yaml}/{@code .yml} or {@code .json} template file; every problem names the file. */
    public static TemplateSet load(Path file) throws IOException, InvalidTemplateException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such template file", e);
        }
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        JsonNode root;
        try {
            root = (lower.endsWith(".json") ? Json.MAPPER : YAML).readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidTemplateException(file + ": not valid " + (lower.endsWith(".json") ? "JSON" : "YAML")
                    + ": " + e.getOriginalMessage() + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        return fromTree(file, root, sha256(bytes));
    }

    /** Where {@code --template} names are looked up when they are not a path to an existing file. */
    public static final Path TEMPLATES_DIR = Path.of("prompts", "templates");

    /**
     * A template argument as a file: an existing path as given, else {@code prompts/templates/NAME} with
     * {@code .yaml}, {@code .yml} or {@code .json} (relative to {@code base}).
     *
     * @throws NoSuchFileException naming every place looked at
     */
    public static Path locate(String nameOrPath, Path base) throws NoSuchFileException {
        Path direct = base.resolve(nameOrPath);
        if (Files.isRegularFile(direct)) return direct;
        List<Path> tried = new ArrayList<>(List.of(Path.of(nameOrPath)));
        for (String ext : new String[]{"", ".yaml", ".yml", ".json"}) {
            Path candidate = TEMPLATES_DIR.resolve(nameOrPath + ext);
            if (Files.isRegularFile(base.resolve(candidate))) return base.resolve(candidate);
            tried.add(candidate);
        }
        throw new NoSuchFileException(nameOrPath, null, "no such template file (looked at " + tried + ")");
    }

    static TemplateSet fromTree(Path file, JsonNode root, String hash) throws InvalidTemplateException {
        String where = file.toString();
        if (root == null || !root.isObject()) throw new InvalidTemplateException(where + ": expected a mapping with 'strategies'");
        unknownKeys(where, root, TOP_KEYS);
        JsonNode strategiesNode = root.get("strategies");
        if (strategiesNode == null || !strategiesNode.isObject() || strategiesNode.isEmpty()) {
            throw new InvalidTemplateException(where + ": 'strategies' must map strategy names to {system, user, assistant}");
        }
        Map<String, Strategy> strategies = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : strategiesNode.properties()) {
            strategies.put(e.getKey(), strategy(where, e.getKey(), e.getValue()));
        }
        String simple = text(root, "simple");
        if (simple == null) simple = strategies.containsKey("simple") ? "simple" : strategies.keySet().iterator().next();
        if (!strategies.containsKey(simple)) {
            throw new InvalidTemplateException(where + ": 'simple: " + simple + "' names no strategy; strategies are " + strategies.keySet());
        }
        Map<String, PromptTemplate> tags = new LinkedHashMap<>();
        JsonNode tagsNode = root.get("tags");
        if (tagsNode != null && !tagsNode.isNull()) {
            if (!tagsNode.isObject()) throw new InvalidTemplateException(where + ": 'tags' must map tag names to templates");
            for (Map.Entry<String, JsonNode> e : tagsNode.properties()) {
                tags.put(e.getKey(), prompt(where + "#tags." + e.getKey(), e.getValue()));
            }
        }
        String name = text(root, "name");
        if (name == null) {
            name = file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        }
        return new TemplateSet(file, name, text(root, "version"), text(root, "description"), hash, simple,
                Collections.unmodifiableMap(strategies), Collections.unmodifiableMap(tags));
    }

    private static Strategy strategy(String file, String name, JsonNode node) throws InvalidTemplateException {
        String where = file + "#" + name;
        if (!node.isObject()) throw new InvalidTemplateException(where + ": a strategy must be a mapping with system, user, assistant");
        unknownKeys(where, node, STRATEGY_KEYS);
        for (String required : new String[]{"user", "assistant"}) {
            if (!node.path(required).isTextual()) {
                throw new InvalidTemplateException(where + ": '" + required + "' template is missing (it must be text)");
            }
        }
        String format = node.path("assistant_format").asText("text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new InvalidTemplateException(where + ": assistant_format must be 'text' or 'json', not '" + format + "'");
        }
        PromptTemplate system = node.hasNonNull("system") ? prompt(where + ".system", node.get("system")) : null;
        return new Strategy(name, node.path("description").asText(null), system,
                prompt(where + ".user", node.get("user")), prompt(where + ".assistant", node.get("assistant")),
                format.equals("json"));
    }

    private static PromptTemplate prompt(String where, JsonNode node) throws InvalidTemplateException {
        if (!node.isTextual()) throw new InvalidTemplateException(where + ": must be text");
        try {
            return PromptTemplate.parse(where, node.asText());
        } catch (TemplateSyntaxException e) {
            throw new InvalidTemplateException(e.getMessage());
        }
    }

    private static void unknownKeys(String where, JsonNode node, Set<String> known) throws InvalidTemplateException {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!known.contains(e.getKey())) {
                throw new InvalidTemplateException(where + ": unknown key '" + e.getKey() + "' (known: " + known.stream().sorted().toList() + ")");
            }
        }
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path file() {
        return file;
    }

    public String name() {
        return name;
    }

    /** The file's own {@code version}, or null. */
    public String version() {
        return version;
    }

    public String description() {
        return description;
    }

    /** SHA-256 of the file's bytes: identifies exactly which template produced a sample. */
    public String hash() {
        return hash;
    }

    public String shortHash() {
        return hash.substring(0, 12);
    }

    public Strategy simple() {
        return strategies.get(simpleName);
    }

    public Strategy strategy(String name) {
        return strategies.get(name);
    }

    /** All strategies in file order. */
    public Map<String, Strategy> strategies() {
        return strategies;
    }

    public Map<String, PromptTemplate> tags() {
        return tags;
    }

    /** A template file that cannot be used; the message names the file, the strategy and the problem. */
    public static final class InvalidTemplateException extends Exception {
        public InvalidTemplateException(String message) {
            super(message);
        }
    }
}
