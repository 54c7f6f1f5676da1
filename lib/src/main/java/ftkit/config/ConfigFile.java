package ftkit.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code config.yaml} checked against the schema of {@link Setting}: every unknown key (with a did-you-mean),
 * misplaced section, duplicate key and non-scalar value is reported with its line. Values are kept as text here
 * and parsed by {@link Settings}, the same way as flags and environment variables.
 */
public final class ConfigFile {
    /** A value as written: {@code text} is null for an explicit YAML null ({@code key:} with nothing after it). */
    public record Entry(String text, int line) {
    }

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final YAMLFactory YAML_FACTORY = new YAMLFactory();

    private final Path path;
    private final String displayName;
    private final Map<Setting, Entry> entries;

    private ConfigFile(Path path, String displayName, Map<Setting, Entry> entries) {
        this.path = path;
        this.displayName = displayName;
        this.entries = Collections.unmodifiableMap(entries);
    }

    public Path path() {
        return path;
    }

    /** The name used in messages: the path as the user would recognise it. */
    public String displayName() {
        return displayName;
    }

    /** The settings the file sets, with their raw text and line. */
    public Map<Setting, Entry> entries() {
        return entries;
    }

    public Optional<Entry> entry(Setting setting) {
        return Optional.ofNullable(entries.get(setting));
    }

    /** "config.yaml:12" for messages. */
    public String where(int line) {
        return line > 0 ? displayName + ":" + line : displayName;
    }

    /** Loads one file with defaults for everything it does not set (no flags, no environment). */
    public static Config load(Path path) throws ConfigException {
        return Settings.resolve(Map.of(), Map.of(), path, path.toAbsolutePath().getParent(), false).config();
    }

