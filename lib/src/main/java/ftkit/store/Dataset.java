package ftkit.store;

/**
 * A stored dataset: the brief's {@code datasets} columns (id, name, provider, model, mode, created_at,
 * total_samples, total_tokens, config) plus when it was last replaced, where it came from, and a fingerprint
 * of its samples (SHA-256 over the samples' content hashes in order) to tell whether two saves hold the same data.
 */
public record Dataset(String id, String name, String provider, String model, String mode, String createdAt,
                      String updatedAt, long totalSamples, Long totalTokens, String configJson, String source,
                      String contentHash) {
}
