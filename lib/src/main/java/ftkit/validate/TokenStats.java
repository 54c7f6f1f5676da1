package ftkit.validate;

import java.util.Map;
import java.util.TreeMap;

/**
 * Exact token statistics in memory bounded by the number of distinct counts (at most the largest example's
 * length), not by the number of examples: counts are kept as a histogram.
 */
public final class TokenStats {
    private final TreeMap<Integer, Long> histogram = new TreeMap<>();
    private long n;
    private long total;

    public void add(int tokens) {
        histogram.merge(tokens, 1L, Long::sum);
        n++;
        total += tokens;
    }

    public long count() {
        return n;
    }

    public long total() {
        return total;
    }

    public int min() {
        return n == 0 ? 0 : histogram.firstKey();
    }

    public int max() {
        return n == 0 ? 0 : histogram.lastKey();
    }

    public double mean() {
        return n == 0 ? 0 : (double) total / n;
    }

    /** The nearest-rank percentile: the smallest count with at least p% of examples at or below it. */
    public int percentile(double p) {
        if (n == 0) return 0;
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
        long seen = 0;
        for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) return e.getKey();
        }
        return histogram.lastKey();
    }

    public int median() {
        return percentile(50);
    }

    /** Sum over examples of min(tokens, cap): what a target that truncates at cap trains on. */
    public long totalCappedAt(long cap) {
        long sum = 0;
        for (Map.Entry<Integer, Long> e : histogram.entrySet()) sum += Math.min(e.getKey(), cap) * e.getValue();
        return sum;
    }

    /** A copy of the histogram: token count → number of examples. */
    public Map<Integer, Long> histogram() {
        return new TreeMap<>(histogram);
    }
}
