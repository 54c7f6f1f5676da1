package ftkit.generate;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.model.Sample;

/**
 * One sample to produce. {@code key} is stable across runs of the same plan (cell + round), which is what the
 * journal is keyed on.
 *
 * @param chunk     the chunk the sample is grounded in ({@code {id, text, metadata}}), or null
 * @param extracted for hybrid mode: an already extracted sample passed through unchanged, or null
 */
public record GenerationTask(String key, int index, QuotaMatrix.Cell cell, GenerationPlan.Category category,
                             String topic, String context, String formality, String pattern, int turns,
                             String systemPrompt, JsonNode chunk, Sample extracted) {

    public GenerationTask withChunk(JsonNode newChunk) {
        return new GenerationTask(key, index, cell, category, topic, context, formality, pattern, turns, systemPrompt,
                newChunk, extracted);
    }

    public GenerationTask withExtracted(String newKey, Sample sample) {
        return new GenerationTask(newKey, index, cell, category, topic, context, formality, pattern, turns,
                systemPrompt, chunk, sample);
    }

    public GenerationTask withIndex(int newIndex) {
        return new GenerationTask(key, newIndex, cell, category, topic, context, formality, pattern, turns,
                systemPrompt, chunk, extracted);
    }

    public String chunkId() {
        return chunk == null ? null : chunk.path("id").asText(null);
    }
}
