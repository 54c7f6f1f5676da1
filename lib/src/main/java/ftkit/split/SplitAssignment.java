package ftkit.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Which side each sample goes to. Whole leakage groups (components) are placed, never single members. Records
 * that arrived with a split keep it when asked (and pull the rest of their group along); the remaining groups are
 * spread stratum by stratum: quotas per stratum from the ratio (largest-remainder rounding so the totals match the
 * ratio), at least one validation sample for every stratum of two or more samples, and then the groups, in an
 * order shuffled by the seed, each go to the side whose quota they fill best.
 */
public final class SplitAssignment {
    final byte[] side;
    final long[] counts = new long[3];
    final List<String> messages;
    final List<SmallGroup> smallGroups;
    final int conflictingGroups;
    final long validationTarget;
    final long testTarget;

    /** A stratum too small for the ratio, and what was done with it. */
    public record SmallGroup(String group, long samples, String handling) {
    }

    private SplitAssignment(byte[] side, List<String> messages, List<SmallGroup> smallGroups, int conflictingGroups,
                            long validationTarget, long testTarget) {
        this.side = side;
        for (byte b : side) counts[b]++;
        this.messages = messages;
        this.smallGroups = smallGroups;
        this.conflictingGroups = conflictingGroups;
        this.validationTarget = validationTarget;
        this.testTarget = testTarget;
    }

    public Side sideOf(int ordinal) {
        return Side.values()[side[ordinal]];
    }

    public long count(Side s) {
        return counts[s.ordinal()];
    }

    public List<String> messages() {
        return messages;
    }

    public List<SmallGroup> smallGroups() {
        return smallGroups;
    }

