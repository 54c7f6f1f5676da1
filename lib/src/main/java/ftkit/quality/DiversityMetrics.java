package ftkit.quality;

import ftkit.model.Sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Streaming diversity and balance metrics of a dataset: add samples one by one, then {@link #result()}.
 * Memory: the vocabulary, one int per response (lengths), one counter per distinct opening and per metadata value,
 * three 16 KB distinct-n counters per side, and one running vector sum for the embedding centroid.
 */
public final class DiversityMetrics {
    /** Metadata fields whose distribution is reported (generate's names). */
    public static final List<String> BALANCE_FIELDS = List.of("category", "complexity", "expertise", "phrasing");

    private final Side questions = new Side();
    private final Side answers = new Side();
    private final Map<String, Map<String, Long>> balance = new LinkedHashMap<>();
    private final Map<String, Long> leakage = new HashMap<>();
    private long samples;
    private int[] responseWords = new int[1024];
    private int responses;
    private double[] centroid;
    private final List<float[]> dispersionVectors = new ArrayList<>();
    private long vectors;

    /** distinct-n (n = 1, 2, 3) and vocabulary of one side (questions or answers). */
    private static final class Side {
        final DistinctCounter[] distinct = {new DistinctCounter(), new DistinctCounter(), new DistinctCounter()};
        final long[] total = new long[3];
        final Set<String> vocabulary = new HashSet<>();
        final Map<String, Long> openings = new HashMap<>();
        long texts;

        void add(List<String> words) {
            if (words.isEmpty()) return;
            texts++;
            long[] hashes = new long[words.size()];
            for (int i = 0; i < words.size(); i++) {
                vocabulary.add(words.get(i));
                hashes[i] = SampleTokens.wordHash(words.get(i));
            }
            for (int n = 1; n <= 3; n++) {
                for (int i = 0; i + n <= hashes.length; i++) {
                    long h = n;
                    for (int k = i; k < i + n; k++) h = DistinctCounter.mix(h * 31 + hashes[k]);
                    distinct[n - 1].add(h);
                    total[n - 1]++;
                }
            }
            String opening = String.join(" ", words.subList(0, Math.min(3, words.size())));
            openings.merge(opening, 1L, Long::sum);
        }

        SideMetrics result(int top) {
            double[] dn = new double[3];
            for (int n = 0; n < 3; n++) dn[n] = total[n] == 0 ? 0 : Math.min(1.0, distinct[n].estimate() / (double) total[n]);
            List<Opening> tops = openings.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(top)
                    .map(e -> new Opening(e.getKey(), e.getValue(), round(e.getValue() / (double) texts)))
                    .toList();
            return new SideMetrics(texts, round(dn[0]), round(dn[1]), round(dn[2]), vocabulary.size(), tops);
        }
    }

    /** One frequent opening (first three words, lower case) and its share of the texts. */
    public record Opening(String words, long count, double share) {
    }

    public record SideMetrics(long texts, double distinct1, double distinct2, double distinct3, long vocabulary,
                              List<Opening> topOpenings) {
    }

    /** Word counts of responses: spread as quantiles, mean and coefficient of variation. */
    public record LengthSpread(long responses, int min, int p10, int median, int p90, int max, double mean,
                               double stddev, double coefficientOfVariation) {
    }

    public record Result(long samples, SideMetrics questions, SideMetrics answers, LengthSpread responseWords,
                         Double embeddingDispersion, Map<String, Map<String, Long>> balance,
                         Map<String, Long> templateLeakage) {
    }

    public void add(Sample sample) {
        add(sample, SampleTokens.of(sample));
    }

    /** Adds a sample already split into words (curate splits each sample once for all its checks). */
    public void add(Sample sample, SampleTokens tokens) {
        samples++;
        questions.add(tokens.questionWords());
        for (List<String> a : tokens.answerWords()) {
            answers.add(a);
            if (responses == responseWords.length) responseWords = Arrays.copyOf(responseWords, responses * 2);
            responseWords[responses++] = a.size();
        }
        for (String field : BALANCE_FIELDS) {
            Object v = sample.metadata().get(field);
            if (v == null && "category".equals(field)) v = sample.metadata().tags().get(field);
            if (v != null) balance.computeIfAbsent(field, f -> new LinkedHashMap<>()).merge(v.toString(), 1L, Long::sum);
        }
        String leak = HeuristicChecks.leakage(sample);
        if (leak != null) leakage.merge(leak, 1L, Long::sum);
    }

    /**
     * Adds a sample's unit vector. Dispersion is the mean distance (1 − cosine) to the centroid: this keeps the
     * running sum, and up to 20,000 vectors for the second pass (a reservoir-free prefix: enough for a stable mean).
     */
    public void addVector(float[] unit) {
        if (centroid == null) centroid = new double[unit.length];
        for (int i = 0; i < unit.length; i++) centroid[i] += unit[i];
        vectors++;
        if (dispersionVectors.size() < 20_000) dispersionVectors.add(unit);
    }

    public Result result() {
        return new Result(samples, questions.result(10), answers.result(10), spread(), dispersion(),
                balance, leakage);
    }

    private Double dispersion() {
        if (vectors == 0) return null;
        float[] c = new float[centroid.length];
        for (int i = 0; i < c.length; i++) c[i] = (float) (centroid[i] / vectors);
        TextEmbedder.normalize(c);
        double sum = 0;
        for (float[] v : dispersionVectors) sum += 1 - TextEmbedder.cosine(v, c);
        return round(sum / dispersionVectors.size());
    }

    private LengthSpread spread() {
        if (responses == 0) return new LengthSpread(0, 0, 0, 0, 0, 0, 0, 0, 0);
        int[] sorted = Arrays.copyOf(responseWords, responses);
        Arrays.sort(sorted);
        double sum = 0;
        for (int w : sorted) sum += w;
        double mean = sum / responses;
        double var = 0;
        for (int w : sorted) var += (w - mean) * (w - mean);
        double sd = Math.sqrt(var / responses);
        return new LengthSpread(responses, sorted[0], q(sorted, 0.1), q(sorted, 0.5), q(sorted, 0.9),
                sorted[responses - 1], round(mean), round(sd), mean == 0 ? 0 : round(sd / mean));
    }

    private static int q(int[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    /** Row of a balance table: planned share (null without a plan), actual count and share, and the gap. */
    public record BalanceRow(String field, String value, Double planned, long count, double actual, Double gap) {
    }

    /** Balance of each field against the plan's shares (values in the plan but absent from the data show count 0). */
    public static List<BalanceRow> balanceRows(Map<String, Map<String, Long>> counts, PlanShares plan) {
        List<BalanceRow> rows = new ArrayList<>();
        for (String field : BALANCE_FIELDS) {
            Map<String, Long> actual = counts.getOrDefault(field, Map.of());
            Map<String, Double> planned = plan == null ? Map.of() : plan.shares().getOrDefault(field, Map.of());
            long total = actual.values().stream().mapToLong(Long::longValue).sum();
            Set<String> values = new java.util.LinkedHashSet<>(planned.keySet());
            values.addAll(actual.keySet());
            for (String v : values) {
                long n = actual.getOrDefault(v, 0L);
                double share = total == 0 ? 0 : round(n / (double) total);
                Double p = planned.isEmpty() ? null : round(planned.getOrDefault(v, 0.0));
                rows.add(new BalanceRow(field, v, p, n, share, p == null ? null : round(share - p)));
            }
        }
        rows.sort(Comparator.comparing(BalanceRow::field, Comparator.comparingInt(BALANCE_FIELDS::indexOf)));
        return rows;
    }
}
