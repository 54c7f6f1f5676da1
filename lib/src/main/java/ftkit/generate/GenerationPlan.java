package ftkit.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ftkit.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A generation plan: the brief's planning template as data (task type, domain, total, split, categories with
 * counts or percentages, complexity breakdown, system prompts, query and response characteristics, scenario
 * coverage with an edge-case share, expertise levels, context variations, multi-turn patterns). {@link QuotaMatrix}
 * expands it into cells. {@code examples/plans/plan.yaml} is the annotated template.
 *
 * @param dimensions the weighted values of each matrix dimension (scenario, expertise, phrasing, complexity),
 *                   weights normalised to sum to 1, in the plan's order
 */
public record GenerationPlan(
        String taskType,
        String domain,
        int totalExamples,
        double trainShare,
        List<Category> categories,
        Map<String, Weighted> complexity,
        List<String> systemPrompts,
        Map<String, Double> scenarios,
        Map<String, Double> expertise,
        Map<String, Double> phrasing,
        List<String> formality,
        String queryLength,
        String responseTone,
        String responseStyle,
        String responseLength,
        String responseFormatting,
        List<String> contexts,
        List<String> multiTurnPatterns,
        int minTurns,
        int maxTurns,
        String notes) {

    /** A category; exactly one of count and percentage is set when read from a file. */
    public record Category(String name, Integer count, Double percentage, String description, List<String> topics) {
    }

    /** A value with a share (0..1) and a definition, e.g. complexity "simple". */
    public record Weighted(double share, String description) {
    }

    /** Scenarios that count toward {@code edge_case_share}. */
    public static final Set<String> EDGE_SCENARIOS = Set.of("edge_cases", "error_handling", "ambiguous");
    /** Scenarios that are conversations of several turns. */
    public static final Set<String> MULTI_TURN_SCENARIOS = Set.of("multi_step", "follow_ups");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS = Set.of("task_type", "domain", "total_examples", "split", "categories",
            "complexity", "system_prompts", "query", "response", "scenarios", "expertise", "context", "multi_turn",
            "notes");

    /** Thrown for a plan that cannot be used; the message names the file and the field. */
    public static final class PlanException extends Exception {
        public PlanException(String message) {
            super(message);
        }
    }

    /** The same plan asking for another total (the requested size capped, or set by a flag). */
    public GenerationPlan withTotal(int total) {
        List<Category> scaled = new ArrayList<>();
        for (Category c : categories) {
            scaled.add(new Category(c.name(), null, share(c) * 100.0, c.description(), c.topics()));
        }
        return new GenerationPlan(taskType, domain, total, trainShare, scaled, complexity, systemPrompts, scenarios,
                expertise, phrasing, formality, queryLength, responseTone, responseStyle, responseLength,
                responseFormatting, contexts, multiTurnPatterns, minTurns, maxTurns, notes);
    }

    /** The share of the total a category gets, from its count or its percentage. */
    public double share(Category c) {
        if (c.percentage() != null) return c.percentage() / 100.0;
        return totalExamples == 0 ? 0 : c.count() / (double) totalExamples;
    }

    /** The plan a run without a plan file uses: one category (the topic), every dimension equally weighted. */
    public static GenerationPlan simple(String topic, int total, String systemPrompt) {
        String name = topic == null || topic.isBlank() ? "general" : topic.trim();
        return new GenerationPlan("conversations", name, total, 0.8,
                List.of(new Category(name, null, 100.0, "conversations about " + name, List.of())),
                linked("simple", new Weighted(1 / 3.0, "one direct question, a short answer"),
                        "medium", new Weighted(1 / 3.0, "a question with some context, an explained answer"),
                        "complex", new Weighted(1 / 3.0, "several constraints, a detailed step-by-step answer")),
                systemPrompt == null ? List.of() : List.of(systemPrompt),
                equal(List.of("common", "edge_cases")),
                equal(List.of("beginner", "intermediate", "expert")),
                equal(List.of("question", "command", "statement")),
                List.of("casual", "formal"), "5-80 tokens", "helpful", "clear", "40-300 tokens", "plain text",
                List.of("minimal", "rich"), List.of("support", "learning"), 2, 3, "");
    }

    /** Reads a plan file (YAML); every problem names the file and the field. */
    public static GenerationPlan load(Path file) throws IOException, PlanException {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new PlanException(file + ": no such plan file");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new PlanException(file + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || !root.isObject()) throw new PlanException(file + ": a plan is a YAML mapping of keys");
        return parse(file.toString(), root);
    }

    static GenerationPlan parse(String where, JsonNode root) throws PlanException {
        Reader r = new Reader(where);
        r.onlyKeys(root, "", TOP_KEYS);
        int total = r.integer(root, "total_examples", 0);
        if (total < 1) throw r.problem("total_examples", "must be a whole number of at least 1");
        double trainShare = 0.8;
        JsonNode split = root.path("split");
        if (!split.isMissingNode()) {
            r.onlyKeys(split, "split.", Set.of("train", "validation"));
            double train = r.number(split, "split.train", 80);
            double validation = r.number(split, "split.validation", 100 - train);
            if (train < 0 || validation < 0 || Math.abs(train + validation - 100) > 1e-6) {
                throw r.problem("split", "train and validation are percentages that add up to 100, got "
                        + train + "/" + validation);
            }
            trainShare = train / 100.0;
        }
        List<Category> categories = new ArrayList<>();
        JsonNode cats = root.path("categories");
        if (!cats.isArray() || cats.isEmpty()) throw r.problem("categories", "needs at least one category");
        double percentSum = 0;
        int countSum = 0;
        boolean anyCount = false;
        boolean anyPercent = false;
        for (int i = 0; i < cats.size(); i++) {
            JsonNode c = cats.get(i);
            String field = "categories[" + i + "]";
            r.onlyKeys(c, field + ".", Set.of("name", "count", "percentage", "description", "topics"));
            String name = r.text(c, field + ".name", null);
            if (name == null || name.isBlank()) throw r.problem(field + ".name", "is required");
            boolean hasCount = c.has("count");
            boolean hasPercent = c.has("percentage");
            if (hasCount == hasPercent) throw r.problem(field, "give exactly one of count and percentage");
            Integer count = hasCount ? r.integer(c, field + ".count", 0) : null;
            Double percent = hasPercent ? r.number(c, field + ".percentage", 0) : null;
            if (count != null && count < 0 || percent != null && (percent < 0 || percent > 100)) {
                throw r.problem(field, "count must be >= 0 and percentage within 0..100");
            }
            anyCount |= hasCount;
            anyPercent |= hasPercent;
            if (hasCount) countSum += count;
            else percentSum += percent;
            categories.add(new Category(name.trim(), count, percent, r.text(c, field + ".description", ""),
                    r.texts(c, field + ".topics")));
        }
        if (anyCount && anyPercent) throw r.problem("categories", "use counts for all categories or percentages for all");
        if (anyCount && countSum != total) {
            throw r.problem("categories", "counts add up to " + countSum + " but total_examples is " + total);
        }
        if (anyPercent && Math.abs(percentSum - 100) > 0.01) {
            throw r.problem("categories", "percentages add up to " + percentSum + ", not 100");
        }

        Map<String, Weighted> complexity = new LinkedHashMap<>();
        JsonNode cx = root.path("complexity");
        if (cx.isMissingNode()) {
            complexity.putAll(simple("x", 1, null).complexity());
        } else {
            r.onlyKeys(cx, "complexity.", Set.of("simple", "medium", "complex"));
            double sum = 0;
            for (Iterator<String> it = cx.fieldNames(); it.hasNext(); ) {
                String level = it.next();
                JsonNode v = cx.get(level);
                double share = r.share(v, "complexity." + level + ".share");
                sum += share;
                complexity.put(level, new Weighted(share, r.text(v, "complexity." + level + ".description", "")));
            }
            if (Math.abs(sum - 1) > 0.01) throw r.problem("complexity", "shares add up to " + sum + ", not 1 (100%)");
        }

        List<String> systemPrompts = r.texts(root, "system_prompts");

        JsonNode query = root.path("query");
        r.onlyKeys(query, "query.", Set.of("phrasing", "formality", "length"));
        Map<String, Double> phrasing = r.weights(query, "query.phrasing",
                List.of("question", "command", "statement"), Set.of("question", "command", "statement", "mixed"));
        List<String> formality = query.has("formality") ? r.texts(query, "query.formality") : List.of("casual", "formal");

        JsonNode response = root.path("response");
        r.onlyKeys(response, "response.", Set.of("tone", "style", "length", "formatting"));

        JsonNode scen = root.path("scenarios");
        r.onlyKeys(scen, "scenarios.", Set.of("coverage", "edge_case_share"));
        Map<String, Double> scenarios = r.weights(scen, "scenarios.coverage", List.of("common", "edge_cases"),
                Set.of("common", "edge_cases", "error_handling", "multi_step", "ambiguous", "follow_ups"));
        if (scen.has("edge_case_share")) {
            double edge = r.number(scen, "scenarios.edge_case_share", 0);
            if (edge < 0 || edge > 1) throw r.problem("scenarios.edge_case_share", "must be within 0..1");
            scenarios = applyEdgeShare(r, scenarios, edge);
        }
        Map<String, Double> expertise = r.weights(root, "expertise", List.of("beginner", "intermediate", "expert"),
                Set.of("beginner", "intermediate", "expert"));
        List<String> contexts = root.has("context") ? r.texts(root, "context") : List.of("minimal", "rich");
        JsonNode multi = root.path("multi_turn");
        r.onlyKeys(multi, "multi_turn.", Set.of("patterns", "min_turns", "max_turns"));
        List<String> patterns = multi.has("patterns") ? r.texts(multi, "multi_turn.patterns") : List.of("support");
        int minTurns = r.integer(multi, "multi_turn.min_turns", 2);
        int maxTurns = r.integer(multi, "multi_turn.max_turns", Math.max(minTurns, 3));
        if (minTurns < 2 || maxTurns < minTurns || maxTurns > 10) {
            throw r.problem("multi_turn", "needs 2 <= min_turns <= max_turns <= 10");
        }
        return new GenerationPlan(r.text(root, "task_type", "conversations"), r.text(root, "domain", "general"),
                total, trainShare, categories, complexity, systemPrompts, scenarios, expertise, phrasing, formality,
                r.text(query, "query.length", "natural"), r.text(response, "response.tone", "helpful"),
                r.text(response, "response.style", "clear"), r.text(response, "response.length", "as needed"),
                r.text(response, "response.formatting", "plain text"), contexts, patterns, minTurns, maxTurns,
                r.text(root, "notes", ""));
    }

    /** Edge-like scenarios share {@code edge} between them (by their weights), the others share the rest. */
    private static Map<String, Double> applyEdgeShare(Reader r, Map<String, Double> scenarios, double edge)
            throws PlanException {
        double edgeSum = 0;
        double otherSum = 0;
        for (var e : scenarios.entrySet()) {
            if (EDGE_SCENARIOS.contains(e.getKey())) edgeSum += e.getValue();
            else otherSum += e.getValue();
        }
        if (edge > 0 && edgeSum == 0) {
            throw r.problem("scenarios.edge_case_share", "is " + edge + " but coverage lists none of " + EDGE_SCENARIOS);
        }
        if (edge < 1 && otherSum == 0) {
            throw r.problem("scenarios.edge_case_share", "leaves " + (1 - edge) + " for other scenarios but coverage lists none");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (var e : scenarios.entrySet()) {
            boolean isEdge = EDGE_SCENARIOS.contains(e.getKey());
            out.put(e.getKey(), isEdge ? edge * e.getValue() / edgeSum : (1 - edge) * e.getValue() / otherSum);
        }
        return out;
    }

    private static Map<String, Weighted> linked(Object... kv) {
        Map<String, Weighted> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], (Weighted) kv[i + 1]);
        return m;
    }

    private static Map<String, Double> equal(List<String> values) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String v : values) m.put(v, 1.0 / values.size());
        return m;
    }

    /** The plan as JSON, for the journal's fingerprint and --dry-run. */
    public ObjectNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    /** Field readers that name the file and field in every error. */
    private static final class Reader {
        private final String where;

        Reader(String where) {
            this.where = where;
        }

        PlanException problem(String field, String message) {
            return new PlanException(where + ": " + field + " " + message);
        }

        void onlyKeys(JsonNode node, String prefix, Set<String> known) throws PlanException {
            if (node.isMissingNode() || node.isNull()) return;
            if (!node.isObject()) throw problem(prefix.isEmpty() ? "plan" : prefix.substring(0, prefix.length() - 1), "must be a mapping");
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    throw problem(prefix + key, "is not a plan key (known here: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                }
            }
        }

        String text(JsonNode node, String field, String fallback) throws PlanException {
            JsonNode v = node.path(leaf(field));
            if (v.isMissingNode() || v.isNull()) return fallback;
            if (v.isArray()) {
                List<String> parts = new ArrayList<>();
                for (JsonNode x : v) parts.add(x.asText());
                return String.join(", ", parts);
            }
            if (!v.isValueNode()) throw problem(field, "must be text");
            return v.asText();
        }

        List<String> texts(JsonNode node, String field) throws PlanException {
            JsonNode v = node.path(leaf(field));
            if (v.isMissingNode() || v.isNull()) return List.of();
            List<String> out = new ArrayList<>();
            if (v.isValueNode()) {
                out.add(v.asText());
                return out;
            }
            if (!v.isArray()) throw problem(field, "must be a list of texts");
            for (JsonNode x : v) {
                if (!x.isValueNode()) throw problem(field, "must be a list of texts");
                out.add(x.asText());
            }
            return out;
        }

        int integer(JsonNode node, String field, int fallback) throws PlanException {
            JsonNode v = node.path(leaf(field));
            if (v.isMissingNode() || v.isNull()) return fallback;
            if (!v.canConvertToInt() || !v.isIntegralNumber()) throw problem(field, "must be a whole number, got " + v);
            return v.intValue();
        }

        double number(JsonNode node, String field, double fallback) throws PlanException {
            JsonNode v = node.path(leaf(field));
            if (v.isMissingNode() || v.isNull()) return fallback;
            if (v.isTextual() && v.asText().trim().endsWith("%")) {
                try {
                    return Double.parseDouble(v.asText().trim().replace("%", ""));
                } catch (NumberFormatException e) {
                    throw problem(field, "must be a number, got " + v);
                }
            }
            if (!v.isNumber()) throw problem(field, "must be a number, got " + v);
            return v.doubleValue();
        }

        /** A share as 0..1, or a percentage written "40%"; {@code {share: x}} or a bare value. */
        double share(JsonNode v, String field) throws PlanException {
            JsonNode s = v.isObject() ? v.path("share") : v;
            if (v.isObject()) onlyKeys(v, field.substring(0, field.lastIndexOf('.') + 1), Set.of("share", "description"));
            double share;
            if (s.isTextual() && s.asText().trim().endsWith("%")) {
                share = number(Json.MAPPER.createObjectNode().set("x", s), "x", 0) / 100.0;
            } else if (s.isNumber()) {
                share = s.doubleValue();
            } else {
                throw problem(field, "must be a share within 0..1 or a percentage like \"40%\"");
            }
            if (share < 0 || share > 1) throw problem(field, "must be within 0..1, got " + share);
            return share;
        }

        /**
         * A dimension: a list (equal weights) or a mapping value → share. Values must be known ones, so a typo
         * does not silently create a new cell.
         */
        Map<String, Double> weights(JsonNode node, String field, List<String> fallback, Set<String> known)
                throws PlanException {
            JsonNode v = node.path(leaf(field));
            Map<String, Double> out = new LinkedHashMap<>();
            if (v.isMissingNode() || v.isNull()) {
                for (String f : fallback) out.put(f, 1.0 / fallback.size());
                return out;
            }
            if (v.isArray()) {
                for (String x : texts(node, field)) out.put(check(field, x, known), 1.0);
            } else if (v.isObject()) {
                for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    out.put(check(field, key, known), share(v.get(key), field + "." + key));
                }
            } else {
                throw problem(field, "must be a list or a mapping of value: share");
            }
            double sum = out.values().stream().mapToDouble(Double::doubleValue).sum();
            if (out.isEmpty() || sum <= 0) throw problem(field, "needs at least one value with a share above 0");
            out.replaceAll((k, w) -> w / sum);
            return out;
        }

        private String check(String field, String value, Set<String> known) throws PlanException {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (!known.contains(v)) {
                throw problem(field, "has unknown value '" + value + "' (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
            return v;
        }

        private static String leaf(String field) {
            int dot = field.lastIndexOf('.');
            return dot < 0 ? field : field.substring(dot + 1);
        }
    }
}