    public static SplitAssignment assign(SplitAnalysis a, SplitOptions o) throws SplitException {
        int n = a.samples;
        int comps = a.componentSize.length;
        List<String> messages = new ArrayList<>();
        List<SmallGroup> small = new ArrayList<>();

        // 1. Groups pinned by records' own splits.
        byte[] fixed = new byte[comps];
        Arrays.fill(fixed, (byte) -1);
        boolean[] conflict = new boolean[comps];
        int conflicts = 0;
        long[] fixedCounts = new long[3];
        if (o.respectExisting()) {
            for (int i = 0; i < n; i++) {
                byte e = a.existing[i];
                if (e < 0) continue;
                int c = a.component[i];
                if (fixed[c] < 0) fixed[c] = e;
                else if (fixed[c] != e && !conflict[c]) {
                    conflict[c] = true;
                    conflicts++;
                }
            }
            for (int i = 0; i < n; i++) {
                int c = a.component[i];
                if (fixed[c] >= 0) fixedCounts[a.existing[i] >= 0 ? a.existing[i] : fixed[c]]++;
            }
            if (conflicts > 0) {
                messages.add(conflicts + " group(s) of duplicates or one chunk arrived split across sides; their own "
                        + "splits were kept, so the input's leakage remains there (re-split without --respect-existing to fix it)");
            }
        }

        // 2. Strata of the free groups: a group belongs to the stratum of its first sample.
        boolean weighted = o.strategy() == SplitOptions.Strategy.WEIGHTED;
        int[] strataOf = !weighted ? null : o.weightBy() == SplitOptions.WeightBy.SOURCE ? a.sourceId : a.keywordId;
        List<String> strataNames = !weighted ? List.of("all")
                : o.weightBy() == SplitOptions.WeightBy.SOURCE ? a.sourceNames : a.keywordNames;
        int strata = strataNames.size();
        int[] compStratum = new int[comps];
        {
            int next = 0;
            for (int i = 0; i < n && next < comps; i++) {
                if (a.component[i] == next) {
                    compStratum[next] = strataOf == null ? 0 : strataOf[i];
                    next++;
                }
            }
        }
        long[] free = new long[Math.max(1, strata)];
        long freeTotal = 0;
        for (int c = 0; c < comps; c++) {
            if (fixed[c] < 0) {
                free[compStratum[c]] += a.componentSize[c];
                freeTotal += a.componentSize[c];
            }
        }

        // 3. Targets, with the validation limit.
        long valTarget = Math.round(freeTotal * o.ratio().validation());
        long testTarget = Math.round(freeTotal * o.ratio().test());
        long valRoom = Long.MAX_VALUE;
        if (o.maxValidation() != null) {
            valRoom = o.maxValidation() - fixedCounts[Side.VALIDATION.ordinal()];
            if (valRoom < 0) {
                throw new SplitException("the input's own validation split has " + fixedCounts[Side.VALIDATION.ordinal()]
                        + " records, over the validation limit of " + o.maxValidation() + "; re-split without "
                        + "--respect-existing or raise --max-validation", false);
            }
            if (valTarget > valRoom) {
                messages.add(String.format(Locale.ROOT, "validation capped at %,d records (the target's limit): %s of %,d "
                        + "samples would be %,d; the rest stays in train (validation share %.2f%%)", o.maxValidation(),
                        o.ratio(), freeTotal + fixedCounts[1], valTarget + fixedCounts[1],
                        100.0 * o.maxValidation() / Math.max(1, n)));
                valTarget = valRoom;
            }
        }
        double valShare = freeTotal == 0 ? 0 : valTarget / (double) freeTotal;
        double testShare = freeTotal == 0 ? 0 : testTarget / (double) freeTotal;
        long[] qVal = quotas(free, valShare, valTarget);
        long[] qTest = quotas(free, testShare, testTarget);
        if (weighted) {
            long valSum = Arrays.stream(qVal).sum();
            for (int s = 0; s < strata; s++) {
                String name = strataNames.get(s);
                if (free[s] == 0) continue;
                if (free[s] == 1) {
                    small.add(new SmallGroup(name, 1, "1 sample: train only"));
                    qVal[s] = 0;
                    qTest[s] = 0;
                    continue;
                }
                if (qVal[s] == 0) {
                    if (valSum < valRoom) {
                        qVal[s] = 1;
                        valSum++;
                        small.add(new SmallGroup(name, free[s], "proportional share below one sample: 1 put in validation"));
                    } else {
                        small.add(new SmallGroup(name, free[s], "no validation sample: the validation limit is reached"));
                    }
                }
                if (o.ratio().test() > 0 && qTest[s] == 0 && free[s] >= 3) qTest[s] = 1;
                while (qVal[s] + qTest[s] > free[s] - 1 && (qVal[s] > 0 || qTest[s] > 0)) {
                    if (qTest[s] > 0) qTest[s]--;
                    else qVal[s]--;
                }
            }
        }

        // 4. Place free groups in a seeded order, stratum by stratum.
        Integer[] order = new Integer[comps];
        long[] shuffleKey = new long[comps];
        for (int c = 0; c < comps; c++) {
            order[c] = c;
            shuffleKey[c] = TextSignature.mix(o.seed() ^ TextSignature.mix(c + 0x2545F4914F6CDD1DL));
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(c -> compStratum[c]).thenComparingLong(c -> shuffleKey[c])
                .thenComparingInt(c -> c));
        byte[] compSide = new byte[comps];
        long[][] placed = new long[Math.max(1, strata)][3];
        long valPlaced = 0;
        boolean useTest = o.ratio().test() > 0;
        for (int c : order) {
            if (fixed[c] >= 0) {
                compSide[c] = fixed[c];
                continue;
            }
            int s = compStratum[c];
            long k = a.componentSize[c];
            long[] quota = {free[s] - qVal[s] - qTest[s], qVal[s], qTest[s]};
            int best = -1;
            long bestScore = Long.MIN_VALUE;
            long bestRemaining = Long.MIN_VALUE;
            for (int side = 0; side < 3; side++) {
                if (side == 2 && !useTest) continue;
                if (side == 1 && valPlaced + k > valRoom) continue;
                long remaining = quota[side] - placed[s][side];
                long score = Math.abs(remaining) - Math.abs(remaining - k);
                if (score > bestScore || (score == bestScore && remaining > bestRemaining)) {
                    best = side;
                    bestScore = score;
                    bestRemaining = remaining;
                }
            }
            compSide[c] = (byte) best;
            placed[s][best] += k;
            if (best == 1) valPlaced += k;
        }
        if (weighted) {
            for (int s = 0; s < strata; s++) {
                if (free[s] >= 2 && placed[s][1] == 0 && qVal[s] > 0) {
                    small.add(new SmallGroup(strataNames.get(s), free[s],
                            "no validation sample: its samples form leakage groups too large to move"));
                }
            }
        }
        long largestAllowed = Math.max(1, valTarget);
        if (a.groups.largestGroup() > largestAllowed && valTarget > 0) {
            messages.add("the largest leakage group (" + a.groups.largestGroup() + " samples) is bigger than the validation "
                    + "target (" + valTarget + "); it stays whole, so the sides cannot match the ratio exactly");
        }

        byte[] side = new byte[n];
        for (int i = 0; i < n; i++) {
            byte e = a.existing[i];
            side[i] = o.respectExisting() && e >= 0 ? e : compSide[a.component[i]];
        }
        long validationCount = 0;
        for (byte b : side) if (b == Side.VALIDATION.ordinal()) validationCount++;
        if (valTarget > 0 && validationCount == 0) {
            // Seen with samples generated from few chunks: each chunk's samples form one group, and a weighted split
            // cannot move a whole group without emptying its stratum's train side.
            messages.add(String.format(Locale.ROOT, "the validation side is empty although %,d sample(s) were asked for: the %,d samples "
                    + "form %,d leakage group(s) kept together (largest %,d); try strategy random, more source documents, "
                    + "or accept a train-only dataset", valTarget, n, a.groups.components(), a.groups.largestGroup()));
        }
        small.sort(Comparator.comparing(SmallGroup::group));
        return new SplitAssignment(side, messages, small, conflicts, valTarget + fixedCounts[1], testTarget + fixedCounts[2]);
    }

    /** Per-stratum shares of {@code total} by largest remainder: floors first, then the biggest fractions get +1. */
    static long[] quotas(long[] sizes, double share, long total) {
        long[] q = new long[sizes.length];
        double[] frac = new double[sizes.length];
        long sum = 0;
        for (int s = 0; s < sizes.length; s++) {
            double exact = sizes[s] * share;
            q[s] = Math.min(sizes[s], (long) Math.floor(exact + 1e-9));
            frac[s] = exact - q[s];
            sum += q[s];
        }
        Integer[] byFraction = new Integer[sizes.length];
        for (int s = 0; s < sizes.length; s++) byFraction[s] = s;
        Arrays.sort(byFraction, Comparator.<Integer>comparingDouble(s -> -frac[s]).thenComparingInt(s -> s));
        for (int i = 0; sum < total && i < byFraction.length; i++) {
            int s = byFraction[i];
            if (q[s] < sizes[s]) {
                q[s]++;
                sum++;
            }
        }
        return q;
    }
}
