package ftkit.split;

/**
 * How to split. {@code strategy} RANDOM ignores groups; WEIGHTED splits each group of {@code weightBy} (source file
 * or primary keyword) in the ratio so every group is represented on every side. {@code respectExisting} keeps a
 * record's own {@code metadata.split}. {@code maxValidation} caps the validation side (a target's limit, e.g.
 * Bedrock 1,000); null means no cap. Near-duplicates are samples whose MinHash-estimated Jaccard similarity of word
 * 3-gram shingles is at least {@code nearDuplicateThreshold} (default 0.7: for leakage a false merge only costs a
 * little balance, a miss leaks); {@code nearDuplicates=false} keeps only exact
 * duplicates and shared chunks together.
 */
public record SplitOptions(Ratio ratio, Strategy strategy, WeightBy weightBy, long seed, boolean respectExisting,
                           Integer maxValidation, boolean nearDuplicates, double nearDuplicateThreshold) {
    public enum Strategy { RANDOM, WEIGHTED }

    public enum WeightBy {
        SOURCE("source"), KEYWORDS("keywords");

        private final String id;

        WeightBy(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.7;

    public SplitOptions {
        if (ratio == null) throw new IllegalArgumentException("a ratio is required");
        if (strategy == null) strategy = Strategy.RANDOM;
        if (strategy == Strategy.WEIGHTED && weightBy == null) weightBy = WeightBy.SOURCE;
        if (maxValidation != null && maxValidation < 1) throw new IllegalArgumentException("the validation limit must be at least 1");
        if (nearDuplicateThreshold <= 0 || nearDuplicateThreshold > 1) {
            throw new IllegalArgumentException("the near-duplicate threshold must be in (0, 1]");
        }
    }

    public static SplitOptions of(Ratio ratio) {
        return new SplitOptions(ratio, Strategy.RANDOM, null, DEFAULT_SEED, false, null, true, DEFAULT_NEAR_DUPLICATE_THRESHOLD);
    }

    public SplitOptions weighted(WeightBy by) {
        return new SplitOptions(ratio, Strategy.WEIGHTED, by, seed, respectExisting, maxValidation, nearDuplicates, nearDuplicateThreshold);
    }

    public SplitOptions random() {
        return new SplitOptions(ratio, Strategy.RANDOM, null, seed, respectExisting, maxValidation, nearDuplicates, nearDuplicateThreshold);
    }

    public SplitOptions withSeed(long seed) {
        return new SplitOptions(ratio, strategy, weightBy, seed, respectExisting, maxValidation, nearDuplicates, nearDuplicateThreshold);
    }

    public SplitOptions respectingExisting(boolean respect) {
        return new SplitOptions(ratio, strategy, weightBy, seed, respect, maxValidation, nearDuplicates, nearDuplicateThreshold);
    }

    public SplitOptions withMaxValidation(Integer max) {
        return new SplitOptions(ratio, strategy, weightBy, seed, respectExisting, max, nearDuplicates, nearDuplicateThreshold);
    }

    public SplitOptions withNearDuplicates(boolean on, double threshold) {
        return new SplitOptions(ratio, strategy, weightBy, seed, respectExisting, maxValidation, on, threshold);
    }

    public String describe() {
        return ratio + " " + (strategy == Strategy.RANDOM ? "random" : "weighted by " + weightBy.id()) + ", seed " + seed
                + (respectExisting ? ", existing splits kept" : "")
                + (maxValidation == null ? "" : ", validation at most " + maxValidation);
    }
}
