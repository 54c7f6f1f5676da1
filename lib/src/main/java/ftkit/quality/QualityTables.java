package ftkit.quality;

import ftkit.model.Sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure functions for the quality notebook: each returns rows (ordered column → value maps, one per table row)
 * that a notebook turns into a table (e.g. Tablesaw) or a chart, so ftkit.quality itself needs no table library.
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