    /**
     * Reads and checks a file, adding every problem found to {@code problems}. Returns what could be read
     * (possibly nothing), so later checks still run and all problems are reported together.
     */
    public static ConfigFile read(Path path, String displayName, List<ConfigProblem> problems) {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            problems.add(new ConfigProblem(displayName, null, "no such file"));
            return new ConfigFile(path, displayName, new EnumMap<>(Setting.class));
        } catch (CharacterCodingException e) {
            problems.add(new ConfigProblem(displayName, null, "is not valid UTF-8 text"));
            return new ConfigFile(path, displayName, new EnumMap<>(Setting.class));
        } catch (IOException e) {
            String why = Files.isDirectory(path) ? "is a directory, expected a YAML file" : "cannot be read: " + e;
            problems.add(new ConfigProblem(displayName, null, why));
            return new ConfigFile(path, displayName, new EnumMap<>(Setting.class));
        }
        return parse(path, displayName, text, problems);
    }

    /** Checks YAML text; {@code path} may be null for text that does not come from a file. */
    public static ConfigFile parse(Path path, String displayName, String yaml, List<ConfigProblem> problems) {
        ConfigFile file = new ConfigFile(path, displayName, new EnumMap<>(Setting.class));
        Map<String, Integer> lines = new HashMap<>();
        Map<String, String> texts = new HashMap<>();
        if (!scanKeys(file, yaml, lines, texts, problems)) return file;
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            problems.add(syntaxError(file, e));
            return file;
        }
        if (root == null || root.isMissingNode() || root.isNull()) return file; // empty file: all defaults
        if (!root.isObject()) {
            problems.add(new ConfigProblem(file.where(1), null,
                    "must be a mapping of settings (key: value), got " + describe(root)));
            return file;
        }
        Map<Setting, Entry> entries = new EnumMap<>(Setting.class);
        walk(file, root, "", "", lines, texts, entries, problems);
        return new ConfigFile(path, displayName, entries);
    }

    /**
     * Streams the YAML tokens once to record the line of every key (Jackson's tree keeps no locations) and to
     * find duplicate keys and extra documents, which the tree would silently merge or drop.
     */
    private static boolean scanKeys(ConfigFile file, String yaml, Map<String, Integer> lines,
                                    Map<String, String> texts, List<ConfigProblem> problems) {
        try (JsonParser parser = YAML_FACTORY.createParser(yaml)) {
            int depth = 0;
            boolean sawRoot = false;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (depth == 0) {
                    if (sawRoot) {
                        problems.add(new ConfigProblem(file.where(parser.currentTokenLocation().getLineNr()), null,
                                "holds more than one YAML document; keep a single one"));
                        return false;
                    }
                    sawRoot = true;
                }
                if (token.isStructStart()) depth++;
                else if (token.isStructEnd()) depth--;
                else if (token.isScalarValue() && parser.getParsingContext().inObject()) {
                    // The literal as written ("1e400", "0.80"), not Jackson's reading of it ("Infinity", "0.8").
                    texts.put(parser.getParsingContext().pathAsPointer().toString(), parser.getText());
                } else if (token == JsonToken.FIELD_NAME) {
                    String pointer = parser.getParsingContext().pathAsPointer().toString();
                    int line = parser.currentTokenLocation().getLineNr();
                    Integer first = lines.putIfAbsent(pointer, line);
                    if (first != null) {
                        problems.add(new ConfigProblem(file.where(line), keyOf(pointer),
                                "duplicate key (first set at line " + first + ")"));
                    }
                }
            }
            return true;
        } catch (JsonProcessingException e) {
            problems.add(syntaxError(file, e));
            return false;
        } catch (IOException e) {
            problems.add(new ConfigProblem(file.displayName, null, "cannot be read: " + e.getMessage()));
            return false;
        }
    }

    private static void walk(ConfigFile file, JsonNode mapping, String prefix, String pointer, Map<String, Integer> lines,
                             Map<String, String> texts, Map<Setting, Entry> entries, List<ConfigProblem> problems) {
        Set<String> sections = Setting.sections();
        Iterator<Map.Entry<String, JsonNode>> fields = mapping.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            String fieldPointer = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
            int line = lines.getOrDefault(fieldPointer, 0);
            String where = file.where(line);
            Optional<Setting> setting = name.contains(".") ? Optional.empty() : Setting.byKey(key);
            if (setting.isPresent()) {
                Setting s = setting.get();
                if (value.isContainerNode()) {
                    problems.add(new ConfigProblem(where, key, "must be " + expected(s) + ", got " + describe(value)));
                } else {
                    String text = value.isNull() ? null : texts.getOrDefault(fieldPointer, value.asText());
                    entries.put(s, new Entry(text, line));
                }
            } else if (!name.contains(".") && sections.contains(key)) {
                if (value.isObject()) {
                    walk(file, value, key, fieldPointer, lines, texts, entries, problems);
                } else if (!value.isNull()) { // "agent:" with every child commented out is fine
                    problems.add(new ConfigProblem(where, key,
                            "must be a section (a mapping of " + childrenOf(key) + "), got " + describe(value)));
                }
            } else {
                problems.add(new ConfigProblem(where, key, unknownKey(prefix, name, key)));
            }
        }
    }

    private static String unknownKey(String prefix, String name, String key) {
        if (name.contains(".") && (Setting.byKey(key).isPresent() || Setting.sections().contains(key))) {
            return "unknown key; write nested keys as nested mappings, e.g. \"" + name.substring(0, name.indexOf('.'))
                    + ":\" and \"" + name.substring(name.indexOf('.') + 1) + ":\" indented below it";
        }
        Set<String> siblings = children(prefix);
        Optional<String> close = DidYouMean.best(name, siblings);
        if (close.isPresent()) {
            return "unknown key (did you mean " + (prefix.isEmpty() ? "" : prefix + ".") + close.get() + "?)";
        }
        // The right name in the wrong section, e.g. a top-level "ratio" meant as split.ratio.
        for (Setting s : Setting.values()) {
            if (s.leaf().equals(name) || DidYouMean.distance(s.leaf(), name) == 1 && name.length() > 3) {
                return "unknown key (did you mean " + s.key() + "?)";
            }
        }
        return "unknown key; allowed " + (prefix.isEmpty() ? "at the top level" : "in " + prefix) + ": "
                + String.join(", ", siblings);
    }

    /** Names allowed directly under a section ("" = top level), in schema order. */
    static Set<String> children(String prefix) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Setting s : Setting.values()) {
            String rest;
            if (prefix.isEmpty()) rest = s.key();
            else if (s.key().startsWith(prefix + ".")) rest = s.key().substring(prefix.length() + 1);
            else continue;
            int dot = rest.indexOf('.');
            names.add(dot < 0 ? rest : rest.substring(0, dot));
        }
        return names;
    }

    private static String childrenOf(String section) {
        return String.join(", ", new TreeSet<>(children(section)));
    }

    private static String expected(Setting s) {
        return switch (s.kind().typeName()) {
            case "one of" -> "one of " + s.kind().allowed();
            case "integer" -> "a whole number";
            case "number", "seconds" -> "a number";
            case "boolean" -> "true or false";
            default -> "a " + s.kind().typeName();
        };
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) return "a mapping";
        if (node.isArray()) return "a list";
        if (node.isNull()) return "nothing";
        return "\"" + node.asText() + "\"";
    }

    private static String keyOf(String pointer) {
        List<String> parts = new ArrayList<>();
        for (String p : pointer.substring(1).split("/")) parts.add(p.replace("~1", "/").replace("~0", "~"));
        return String.join(".", parts);
    }

    private static ConfigProblem syntaxError(ConfigFile file, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            // SnakeYAML knows the exact line of the problem (Jackson reports where the construct started).
            String problem = yaml.getProblem() == null ? "" : yaml.getProblem().strip();
            String context = yaml.getContext() == null ? "" : yaml.getContext().strip() + ": ";
            return new ConfigProblem(file.where(yaml.getProblemMark().getLine() + 1), null,
                    "invalid YAML: " + context + problem);
        }
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        // SnakeYAML's messages repeat the offending line with a caret drawing; the first line says it all.
        message = message.lines().findFirst().orElse(message).trim();
        return new ConfigProblem(file.where(line), null, "invalid YAML: " + message);
    }
}
