package ftkit.notebook;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * Token counts grouped into bins whose edges include the per-example limit exactly, so every bin is either
 * wholly within the limit or wholly over it (the over-limit bins are the ones a chart highlights).
 * Bins are right-closed, {@code (edge[i], edge[i+1]]}; the first bin also holds its lower edge. A count equal
 * to the limit is within it: providers reject examples with more tokens than the limit, not as many.
 *
 * @param scale     how the edges are spaced; LOG spreads them geometrically, for data far below the limit
 * @param edges     {@code bins + 1} ascending bin edges
 * @param counts    examples per bin
 * @param limit     the model's per-example token limit
 * @param limitEdge index into {@code edges} of the limit; bins from this index on are over the limit
 */
public record TokenHistogram(Scale scale, double[] edges, int[] counts, int limit, int limitEdge) {

    public enum Scale { LINEAR, LOG }

    /** Bins at most this many times wider than the data still show the data well on a linear axis. */
    private static final double LINEAR_SPAN_FACTOR = 2.0;

    public TokenHistogram {
        Objects.requireNonNull(scale, "scale");
        if (edges.length != counts.length + 1) throw new IllegalArgumentException("need one more edge than bins");
        if (limitEdge < 1 || limitEdge >= edges.length) throw new IllegalArgumentException("limit edge out of range");
    }

    /**
     * Bins with about {@code targetBins} bins up to the limit, choosing the scale: linear when the limit is
     * within twice the largest count (the line and the data share the view), else logarithmic.
     */
    public static TokenHistogram of(Collection<Integer> tokenCounts, int limit, int targetBins) {
        int max = tokenCounts.stream().mapToInt(Integer::intValue).max().orElse(0);
        Scale scale = limit <= LINEAR_SPAN_FACTOR * Math.max(1, max) ? Scale.LINEAR : Scale.LOG;
        return of(tokenCounts, limit, targetBins, scale);
    }

    public static TokenHistogram of(Collection<Integer> tokenCounts, int limit, int targetBins, Scale scale) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1 token, was " + limit);
        if (targetBins < 1) throw new IllegalArgumentException("need at least one bin, was " + targetBins);
        int[] values = tokenCounts.stream().mapToInt(Integer::intValue).toArray();
        for (int v : values) {
            if (v < 0) throw new IllegalArgumentException("token counts cannot be negative: " + v);
        }
        int max = Arrays.stream(values).max().orElse(0);
        int min = Arrays.stream(values).min().orElse(0);
        double[] edges = scale == Scale.LINEAR ? linearEdges(max, limit, targetBins) : logEdges(min, max, limit, targetBins);
        int limitEdge = indexOf(edges, limit);
        int[] counts = new int[edges.length - 1];
        for (int v : values) counts[binOf(edges, v)]++;
        return new TokenHistogram(scale, edges, counts, limit, limitEdge);
    }

    /** Equal widths with the limit on an edge; the range reaches the larger of the limit and the data. */
    private static double[] linearEdges(int max, int limit, int targetBins) {
        double range = Math.max(max, limit);
        int binsBelowLimit = Math.max(1, (int) Math.round(targetBins * limit / range));
        double width = (double) limit / binsBelowLimit;
        int bins = Math.max(binsBelowLimit, (int) Math.ceil(max / width));
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = i * width;
        edges[binsBelowLimit] = limit; // exact, whatever the rounding of i * width
        return edges;
    }

    /** Geometric widths from the smallest count (at least 1 token) with the limit on an edge. */
    private static double[] logEdges(int min, int max, int limit, int targetBins) {
        double low = Math.log(Math.max(1, Math.min(min, limit)));
        double atLimit = Math.log(limit);
        double high = Math.log(Math.max(max, limit));
        double step;
        int binsBelowLimit;
        if (atLimit > low) {
            binsBelowLimit = Math.max(1, (int) Math.round(targetBins * (atLimit - low) / (high - low)));
            step = (atLimit - low) / binsBelowLimit;
        } else {
            // limit of 1 token or every example at the limit's bottom: one bin below it, then doublings
            binsBelowLimit = 1;
            step = Math.log(2);
            low = atLimit - step;
        }
        int bins = Math.max(binsBelowLimit, (int) Math.ceil((high - low) / step - 1e-9));
        double[] edges = new double[bins + 1];
        for (int i = 0; i <= bins; i++) edges[i] = Math.exp(low + i * step);
        edges[0] = Math.exp(low);
        edges[binsBelowLimit] = limit;
        if (edges[bins] < max) edges[bins] = max;
        return edges;
    }

    private static int indexOf(double[] edges, int limit) {
        for (int i = 0; i < edges.length; i++) {
            if (edges[i] == limit) return i;
        }
        throw new IllegalStateException("limit " + limit + " is not a bin edge");
    }

    private static int binOf(double[] edges, int value) {
        int i = Arrays.binarySearch(edges, value);
        int bin = i >= 0 ? i - 1 : -i - 2; // right-closed: a value on an edge belongs to the bin below it
        return Math.max(0, Math.min(bin, edges.length - 2));
    }

    public int bins() {
        return counts.length;
    }

    public int total() {
        return Arrays.stream(counts).sum();
    }

    public int withinLimit() {
        return Arrays.stream(counts, 0, limitEdge).sum();
    }

    public int overLimit() {
        return Arrays.stream(counts, limitEdge, counts.length).sum();
    }

    public int largestBin() {
        return Arrays.stream(counts).max().orElse(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenHistogram h && scale == h.scale && limit == h.limit && limitEdge == h.limitEdge
                && Arrays.equals(edges, h.edges) && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scale, limit, limitEdge, Arrays.hashCode(edges), Arrays.hashCode(counts));
    }

    @Override
    public String toString() {
        return "TokenHistogram[" + scale + ", limit " + limit + ", edges " + Arrays.toString(edges)
                + ", counts " + Arrays.toString(counts) + "]";
    }
}
