package ftkit.quality;

import ftkit.cli.Log;
import ftkit.io.JsonlLine;
import ftkit.io.RecordFormat;
import ftkit.io.SampleReader;
import ftkit.model.Sample;
import ftkit.split.UnionFind;
import ftkit.validate.ContentKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Runs the quality checks over a dataset in two streaming passes. Pass one computes per-sample fingerprints
 * (content hash, MinHash signature, optional embeddings), heuristic flags and the diversity metrics, keeping
 * neither texts nor samples; then duplicates are clustered and removal decisions made. Pass two (see
 * {@link #emit}) reads the input again and hands every sample with its verdict to a sink, judging kept samples
 * in batches on the way if a judge is given.
 */
public final class Curator {
    private static final int EMBED_BATCH = 64;

    /** One record of the input: its line, the sample (null when unreadable) and the raw text. */
    public record Record(long line, Sample sample, String error, String raw) {
    }

    /** A source that can be read twice (a file, or samples in memory). */
    public interface Source {
        CloseableIterator open() throws IOException;
    }

    public interface CloseableIterator extends Iterator<Record>, AutoCloseable {
        @Override
        void close() throws IOException;
    }

    /** Why a sample was removed (code and readable message) or flagged while kept. */
    public record Reason(String code, String message) {
    }

    /** What pass two hands to its sink for every record. */
    public record Outcome(Record record, int index, boolean kept, List<Reason> reasons, List<Reason> flags,
                          Judge.Verdict verdict) {
    }

    public interface Sink {
        void accept(Outcome outcome) throws IOException;
    }

    private final CurateOptions options;
    private final TextEmbedder embedder;

    // Per-sample state, by index in input order (unreadable records get no index).
    private final List<Long> lines = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final Map<Integer, List<Reason>> flags = new HashMap<>();
    private final Map<Integer, List<Reason>> removal = new TreeMap<>();
    private final Map<String, Long> flagCounts = new TreeMap<>();
    private final Map<String, Long> removedCounts = new TreeMap<>();
    private long invalid;
    private List<DuplicateCluster> exactGroups = List.of();
    private List<DuplicateCluster> nearClusters = List.of();
    private List<DuplicateCluster> semanticClusters = List.of();
    private NearDuplicates near;
    private SemanticDuplicates semantic;
    private DiversityMetrics.Result diversity;
    private final Map<String, Long> timings = new LinkedHashMap<>();

    /** @param embedder may be null when {@code options.embeddings()} is false */
    public Curator(CurateOptions options, TextEmbedder embedder) {
        if (options.embeddings() && embedder == null) throw new IllegalArgumentException("embeddings requested without an embedder");
        this.options = options;
        this.embedder = embedder;
    }

    public static Source file(String path, RecordFormat forced) {
        return () -> {
            SampleReader reader = SampleReader.open(path, forced);
            return new CloseableIterator() {
                @Override
                public boolean hasNext() {
                    return reader.hasNext();
                }

                @Override
                public Record next() {
                    SampleReader.Entry e = reader.next();
                    JsonlLine l = e.line();
                    return new Record(l.number(), e.ok() ? e.sample() : null, e.ok() ? null : e.describeError(), l.text());
                }

                @Override
                public void close() throws IOException {
                    reader.close();
                }
            };
        };
    }

    public static Source samples(List<Sample> samples) {
        return () -> {
            Iterator<Sample> it = samples.iterator();
            return new CloseableIterator() {
                long line;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Record next() {
                    return new Record(++line, it.next(), null, null);
                }

                @Override
                public void close() {
                }
            };
        };
    }

    /** Pass one: fingerprints, flags, metrics, clusters and removal decisions. */
    public void analyse(Source source) throws IOException {
        long start = System.nanoTime();
        Map<ContentKey, Integer> firstByContent = new HashMap<>();
        Map<Integer, List<DuplicateCluster.Member>> exactMembers = new LinkedHashMap<>();
        near = options.nearThreshold() == null ? null : new NearDuplicates(options.nearThreshold());
        semantic = options.semanticThreshold() == null ? null
                : new SemanticDuplicates(options.semanticThreshold(), embedder.dimension());
        HeuristicChecks checks = new HeuristicChecks(options.minAnswerWords(), options.language());
        DiversityMetrics metrics = new DiversityMetrics();
        List<Integer> batchIndex = new ArrayList<>();
        List<SampleTokens> batch = new ArrayList<>();
        List<Boolean> batchUnique = new ArrayList<>();
        long embedNanos = 0;
        try (CloseableIterator it = source.open()) {
            while (it.hasNext()) {
                Record r = it.next();
                if (r.sample() == null) {
                    invalid++;
                    continue;
                }
                int i = lines.size();
                Sample s = r.sample();
                lines.add(r.line());
                ids.add(s.id());
                SampleTokens tokens = SampleTokens.of(s); // split once, shared by every check below
                Integer first = firstByContent.putIfAbsent(ContentKey.of(s), i);
                if (first != null) exactMembers.computeIfAbsent(first, k -> new ArrayList<>()).add(new DuplicateCluster.Member(i, 1.0));
                else if (near != null) near.addSignature(i, tokens.minHash());
                for (HeuristicChecks.Flag f : checks.check(s, tokens)) flag(i, f.code(), f.detail());
                metrics.add(s, tokens);
                if (options.embeddings()) {
                    batchIndex.add(i);
                    batch.add(tokens);
                    batchUnique.add(first == null);
                    if (batch.size() == EMBED_BATCH) {
                        long t = System.nanoTime();
                        embed(batchIndex, batch, batchUnique, metrics);
                        embedNanos += System.nanoTime() - t;
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            long t = System.nanoTime();
            embed(batchIndex, batch, batchUnique, metrics);
            embedNanos += System.nanoTime() - t;
        }
        timings.put("pass1_ms", (System.nanoTime() - start) / 1_000_000);
        if (options.embeddings()) timings.put("embedding_ms", embedNanos / 1_000_000);
        List<DuplicateCluster> exact = new ArrayList<>();
        exactMembers.forEach((rep, members) -> exact.add(new DuplicateCluster("exact", rep, members)));
        exactGroups = exact;
        long t = System.nanoTime();
        if (near != null) nearClusters = near.clusters();
        timings.put("near_clusters_ms", (System.nanoTime() - t) / 1_000_000);
        t = System.nanoTime();
        if (semantic != null) semanticClusters = semantic.clusters();
        timings.put("semantic_clusters_ms", (System.nanoTime() - t) / 1_000_000);
        diversity = metrics.result();
        decide();
    }

    private void embed(List<Integer> indexes, List<SampleTokens> batch, List<Boolean> unique, DiversityMetrics metrics) {
        List<String> texts = new ArrayList<>(batch.size() * 2);
        for (SampleTokens s : batch) texts.add(s.question());
        for (SampleTokens s : batch) texts.add(s.answer());
        List<float[]> vectors = embedder.embed(texts);
        for (int k = 0; k < batch.size(); k++) {
            int i = indexes.get(k);
            float[] q = vectors.get(k);
            float[] a = vectors.get(batch.size() + k);
            boolean hasQ = !texts.get(k).isBlank();
            boolean hasA = !texts.get(batch.size() + k).isBlank();
            if (hasQ && hasA) {
                double relevance = TextEmbedder.cosine(q, a);
                if (relevance < options.offTopicThreshold()) {
                    flag(i, HeuristicChecks.OFF_TOPIC, String.format("answer-question similarity %.2f < %.2f", relevance, options.offTopicThreshold()));
                }
            }
            float[] v = SampleVectors.combine(q, a);
            metrics.addVector(v);
            if (semantic != null && unique.get(k)) semantic.add(i, v, SampleVectors.answerTerms(batch.get(k).answerWords()));
        }
        indexes.clear();
        batch.clear();
        unique.clear();
    }

    private void flag(int i, String code, String message) {
        flags.computeIfAbsent(i, k -> new ArrayList<>()).add(new Reason(code, message));
        flagCounts.merge(code, 1L, Long::sum);
    }

    private void decide() {
        removal.clear(); // decided again after the duplicate judge
        removedCounts.clear();
        addClusterReasons(exactGroups, CurateOptions.EXACT, "exact duplicate of line %d");
        addClusterReasons(nearClusters, CurateOptions.NEAR, "near duplicate (Jaccard ≈ %2$.2f) of line %1$d");
        addClusterReasons(semanticClusters, CurateOptions.SEMANTIC, duplicateJudgeCounts.isEmpty()
                ? "semantic duplicate (score %2$.2f) of line %1$d"
                : "semantic duplicate (score %2$.2f, confirmed by the duplicate judge) of line %1$d");
        flags.forEach((i, list) -> {
            for (Reason r : list) if (options.drop().contains(r.code())) removal.computeIfAbsent(i, k -> new ArrayList<>()).add(r);
        });
        removal.values().forEach(list -> list.stream().map(Reason::code).distinct().forEach(c -> removedCounts.merge(c, 1L, Long::sum)));
    }

    private void addClusterReasons(List<DuplicateCluster> clusters, String code, String format) {
        if (!options.drop().contains(code)) return;
        for (DuplicateCluster c : clusters) {
            long repLine = lines.get(c.representative());
            for (DuplicateCluster.Member m : c.members()) {
                // A sample already removed as a duplicate of another kind keeps its first reason only.
                if (removal.containsKey(m.index()) && removal.get(m.index()).stream().anyMatch(r -> r.code().endsWith("_duplicate"))) continue;
                removal.computeIfAbsent(m.index(), k -> new ArrayList<>())
                        .add(new Reason(code, String.format(format, repLine, m.similarity())));
            }
        }
    }

    private final Map<String, Long> duplicateJudgeCounts = new LinkedHashMap<>();

    /**
     * Between the passes: the semantic candidates (pairs at or above the semantic threshold, best first) go to the
     * duplicate judge, and only the pairs it confirms make semantic clusters. A pair whose samples are already joined
     * through confirmed pairs is not asked; pairs past {@code maxPairs} are not asked and not duplicates. Re-reads the
     * source, keeping only the samples of the pairs to ask about.
     */
    public void confirmSemanticDuplicates(Source source, DuplicateJudge judge, int batchSize, int maxPairs) throws IOException {
        if (semantic == null) throw new IllegalStateException("the duplicate judge needs semantic candidates (--semantic)");
        long start = System.nanoTime();
        List<SemanticDuplicates.Candidate> candidates = semantic.candidates();
        List<SemanticDuplicates.Candidate> asked = candidates.subList(0, Math.min(candidates.size(), Math.max(0, maxPairs)));
        Log.info("curate: %d semantic candidate pair(s) at score ≥ %.2f; asking the duplicate judge about %s", candidates.size(),
                options.semanticThreshold(), asked.size() < candidates.size() ? "the best " + asked.size() : "them");
        Set<Integer> needed = new HashSet<>();
        for (SemanticDuplicates.Candidate c : asked) {
            needed.add(c.first());
            needed.add(c.second());
        }
        Map<Integer, Sample> samplesOfPairs = new HashMap<>();
        int index = 0;
        try (CloseableIterator it = source.open()) {
            while (it.hasNext() && samplesOfPairs.size() < needed.size()) {
                Record r = it.next();
                if (r.sample() == null) continue;
                int i = index++;
                if (needed.contains(i)) samplesOfPairs.put(i, r.sample());
            }
        }
        duplicateJudgeCounts.clear();
        duplicateJudgeCounts.put("candidates", (long) candidates.size());
        duplicateJudgeCounts.put("not_asked_over_limit", (long) (candidates.size() - asked.size()));
        UnionFind joined = new UnionFind(samples());
        List<SemanticDuplicates.Candidate> confirmed = new ArrayList<>();
        int next = 0;
        while (next < asked.size()) {
            List<SemanticDuplicates.Candidate> batch = new ArrayList<>();
            while (next < asked.size() && batch.size() < Math.max(1, batchSize)) {
                SemanticDuplicates.Candidate c = asked.get(next++);
                if (joined.find(c.first()) == joined.find(c.second())) {
                    duplicateJudgeCounts.merge("joined_without_asking", 1L, Long::sum);
                } else {
                    batch.add(c);
                }
            }
            List<Sample[]> pairs = batch.stream().map(c -> new Sample[]{samplesOfPairs.get(c.first()), samplesOfPairs.get(c.second())}).toList();
            List<DuplicateJudge.PairVerdict> verdicts = judge.judge(pairs);
            for (int k = 0; k < batch.size(); k++) {
                DuplicateJudge.PairVerdict v = verdicts.get(k);
                SemanticDuplicates.Candidate c = batch.get(k);
                if (!v.ok()) {
                    duplicateJudgeCounts.merge("failed", 1L, Long::sum);
                    Log.warn("curate: no verdict on lines %d and %d: %s", lines.get(c.first()), lines.get(c.second()), v.error());
                    continue;
                }
                duplicateJudgeCounts.merge(v.cached() ? "cached" : "asked", 1L, Long::sum);
                if (v.duplicate()) {
                    duplicateJudgeCounts.merge("confirmed", 1L, Long::sum);
                    confirmed.add(c);
                    joined.union(c.first(), c.second());
                } else {
                    duplicateJudgeCounts.merge("rejected", 1L, Long::sum);
                }
            }
        }
        semanticClusters = semantic.clustersOf(confirmed);
        timings.put("duplicate_judge_ms", (System.nanoTime() - start) / 1_000_000);
        decide();
    }

    /** What the duplicate judge did (candidates, asked, cached, confirmed, rejected, failed, ...); empty without it. */
    public Map<String, Long> duplicateJudgeCounts() {
        return duplicateJudgeCounts;
    }

    /**
     * Pass two: every record with its outcome, in input order. Samples still kept are judged in batches of
     * {@code batchSize} when a judge is given; a verdict below {@code options.judgeMin()} removes the sample.
     */
    public void emit(Source source, Judge judge, int batchSize, Sink sink) throws IOException {
        long start = System.nanoTime();
        List<Outcome> pending = new ArrayList<>();
        int index = 0;
        try (CloseableIterator it = source.open()) {
            while (it.hasNext()) {
                Record r = it.next();
                if (r.sample() == null) {
                    flush(pending, judge, sink);
                    sink.accept(new Outcome(r, -1, false, List.of(new Reason("unreadable", r.error())), List.of(), null));
                    continue;
                }
                int i = index++;
                List<Reason> reasons = removal.getOrDefault(i, List.of());
                Outcome o = new Outcome(r, i, reasons.isEmpty(), reasons, flags.getOrDefault(i, List.of()), null);
                if (judge != null && o.kept()) {
                    pending.add(o);
                    if (pending.size() >= batchSize) flush(pending, judge, sink);
                } else if (pending.isEmpty()) {
                    sink.accept(o);
                } else {
                    pending.add(o);
                }
            }
            flush(pending, judge, sink);
        }
        timings.put("pass2_ms", (System.nanoTime() - start) / 1_000_000);
    }

    private final Map<String, Long> judgeCounts = new TreeMap<>();
    private double judgeSum;

    private void flush(List<Outcome> pending, Judge judge, Sink sink) throws IOException {
        if (pending.isEmpty()) return;
        List<Outcome> toJudge = pending.stream().filter(Outcome::kept).toList();
        List<Judge.Verdict> verdicts = judge == null ? List.of() : judge.judge(toJudge.stream().map(o -> o.record().sample()).toList());
        Map<Integer, Judge.Verdict> byIndex = new HashMap<>();
        for (int k = 0; k < toJudge.size(); k++) byIndex.put(toJudge.get(k).index(), verdicts.get(k));
        for (Outcome o : pending) {
            Judge.Verdict v = byIndex.get(o.index());
            if (v == null) {
                sink.accept(o);
                continue;
            }
            if (!v.ok()) {
                judgeCounts.merge("failed", 1L, Long::sum);
                List<Reason> f = new ArrayList<>(o.flags());
                f.add(new Reason("judge_failed", v.error()));
                sink.accept(new Outcome(o.record(), o.index(), true, o.reasons(), f, null));
                continue;
            }
            judgeCounts.merge(v.cached() ? "cached" : "judged", 1L, Long::sum);
            judgeSum += v.overall();
            if (options.judgeMin() != null && v.overall() < options.judgeMin()) {
                judgeCounts.merge("below_threshold", 1L, Long::sum);
                removedCounts.merge(CurateOptions.JUDGE, 1L, Long::sum);
                Reason reason = new Reason(CurateOptions.JUDGE, String.format("judge score %.2f < %.2f: %s", v.overall(), options.judgeMin(), v.reason()));
                sink.accept(new Outcome(o.record(), o.index(), false, List.of(reason), o.flags(), v));
            } else {
                sink.accept(new Outcome(o.record(), o.index(), true, o.reasons(), o.flags(), v));
            }
        }
        pending.clear();
    }

    public List<DuplicateCluster> exactGroups() {
        return exactGroups;
    }

    public List<DuplicateCluster> nearClusters() {
        return nearClusters;
    }

    public List<DuplicateCluster> semanticClusters() {
        return semanticClusters;
    }

    public DiversityMetrics.Result diversity() {
        return diversity;
    }

    public Map<Integer, List<Reason>> flags() {
        return flags;
    }

    /** Samples removed by pass one, by index, with reasons (the judge's removals come in pass two). */
    public Map<Integer, List<Reason>> removals() {
        return removal;
    }

    public long lineOf(int index) {
        return lines.get(index);
    }

    public String idOf(int index) {
        return ids.get(index);
    }

    public int samples() {
        return lines.size();
    }

    public long invalid() {
        return invalid;
    }

    public Map<String, Long> flagCounts() {
        return flagCounts;
    }

    public Map<String, Long> removedCounts() {
        return removedCounts;
    }

    public Map<String, Long> judgeCounts() {
        return judgeCounts;
    }

    public Double judgeMean() {
        long n = judgeCounts.getOrDefault("judged", 0L) + judgeCounts.getOrDefault("cached", 0L);
        return n == 0 ? null : Math.round(judgeSum / n * 100) / 100.0;
    }

    public Map<String, Long> timings() {
        return timings;
    }

    public CurateOptions options() {
        return options;
    }

    public NearDuplicates near() {
        return near;
    }

    public SemanticDuplicates semantic() {
        return semantic;
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
