package ftkit.store;

/**
 * Which samples to read: any combination of dataset, split, source file and a keyword (a case-insensitive
 * substring of the sample's text or its topic keywords; SQLite folds ASCII letters only). Null means any.
 * Results come in (dataset, ordinal) order, i.e. the order they were saved in.
 */
public record SampleQuery(String datasetId, String split, String sourceFile, String keyword, int limit, long offset) {
    public SampleQuery {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0 (0 = no limit)");
        if (offset < 0) throw new IllegalArgumentException("offset must be >= 0");
    }

    public static SampleQuery all() {
        return new SampleQuery(null, null, null, null, 0, 0);
    }

    public static SampleQuery dataset(String datasetId) {
        return all().withDataset(datasetId);
    }

    public SampleQuery withDataset(String datasetId) {
        return new SampleQuery(datasetId, split, sourceFile, keyword, limit, offset);
    }

    public SampleQuery withSplit(String split) {
        return new SampleQuery(datasetId, split, sourceFile, keyword, limit, offset);
    }

    public SampleQuery withSource(String sourceFile) {
        return new SampleQuery(datasetId, split, sourceFile, keyword, limit, offset);
    }

    public SampleQuery withKeyword(String keyword) {
        return new SampleQuery(datasetId, split, sourceFile, keyword, limit, offset);
    }

    public SampleQuery page(int limit, long offset) {
        return new SampleQuery(datasetId, split, sourceFile, keyword, limit, offset);
    }
}
