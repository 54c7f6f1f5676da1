package ftkit.store;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * What a caller says about a dataset it saves. {@code id} defaults to a slug of the name, so saving the same
 * name again replaces that dataset (after a backup). {@code config} is stored as JSON with secret-looking
 * keys redacted; {@code source} is a free description such as the input file.
 */
public record DatasetInfo(String id, String name, String provider, String model, String mode, JsonNode config,
                          String source) {
    public DatasetInfo {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a dataset needs a name");
        if (id == null || id.isBlank()) id = slug(name);
        if (provider == null || provider.isBlank()) provider = "unknown";
        if (model == null || model.isBlank()) model = "unknown";
        if (mode == null || mode.isBlank()) mode = "unknown";
    }

    public static DatasetInfo named(String name) {
        return new DatasetInfo(null, name, null, null, null, null, null);
    }

    public DatasetInfo withProvider(String provider, String model) {
        return new DatasetInfo(id, name, provider, model, mode, config, source);
    }

    public DatasetInfo withMode(String mode) {
        return new DatasetInfo(id, name, provider, model, mode, config, source);
    }

    public DatasetInfo withConfig(JsonNode config) {
        return new DatasetInfo(id, name, provider, model, mode, config, source);
    }

    public DatasetInfo withSource(String source) {
        return new DatasetInfo(id, name, provider, model, mode, config, source);
    }

    public DatasetInfo withId(String id) {
        return new DatasetInfo(id, name, provider, model, mode, config, source);
    }

    /** Lower-case letters, digits, dots, dashes and underscores; anything else becomes a dash. */
    public static String slug(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("(^-+|-+$)", "");
        return s.isEmpty() ? "dataset" : s;
    }
}
