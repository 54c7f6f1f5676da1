package ftkit.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The planned shares of a generation plan file (generate's YAML/JSON plan): {@code categories} (count or
 * percentage each), {@code complexity} (level → {share}), {@code expertise} and {@code query.phrasing} (a list for
 * equal weights, or value → share; shares as 0..1 or "40%"). Only what balance needs is read; generate validates the
 * plan itself. Fields the plan leaves out are absent (no planned shares shown).
 */
public record PlanShares(Map<String, Map<String, Double>> shares) {

    public static PlanShares read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        JsonNode root = mapper.readTree(file.toFile());
        if (root == null || !root.isObject()) throw new IOException(file + ": a plan must be a mapping");
        Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
        JsonNode cats = root.path("categories");
        if (cats.isArray()) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (JsonNode c : cats) {
                String n = c.path("name").asText("").trim();
                if (n.isEmpty()) continue;
                m.put(n, c.has("count") ? c.path("count").asDouble() : share(c.path("percentage"), true));
            }
            put(shares, "category", m);
        }
        JsonNode cx = root.path("complexity");
        if (cx.isObject()) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (Iterator<String> it = cx.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                JsonNode v = cx.get(k);
                m.put(k.toLowerCase(Locale.ROOT), share(v.isObject() ? v.path("share") : v, false));
            }
            put(shares, "complexity", m);
        }
        put(shares, "expertise", weights(root.path("expertise")));
        put(shares, "phrasing", weights(root.path("query").path("phrasing")));
        return new PlanShares(shares);
    }

    private static void put(Map<String, Map<String, Double>> shares, String field, Map<String, Double> m) {
        double sum = m.values().stream().mapToDouble(Double::doubleValue).sum();
        if (m.isEmpty() || sum <= 0) return;
        m.replaceAll((k, v) -> v / sum);
        shares.put(field, m);
    }

    private static Map<String, Double> weights(JsonNode v) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (v.isArray()) {
            for (JsonNode x : v) m.put(x.asText().trim().toLowerCase(Locale.ROOT), 1.0);
        } else if (v.isObject()) {
            for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                m.put(k.trim().toLowerCase(Locale.ROOT), share(v.get(k), false));
            }
        }
        return m;
    }

    /** 0.4, 40 (when percent) or "40%" → a number on one scale (normalised later). */
    private static double share(JsonNode v, boolean percent) {
        if (v == null || v.isMissingNode() || v.isNull()) return 0;
        if (v.isNumber()) return percent ? v.asDouble() / 100 : v.asDouble();
        String s = v.asText().trim();
        if (s.endsWith("%")) return Double.parseDouble(s.substring(0, s.length() - 1).trim()) / 100;
        return Double.parseDouble(s);
    }
}
