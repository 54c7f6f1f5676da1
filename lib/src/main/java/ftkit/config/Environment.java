package ftkit.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The process environment with a {@code .env} file merged under it: a variable set in the real environment wins
 * over the same name in the file (so a one-off {@code FTKIT_MODEL=x ./script} always works). Remembers where each
 * value came from.
 */
public final class Environment {
    private final Map<String, String> values;
    private final Map<String, String> origins;
    private final DotEnv dotEnv;

    private Environment(Map<String, String> values, Map<String, String> origins, DotEnv dotEnv) {
        this.values = Collections.unmodifiableMap(values);
        this.origins = Collections.unmodifiableMap(origins);
        this.dotEnv = dotEnv;
    }

    /** The real environment only. */
    public static Environment of(Map<String, String> realEnv) {
        return merge(realEnv, null);
    }

    /** {@code realEnv} over {@code dotEnv} (which may be null). */
    public static Environment merge(Map<String, String> realEnv, DotEnv dotEnv) {
        Map<String, String> values = new TreeMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        if (dotEnv != null) {
            dotEnv.entries().forEach((name, entry) -> {
                values.put(name, entry.value());
                origins.put(name, dotEnv.where(entry.line()));
            });
        }
        realEnv.forEach((name, value) -> {
            values.put(name, value);
            origins.put(name, "environment");
        });
        return new Environment(values, origins, dotEnv);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The value unless it is missing or blank: an empty variable counts as unset. */
    public Optional<String> nonBlank(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /** "environment" or ".env:3". */
    public Optional<String> origin(String name) {
        return Optional.ofNullable(origins.get(name));
    }

    public boolean fromDotEnv(String name) {
        return origin(name).map(o -> !o.equals("environment")).orElse(false);
    }

    /** Every variable, sorted by name. Do not print it: use {@link Secrets#redact} per entry. */
    public Map<String, String> asMap() {
        return values;
    }

    /** The .env file that was merged, if any. */
    public Optional<DotEnv> dotEnv() {
        return Optional.ofNullable(dotEnv);
    }
}
