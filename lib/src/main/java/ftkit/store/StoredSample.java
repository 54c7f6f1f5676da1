package ftkit.store;

import ftkit.model.Sample;

/**
 * One row of {@code samples}: the canonical sample (lossless, from its stored JSON) and the columns kept beside
 * it for querying. {@code rowId} is {@code <dataset id>/<ordinal>}; {@code sample.id()} is the sample's own id.
 */
public record StoredSample(String rowId, String datasetId, long ordinal, Long lineNumber, String split,
                           String sourceFile, String topicKeywords, Integer tokenLength, String contentHash,
                           String content, Sample sample) {
}
