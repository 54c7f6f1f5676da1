package ftkit.providers;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The fine-tuning targets and record formats the tools know, read from the bundled {@code registry.yaml}
 * and optionally overlaid with a user's file (same id replaces, new ids add).
 */
public final class ProviderRegistry {
    public static final String BUNDLED = "/ftkit/providers/registry.yaml";
    private static final Set<String> SHAPES = Set.of("messages", "bedrock-converse", "gemini", "prompt-completion", "alpaca", "sharegpt");
    private static final Set<String> PROVIDERS = Set.of("openai", "anthropic", "google", "mistral", "llama");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Map<String, FormatRules> formats;
    private final Map<String, Target> targets;

    private ProviderRegistry(Map<String, FormatRules> formats, Map<String, Target> targets) {
        this.formats = formats;
        this.targets = targets;
    }

    /** The bundled registry alone. */
    public static ProviderRegistry bundled() {
        try (InputStream in = ProviderRegistry.class.getResourceAsStream(BUNDLED)) {
            if (in == null) throw new IllegalStateException("bundled provider registry " + BUNDLED + " is missing from the classpath");
            ProviderRegistry r = new ProviderRegistry(new LinkedHashMap<>(), new LinkedHashMap<>());
            r.merge(YAML.readTree(in), "bundled registry.yaml");
            r.check("bundled registry.yaml");
            return r;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled provider registry: " + e.getMessage(), e);
        }
    }

    /** The bundled registry overlaid with a user's file, if one is given. */
    public static ProviderRegistry load(Path userFile) throws IOException {
        ProviderRegistry r = bundled();
        if (userFile == null) return r;
        if (!Files.isRegularFile(userFile)) throw new IOException(userFile + ": provider registry file not found");
        JsonNode tree;
        try (InputStream in = Files.newInputStream(userFile)) {
            tree = YAML.readTree(in);
        }
        r.merge(tree, userFile.toString());
        r.check(userFile.toString());
        return r;
    }

    private void merge(JsonNode tree, String origin) throws IOException {
        if (tree == null || !tree.isObject()) throw new IOException(origin + ": expected a mapping with 'formats' and/or 'targets'");
        for (Map.Entry<String, JsonNode> top : tree.properties()) {
            if (!top.getKey().equals("formats") && !top.getKey().equals("targets")) {
                throw new IOException(origin + ": unknown top-level key '" + top.getKey() + "' (expected formats, targets)");
            }
        }
        for (Map.Entry<String, JsonNode> f : tree.path("formats").properties()) {
            try {
                formats.put(f.getKey(), YAML.treeToValue(f.getValue(), FormatRules.class).withId(f.getKey()));
            } catch (JsonMappingException e) {
                throw new IOException(origin + ": formats." + f.getKey() + ": " + describe(e), e);
            }
        }
        int i = 0;
        for (JsonNode t : tree.path("targets")) {
            String label = t.path("id").asText("targets[" + i + "]");
            try {
                Target target = YAML.treeToValue(t, Target.class);
                targets.put(target.id(), target);
            } catch (JsonMappingException e) {
                throw new IOException(origin + ": targets." + label + ": " + describe(e), e);
            }
            i++;
        }
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown key '" + u.getPropertyName() + "'";
        }
        return e.getOriginalMessage();
    }

    private void check(String origin) throws IOException {
        List<String> problems = new ArrayList<>();
        for (FormatRules f : formats.values()) {
            if (f.shape() == null || !SHAPES.contains(f.shape())) {
                problems.add("formats." + f.id() + ".shape: must be one of " + SHAPES + ", got " + f.shape());
            }
        }
        for (Target t : targets.values()) {
            String p = "targets." + t.id();
            if (t.id() == null || !t.id().contains("/")) problems.add(p + ".id: must look like route/model");
            if (t.provider() == null || !PROVIDERS.contains(t.provider())) problems.add(p + ".provider: must be one of " + PROVIDERS);
            if (t.model() == null) problems.add(p + ".model: missing");
            if (t.format() == null || !formats.containsKey(t.format())) problems.add(p + ".format: unknown format '" + t.format() + "'");
            if (t.tokenizer() == null || !validTokenizer(t.tokenizer())) problems.add(p + ".tokenizer: unknown tokenizer '" + t.tokenizer() + "'");
        }
        if (!problems.isEmpty()) throw new IOException(origin + ": " + String.join("; ", problems));
    }

    static boolean validTokenizer(String t) {
        return switch (t) {
            case "o200k_base", "cl100k_base", "llama3", "estimate:o200k_base", "estimate:cl100k_base" -> true;
            default -> t.matches("estimate:chars/\\d+(\\.\\d+)?");
        };
    }

    public Collection<Target> targets() {
        return targets.values();
    }

    public Collection<FormatRules> formats() {
        return formats.values();
    }

    public FormatRules format(String id) {
        FormatRules f = formats.get(id);
        if (f == null) throw new IllegalArgumentException("unknown record format '" + id + "'; known: " + String.join(", ", formats.keySet()));
        return f;
    }

    public Target target(String id) {
        Target t = targets.get(id);
        if (t == null) throw new IllegalArgumentException("unknown target '" + id + "'; run with --list-targets to see them");
        return t;
    }

    /**
     * Finds one target from what a user typed: an id ("bedrock/claude-3-haiku"), or a provider and a model name
     * or alias, narrowed by route when several routes serve the model (Llama).
     */
    public Target resolve(String provider, String model, String route) {
        if (model != null && targets.containsKey(model)) return targets.get(model);
        List<Target> matches = targets.values().stream()
                .filter(t -> provider == null || t.provider().equalsIgnoreCase(provider)
                        || t.route().equalsIgnoreCase(provider))
                .filter(t -> model == null || t.matchesModel(model))
                .filter(t -> route == null || t.route().equalsIgnoreCase(route))
                .toList();
        if (matches.size() == 1) return matches.get(0);
        String wanted = (provider == null ? "" : "provider " + provider + " ") + (model == null ? "" : "model " + model + " ")
                + (route == null ? "" : "route " + route);
        if (matches.isEmpty()) {
            List<String> sameProvider = targets.values().stream()
                    .filter(t -> provider == null || t.provider().equalsIgnoreCase(provider))
                    .map(Target::id).toList();
            throw new IllegalArgumentException("no target matches " + wanted.trim() + "; known"
                    + (provider == null ? "" : " for " + provider) + ": " + String.join(", ", sameProvider));
        }
        if (model != null) {
            // An exact model id beats an alias shared by several entries.
            List<Target> exact = matches.stream().filter(t -> t.model().equalsIgnoreCase(model)).toList();
            if (exact.size() == 1) return exact.get(0);
        }
        throw new IllegalArgumentException(wanted.trim() + " is served by several targets: "
                + matches.stream().map(Target::id).collect(Collectors.joining(", "))
                + "; pick one with --target ID (or --route " + matches.stream().map(Target::route).distinct()
                .collect(Collectors.joining("|")) + ")");
    }

    public List<Target> byProvider(String provider) {
        String p = provider.toLowerCase(Locale.ROOT);
        return targets.values().stream().filter(t -> t.provider().equals(p)).toList();
    }
}
