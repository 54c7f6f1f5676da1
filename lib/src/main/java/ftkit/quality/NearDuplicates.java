package ftkit.quality;

import ftkit.split.TextSignature;
import ftkit.split.UnionFind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Near-duplicate detection by MinHash with LSH banding. Signatures are {@link TextSignature}'s (128 minimum hashes
 * over word 3-gram shingles, the same split uses for leakage groups); only they are kept, 512 bytes a sample, never
 * the texts. The banding (rows per band) is chosen from the threshold so that a pair at 0.05 below the threshold
 * still becomes a candidate with probability at least 0.95; every candidate pair is then verified on the full
 * signature, so banding costs recall only, never precision.
 */
public final class NearDuplicates {
    /** Buckets larger than this (e.g. thousands of copies of one template) are chained, not compared all-pairs. */
    private static final int ALL_PAIRS_BUCKET = 64;

    private final double threshold;
    private final int rows;
    private final int bands;
    private int[] signatures = new int[1024 * TextSignature.HASHES];
    private int[] sampleIndex = new int[1024];
    private int count;

    public NearDuplicates(double threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("the near-duplicate threshold must be in (0, 1], got " + threshold);
        }
        this.threshold = threshold;
        this.rows = rowsFor(threshold);
        this.bands = TextSignature.HASHES / rows;
    }

    /** The widest band (fewest spurious candidates) that still finds a pair at {@code threshold - 0.05} with p ≥ 0.95. */
    static int rowsFor(double threshold) {
        double s = Math.max(0.05, threshold - 0.05);
        int best = 1;
        for (int r = 1; r <= 32; r++) {
            int b = TextSignature.HASHES / r;
            double p = 1 - Math.pow(1 - Math.pow(s, r), b);
            if (p >= 0.95) best = r;
        }
        return best;
    }

    public int rows() {
        return rows;
    }

    public int bands() {
        return bands;
    }

    public double threshold() {
        return threshold;
    }

    /** Adds the sample at input position {@code index} with the given normalised text (see {@link TextSignature#normalize}). */
    public void add(int index, String normalizedText) {
        addSignature(index, TextSignature.minHash(normalizedText));
    }

    public void addSignature(int index, int[] signature) {
        if (count == sampleIndex.length) {
            sampleIndex = Arrays.copyOf(sampleIndex, count * 2);
            signatures = Arrays.copyOf(signatures, count * 2 * TextSignature.HASHES);
        }
        System.arraycopy(signature, 0, signatures, count * TextSignature.HASHES, TextSignature.HASHES);
        sampleIndex[count++] = index;
    }

    public int size() {
        return count;
    }

    /** Estimated Jaccard similarity of the i-th and j-th added samples (positions in adding order). */
    double similarity(int i, int j) {
        int same = 0;
        int a = i * TextSignature.HASHES;
        int b = j * TextSignature.HASHES;
        for (int k = 0; k < TextSignature.HASHES; k++) if (signatures[a + k] == signatures[b + k]) same++;
        return same / (double) TextSignature.HASHES;
    }

    /** The clusters of near-duplicates (size ≥ 2), in order of their representative. */
    public List<DuplicateCluster> clusters() {
        UnionFind sets = new UnionFind(count);
        long[] packed = new long[count];
        int[] sig = new int[TextSignature.HASHES];
        for (int band = 0; band < bands; band++) {
            for (int i = 0; i < count; i++) {
                System.arraycopy(signatures, i * TextSignature.HASHES, sig, 0, TextSignature.HASHES);
                // 40 bits of the band key and 24 of the position: sorting groups equal keys; a rare 40-bit collision
                // only adds a candidate, which verification rejects.
                packed[i] = (TextSignature.bandKey(sig, band, rows) << 24) | i;
            }
            Arrays.sort(packed);
            int start = 0;
            for (int i = 1; i <= count; i++) {
                if (i == count || (packed[i] >>> 24) != (packed[start] >>> 24)) {
                    if (i - start > 1) verifyBucket(packed, start, i, sets);
                    start = i;
                }
            }
        }
        return collect(sets, this::similarity, sampleIndex, count, "near");
    }

    private void verifyBucket(long[] packed, int from, int to, UnionFind sets) {
        int size = to - from;
        if (size <= ALL_PAIRS_BUCKET) {
            for (int x = from; x < to; x++) {
                int a = (int) (packed[x] & 0xFFFFFF);
                for (int y = x + 1; y < to; y++) {
                    int b = (int) (packed[y] & 0xFFFFFF);
                    if (sets.find(a) != sets.find(b) && similarity(a, b) >= threshold) sets.union(a, b);
                }
            }
        } else {
            int first = (int) (packed[from] & 0xFFFFFF);
            for (int x = from + 1; x < to; x++) {
                int a = (int) (packed[x] & 0xFFFFFF);
                int prev = (int) (packed[x - 1] & 0xFFFFFF);
                if (sets.find(a) != sets.find(first) && similarity(a, first) >= threshold) sets.union(a, first);
                if (sets.find(a) != sets.find(prev) && similarity(a, prev) >= threshold) sets.union(a, prev);
            }
        }
    }

    interface PairSimilarity {
        double of(int i, int j);
    }

    /** Groups positions by set; the first position of a set (the earliest sample) is its representative. */
    static List<DuplicateCluster> collect(UnionFind sets, PairSimilarity similarity, int[] sampleIndex, int count,
                                          String kind) {
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            if (sets.sizeOf(i) > 1) groups.computeIfAbsent(sets.find(i), k -> new ArrayList<>()).add(i);
        }
        List<DuplicateCluster> clusters = new ArrayList<>();
        for (List<Integer> g : groups.values()) {
            int rep = g.get(0);
            List<DuplicateCluster.Member> members = new ArrayList<>();
            for (int k = 1; k < g.size(); k++) {
                int m = g.get(k);
                members.add(new DuplicateCluster.Member(sampleIndex[m], Math.round(similarity.of(rep, m) * 1000) / 1000.0));
            }
            members.sort(Comparator.comparingDouble(DuplicateCluster.Member::similarity).reversed()
                    .thenComparingInt(DuplicateCluster.Member::index));
            clusters.add(new DuplicateCluster(kind, sampleIndex[rep], members));
        }
        clusters.sort(Comparator.comparingInt(DuplicateCluster::representative));
        return clusters;
    }
}
