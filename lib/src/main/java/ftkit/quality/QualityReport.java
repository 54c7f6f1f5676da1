package ftkit.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ftkit.io.Json;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The report of a curation run: JSON for {@code --report} and the database, text for stderr. */
public final class QualityReport {
    /** Clusters listed in full in the JSON report (all are counted). */
    public static final int CLUSTERS_LISTED = 200;
    /** Flags listed one by one in the JSON report (all are counted in counts.flagged_by_check). */
    public static final int FLAGS_LISTED = 500;

    private QualityReport() {
    }

    public static ObjectNode json(Curator c, String input, long kept, long removed) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("input", input);
        ObjectNode counts = root.putObject("counts");
        counts.put("samples", c.samples());
        counts.put("unreadable", c.invalid());
        counts.put("kept", kept);
        counts.put("removed", removed);
        counts.set("removed_by_reason", Json.MAPPER.valueToTree(c.removedCounts()));
        counts.set("flagged_by_check", Json.MAPPER.valueToTree(c.flagCounts()));
        CurateOptions o = c.options();
        root.set("dropped_reasons", Json.MAPPER.valueToTree(o.drop()));
        root.set("exact_duplicates", clusters(c, c.exactGroups(), null));
        if (c.near() != null) {
            ObjectNode n = clusters(c, c.nearClusters(), o.nearThreshold());
            n.put("bands", c.near().bands());
            n.put("rows", c.near().rows());
            root.set("near_duplicates", n);
        }
        if (c.semantic() != null) {
            ObjectNode s = clusters(c, c.semanticClusters(), o.semanticThreshold());
            s.put("search", c.semantic().usesLsh() ? "random-hyperplane LSH" : "all pairs");
            s.put("model", "all-MiniLM-L6-v2");
            if (!c.duplicateJudgeCounts().isEmpty()) s.set("duplicate_judge", Json.MAPPER.valueToTree(c.duplicateJudgeCounts()));
            root.set("semantic_duplicates", s);
        }
        root.set("flagged", flagged(c));
        DiversityMetrics.Result d = c.diversity();
        ObjectNode div = root.putObject("diversity");
        div.set("questions", Json.MAPPER.valueToTree(d.questions()));
        div.set("answers", Json.MAPPER.valueToTree(d.answers()));
        div.set("response_words", Json.MAPPER.valueToTree(d.responseWords()));
        if (d.embeddingDispersion() != null) div.put("embedding_dispersion", d.embeddingDispersion());
        div.set("template_leakage", Json.MAPPER.valueToTree(d.templateLeakage()));
        root.set("balance", Json.MAPPER.valueToTree(DiversityMetrics.balanceRows(d.balance(), o.plan())));
        if (!c.judgeCounts().isEmpty()) {
            ObjectNode j = Json.MAPPER.valueToTree(c.judgeCounts());
            if (c.judgeMean() != null) j.put("mean_overall", c.judgeMean());
            if (o.judgeMin() != null) j.put("threshold", o.judgeMin());
            root.set("judge", j);
        }
        root.set("timings_ms", Json.MAPPER.valueToTree(c.timings()));
        return root;
    }

    /** The first pass's flags on samples, in input order: how many samples and flags, and the first ones listed. */
    private static ObjectNode flagged(Curator c) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("samples", c.flags().size());
        n.put("flags", c.flags().values().stream().mapToInt(List::size).sum());
        ArrayNode list = n.putArray("listed");
        for (var e : new java.util.TreeMap<>(c.flags()).entrySet()) {
            for (Curator.Reason r : e.getValue()) {
                if (list.size() >= FLAGS_LISTED) return n;
                ObjectNode f = list.addObject();
                f.put("line", c.lineOf(e.getKey()));
                if (c.idOf(e.getKey()) != null) f.put("id", c.idOf(e.getKey()));
                f.put("check", r.code());
                f.put("detail", r.message());
            }
        }
        return n;
    }

    private static ObjectNode clusters(Curator c, List<DuplicateCluster> clusters, Double threshold) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        if (threshold != null) n.put("threshold", threshold);
        n.put("clusters", clusters.size());
        n.put("duplicates", clusters.stream().mapToInt(x -> x.members().size()).sum());
        ArrayNode list = n.putArray("listed");
        for (DuplicateCluster cl : clusters.subList(0, Math.min(CLUSTERS_LISTED, clusters.size()))) {
            ObjectNode e = list.addObject();
            e.put("kept_line", c.lineOf(cl.representative()));
            if (c.idOf(cl.representative()) != null) e.put("kept_id", c.idOf(cl.representative()));
            ArrayNode ms = e.putArray("members");
            for (DuplicateCluster.Member m : cl.members()) {
                ObjectNode me = ms.addObject();
                me.put("line", c.lineOf(m.index()));
                if (c.idOf(m.index()) != null) me.put("id", c.idOf(m.index()));
                me.put("similarity", m.similarity());
            }
        }
        return n;
    }

    public static void text(ObjectNode r, PrintStream err) {
        var counts = r.path("counts");
        err.printf("curate: %d samples (%d unreadable): %d kept, %d removed%n", counts.path("samples").asLong(),
                counts.path("unreadable").asLong(), counts.path("kept").asLong(), counts.path("removed").asLong());
        counts.path("removed_by_reason").fields().forEachRemaining(e -> err.printf("  removed %-22s %d%n", e.getKey(), e.getValue().asLong()));
        counts.path("flagged_by_check").fields().forEachRemaining(e -> err.printf("  flagged %-22s %d%n", e.getKey(), e.getValue().asLong()));
        err.printf("duplicates: exact %d in %d groups", r.path("exact_duplicates").path("duplicates").asLong(), r.path("exact_duplicates").path("clusters").asLong());
        if (r.has("near_duplicates")) err.printf("; near (Jaccard ≥ %s) %d in %d clusters", r.path("near_duplicates").path("threshold").asText(),
                r.path("near_duplicates").path("duplicates").asLong(), r.path("near_duplicates").path("clusters").asLong());
        if (r.has("semantic_duplicates")) {
            JsonNode sd = r.path("semantic_duplicates");
            err.printf("; semantic (score ≥ %s, %s) %d in %d clusters", sd.path("threshold").asText(), sd.path("search").asText(),
                    sd.path("duplicates").asLong(), sd.path("clusters").asLong());
            if (sd.has("duplicate_judge")) {
                JsonNode j = sd.path("duplicate_judge");
                err.printf(" (duplicate judge: %d candidate pairs, %d confirmed, %d rejected, %d failed, %d cached)", j.path("candidates").asLong(),
                        j.path("confirmed").asLong(), j.path("rejected").asLong(), j.path("failed").asLong(), j.path("cached").asLong());
            }
        }
        err.println();
        var div = r.path("diversity");
        for (String side : List.of("questions", "answers")) {
            var s = div.path(side);
            err.printf("%s: distinct-1 %.3f, distinct-2 %.3f, distinct-3 %.3f, vocabulary %d%n", side,
                    s.path("distinct1").asDouble(), s.path("distinct2").asDouble(), s.path("distinct3").asDouble(), s.path("vocabulary").asLong());
            var tops = s.path("topOpenings");
            for (int i = 0; i < Math.min(3, tops.size()); i++) {
                var t = tops.get(i);
                if (t.path("count").asLong() > 1) err.printf("  opening \"%s…\" %d (%.1f%%)%n", t.path("words").asText(), t.path("count").asLong(), 100 * t.path("share").asDouble());
            }
        }
        var len = div.path("response_words");
        err.printf("response words: min %d, p10 %d, median %d, p90 %d, max %d (cv %.2f)%n", len.path("min").asInt(), len.path("p10").asInt(),
                len.path("median").asInt(), len.path("p90").asInt(), len.path("max").asInt(), len.path("coefficientOfVariation").asDouble());
        if (div.has("embedding_dispersion")) err.printf("embedding dispersion (mean 1 - cosine to centroid): %.3f%n", div.path("embedding_dispersion").asDouble());
        for (var row : r.path("balance")) {
            err.printf("  %-10s %-20s %6d  %5.1f%%%s%n", row.path("field").asText(), row.path("value").asText(), row.path("count").asLong(),
                    100 * row.path("actual").asDouble(), row.path("planned").isNull() ? "" : String.format("  plan %5.1f%%  gap %+5.1f", 100 * row.path("planned").asDouble(), 100 * row.path("gap").asDouble()));
        }
        if (r.has("judge")) err.println("judge: " + r.path("judge"));
    }

    static Map<String, Object> annotation(Curator.Outcome o) {
        Map<String, Object> q = new java.util.LinkedHashMap<>();
        if (!o.flags().isEmpty()) q.put("flags", o.flags().stream().map(Curator.Reason::code).distinct().toList());
        if (o.verdict() != null) q.put("judge", o.verdict().asMetadata());
        return q;
    }
}
