package ftkit.quality;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Pair-level recall and precision of found clusters against known groups (test helper). */
record PairScore(int truePairs, int foundPairs, int correct) {

    static PairScore of(Map<Integer, Integer> groupOfSample, List<DuplicateCluster> clusters) {
        Set<Long> truth = new HashSet<>();
        var byGroup = new java.util.HashMap<Integer, java.util.List<Integer>>();
        groupOfSample.forEach((sample, group) -> byGroup.computeIfAbsent(group, g -> new java.util.ArrayList<>()).add(sample));
        for (var members : byGroup.values()) {
            for (int a : members) for (int b : members) if (a < b) truth.add(key(a, b));
        }
        Set<Long> found = new HashSet<>();
        for (DuplicateCluster c : clusters) {
            java.util.List<Integer> all = new java.util.ArrayList<>();
            all.add(c.representative());
            c.members().forEach(m -> all.add(m.index()));
            for (int a : all) for (int b : all) if (a < b) found.add(key(a, b));
        }
        int correct = 0;
        for (long p : found) if (truth.contains(p)) correct++;
        return new PairScore(truth.size(), found.size(), correct);
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | b;
    }

    double recall() {
        return truePairs == 0 ? 1 : correct / (double) truePairs;
    }

    double precision() {
        return foundPairs == 0 ? 1 : correct / (double) foundPairs;
    }

    @Override
    public String toString() {
        return String.format("recall %.3f (%d of %d true pairs), precision %.3f (%d of %d found pairs)",
                recall(), correct, truePairs, precision(), correct, foundPairs);
    }
}
