package ftkit.quality;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.model.Sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure functions for the quality notebook: each returns rows (ordered column → value maps, one per table row)
 * that a notebook turns into a table (e.g. Tablesaw) or a chart, so ftkit.quality itself needs no table library.
 * The functions taking a {@link Curator} read a run held in memory; those taking a {@code JsonNode} read curate's
 * JSON report ({@link QualityReport#json}, as written by {@code --report} or stored by {@code --db}) and give the
 * same columns where both know them.
 */
public final class QualityTables {
    private QualityTables() {
    }

    /** Runs the first pass (duplicates, heuristics, metrics) over samples held in memory. */
    public static Curator analyse(List<Sample> samples, CurateOptions options, TextEmbedder embedder) throws IOException {
        Curator c = new Curator(options, embedder);
        c.analyse(Curator.samples(samples));
        return c;
    }

    /** One row of headline metrics per side: distinct-1/2/3, vocabulary, texts. */
    public static List<Map<String, Object>> diversity(Curator c) {
        List<Map<String, Object>> rows = new ArrayList<>();
        DiversityMetrics.Result d = c.diversity();
        for (var e : Map.of("questions", d.questions(), "answers", d.answers()).entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())).toList()) {
            DiversityMetrics.SideMetrics s = e.getValue();
            rows.add(row("side", e.getKey(), "texts", s.texts(), "distinct_1", s.distinct1(), "distinct_2", s.distinct2(),
                    "distinct_3", s.distinct3(), "vocabulary", s.vocabulary()));
        }
        return rows;
    }

    /** Most frequent openings (first three words) of questions or answers, with their share. */
    public static List<Map<String, Object>> openings(Curator c, String side) {
        DiversityMetrics.SideMetrics s = "questions".equals(side) ? c.diversity().questions() : c.diversity().answers();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DiversityMetrics.Opening o : s.topOpenings()) rows.add(row("opening", o.words(), "count", o.count(), "share", o.share()));
        return rows;
    }

    /** Category / complexity / expertise / phrasing counts and shares, against the plan when the options had one. */
    public static List<Map<String, Object>> balance(Curator c) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DiversityMetrics.BalanceRow b : DiversityMetrics.balanceRows(c.diversity().balance(), c.options().plan())) {
            rows.add(row("field", b.field(), "value", b.value(), "count", b.count(), "actual", b.actual(),
                    "planned", b.planned(), "gap", b.gap()));
        }
        return rows;
    }

    /** How many samples each check flagged and how many were removed for it. */
    public static List<Map<String, Object>> checks(Curator c) {
        List<Map<String, Object>> rows = new ArrayList<>();
        java.util.Set<String> codes = new java.util.TreeSet<>(c.flagCounts().keySet());
        codes.addAll(c.removedCounts().keySet());
        for (String code : codes) {
            rows.add(row("check", code, "flagged", c.flagCounts().getOrDefault(code, 0L), "removed", c.removedCounts().getOrDefault(code, 0L)));
        }
        return rows;
    }

    /**
     * Duplicate clusters of one kind (exact, near, semantic), one row per sample: cluster number, kept or
     * duplicate, line, similarity to the kept sample and the start of the question.
     */
    public static List<Map<String, Object>> clusters(Curator c, List<Sample> samples, String kind, int maxClusters) {
        List<DuplicateCluster> list = switch (kind) {
            case "exact" -> c.exactGroups();
            case "near" -> c.nearClusters();
            case "semantic" -> c.semanticClusters();
            default -> throw new IllegalArgumentException("kind: exact, near or semantic");
        };
        List<Map<String, Object>> rows = new ArrayList<>();
        int n = 0;
        for (DuplicateCluster cl : list) {
            if (n++ >= maxClusters) break;
            rows.add(row("cluster", n, "role", "kept", "line", c.lineOf(cl.representative()), "similarity", 1.0,
                    "question", snippet(samples, cl.representative())));
            for (DuplicateCluster.Member m : cl.members()) {
                rows.add(row("cluster", n, "role", "duplicate", "line", c.lineOf(m.index()), "similarity", m.similarity(),
                        "question", snippet(samples, m.index())));
            }
        }
        return rows;
    }

    /** Every flag on every sample: line, check, detail. */
    public static List<Map<String, Object>> flagged(Curator c) {
        List<Map<String, Object>> rows = new ArrayList<>();
        new java.util.TreeMap<>(c.flags()).forEach((i, reasons) -> {
            for (Curator.Reason r : reasons) rows.add(row("line", c.lineOf(i), "check", r.code(), "detail", r.message()));
        });
        return rows;
    }

    /** Word counts of every response (for a histogram). */
    public static List<Integer> responseWords(List<Sample> samples) {
        List<Integer> out = new ArrayList<>();
        for (Sample s : samples) for (String a : SampleText.answers(s)) out.add(SampleText.words(a).size());
        return out;
    }

    // ------------------------------------------------------------------ from a JSON report

    /** Duplicate kinds of a report with the JSON section holding each. */
    public static final Map<String, String> CLUSTER_SECTIONS = clusterSections();

    private static Map<String, String> clusterSections() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("exact", "exact_duplicates");
        m.put("near", "near_duplicates");
        m.put("semantic", "semantic_duplicates");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The run's headline figures: samples, unreadable, kept, removed, which checks removed, duplicates of each kind. */
    public static List<Map<String, Object>> summary(JsonNode report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        JsonNode counts = report.path("counts");
        for (String f : List.of("samples", "unreadable", "kept", "removed")) {
            rows.add(row("figure", f, "value", counts.path(f).asLong(), "note", null));
        }
        List<String> dropped = new ArrayList<>();
        report.path("dropped_reasons").forEach(n -> dropped.add(n.asText()));
        java.util.Collections.sort(dropped); // the options hold a set: its order is not the user's
        rows.add(row("figure", "removed for", "value", dropped.isEmpty() ? "nothing (report only)" : String.join(", ", dropped), "note", null));
        for (var kind : CLUSTER_SECTIONS.entrySet()) {
            JsonNode section = report.path(kind.getValue());
            if (section.isMissingNode()) {
                rows.add(row("figure", kind.getKey() + " duplicates", "value", "not searched", "note", null));
                continue;
            }
            String note = section.has("threshold") ? (kind.getKey().equals("near") ? "Jaccard ≥ " : "score ≥ ") + section.path("threshold").asText() : null;
            if (section.has("search")) note = (note == null ? "" : note + ", ") + section.path("search").asText();
            rows.add(row("figure", kind.getKey() + " duplicates", "value", section.path("duplicates").asLong()
                    + " in " + section.path("clusters").asLong() + " clusters", "note", note));
        }
        return rows;
    }

    /** How many samples each check flagged and removed: counts.flagged_by_check and counts.removed_by_reason. */
    public static List<Map<String, Object>> checks(JsonNode report) {
        JsonNode flagged = report.path("counts").path("flagged_by_check");
        JsonNode removed = report.path("counts").path("removed_by_reason");
        java.util.Set<String> codes = new java.util.TreeSet<>();
        flagged.fieldNames().forEachRemaining(codes::add);
        removed.fieldNames().forEachRemaining(codes::add);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String code : codes) {
            rows.add(row("check", code, "flagged", flagged.path(code).asLong(0), "removed", removed.path(code).asLong(0)));
        }
        return rows;
    }

    /**
     * Duplicate clusters of one kind (exact, near, semantic) as listed in the report (the first
     * {@link QualityReport#CLUSTERS_LISTED}), one row per sample: cluster number, kept or duplicate, line, id,
     * similarity to the kept sample, and the question when {@code questionByLine} knows the line (else null).
     */
    public static List<Map<String, Object>> clusters(JsonNode report, String kind, int maxClusters,
                                                     java.util.function.LongFunction<String> questionByLine) {
        String section = CLUSTER_SECTIONS.get(kind);
        if (section == null) throw new IllegalArgumentException("kind: exact, near or semantic");
        List<Map<String, Object>> rows = new ArrayList<>();
        int n = 0;
        for (JsonNode cl : report.path(section).path("listed")) {
            if (n++ >= maxClusters) break;
            long kept = cl.path("kept_line").asLong();
            rows.add(row("cluster", n, "role", "kept", "line", kept, "id", text(cl, "kept_id"), "similarity", 1.0,
                    "question", questionByLine == null ? null : questionByLine.apply(kept)));
            for (JsonNode m : cl.path("members")) {
                long line = m.path("line").asLong();
                rows.add(row("cluster", n, "role", "duplicate", "line", line, "id", text(m, "id"),
                        "similarity", m.path("similarity").asDouble(), "question", questionByLine == null ? null : questionByLine.apply(line)));
            }
        }
        return rows;
    }

    /** Every line a report's listed clusters name (kept and duplicate samples of every kind). */
    public static java.util.SortedSet<Long> clusterLines(JsonNode report) {
        java.util.SortedSet<Long> lines = new java.util.TreeSet<>();
        for (String section : CLUSTER_SECTIONS.values()) {
            for (JsonNode cl : report.path(section).path("listed")) {
                lines.add(cl.path("kept_line").asLong());
                for (JsonNode m : cl.path("members")) lines.add(m.path("line").asLong());
            }
        }
        return lines;
    }

    /** distinct-1/2/3, vocabulary and texts per side, as {@link #diversity(Curator)}. */
    public static List<Map<String, Object>> diversity(JsonNode report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String side : List.of("questions", "answers")) {
            JsonNode s = report.path("diversity").path(side);
            if (s.isMissingNode()) continue;
            rows.add(row("side", side, "texts", s.path("texts").asLong(), "distinct_1", s.path("distinct1").asDouble(),
                    "distinct_2", s.path("distinct2").asDouble(), "distinct_3", s.path("distinct3").asDouble(),
                    "vocabulary", s.path("vocabulary").asLong()));
        }
        return rows;
    }

    /** The spread of response lengths in words, the embedding dispersion and template placeholders, as figure/value rows. */
    public static List<Map<String, Object>> spread(JsonNode report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        JsonNode d = report.path("diversity");
        JsonNode len = d.path("response_words");
        for (String f : List.of("responses", "min", "p10", "median", "p90", "max")) {
            if (len.has(f)) rows.add(row("figure", "response words " + f, "value", len.path(f).asLong()));
        }
        if (len.has("mean")) rows.add(row("figure", "response words mean", "value", round(len.path("mean").asDouble())));
        if (len.has("coefficientOfVariation")) {
            rows.add(row("figure", "response words coefficient of variation", "value", round(len.path("coefficientOfVariation").asDouble())));
        }
        if (d.has("embedding_dispersion")) rows.add(row("figure", "embedding dispersion", "value", round(d.path("embedding_dispersion").asDouble())));
        d.path("template_leakage").fields().forEachRemaining(e ->
                rows.add(row("figure", "template placeholder " + e.getKey(), "value", e.getValue().asLong())));
        return rows;
    }

    /** The most frequent openings of questions or answers in the report, with count and share. */
    public static List<Map<String, Object>> openings(JsonNode report, String side) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode o : report.path("diversity").path(side).path("topOpenings")) {
            rows.add(row("opening", o.path("words").asText(), "count", o.path("count").asLong(), "share", o.path("share").asDouble()));
        }
        return rows;
    }

    /** The balance rows of the report (planned and gap null without a plan), as {@link #balance(Curator)}. */
    public static List<Map<String, Object>> balance(JsonNode report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode b : report.path("balance")) {
            rows.add(row("field", b.path("field").asText(), "value", b.path("value").asText(), "count", b.path("count").asLong(),
                    "actual", b.path("actual").asDouble(), "planned", number(b.path("planned")), "gap", number(b.path("gap"))));
        }
        return rows;
    }

    /** The judge's figures (judged, cached, failed, below threshold, mean score, threshold); empty when no judge ran. */
    public static List<Map<String, Object>> judge(JsonNode report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        report.path("judge").fields().forEachRemaining(e -> rows.add(row("figure", e.getKey().replace('_', ' '),
                "value", e.getValue().isIntegralNumber() ? (Object) e.getValue().asLong() : (Object) round(e.getValue().asDouble()))));
        return rows;
    }

    /** The flags the report lists (the first {@link QualityReport#FLAGS_LISTED}): line, id, check, detail. */
    public static List<Map<String, Object>> flagged(JsonNode report) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode f : report.path("flagged").path("listed")) {
            rows.add(row("line", f.path("line").asLong(), "id", text(f, "id"), "check", f.path("check").asText(), "detail", text(f, "detail")));
        }
        return rows;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double number(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asDouble();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String snippet(List<Sample> samples, int index) {
        if (samples == null || index >= samples.size()) return null;
        String q = SampleText.question(samples.get(index)).replaceAll("\\s+", " ");
        return q.length() > 80 ? q.substring(0, 80) + "…" : q;
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
