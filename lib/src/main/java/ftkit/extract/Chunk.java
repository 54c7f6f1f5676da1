package ftkit.extract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ftkit.model.SampleMetadata;

/**
 * A piece of a source document for generation to draw on: one JSONL line {@code {id, text, tokens, metadata}}
 * with the same source metadata as samples (source_file, locator, keywords, mode "extracted", detector "chunker").
 */
@JsonPropertyOrder({"id", "text", "tokens", "metadata"})
public record Chunk(@JsonProperty("id") String id, @JsonProperty("text") String text,
                    @JsonProperty("tokens") int tokens, @JsonProperty("metadata") SampleMetadata metadata) {
    public static final String DETECTOR = "chunker";

    @JsonCreator
    public Chunk {
    }
}
