package ftkit.quality;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings computed in-process by LangChain4j's bundled all-MiniLM-L6-v2 (ONNX Runtime, 384 dimensions,
 * no network). Loading the model takes a few seconds; one instance is meant to be shared. A blank text embeds as
 * the zero vector (similar to nothing) instead of failing.
 */
public final class MiniLmEmbedder implements TextEmbedder {
    public static final int DIMENSION = 384;
    private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

    @Override
    public List<float[]> embed(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t != null && !t.isBlank()) {
                segments.add(TextSegment.from(t));
                positions.add(i);
            }
        }
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) out.add(new float[DIMENSION]);
        if (!segments.isEmpty()) {
            List<Embedding> embedded = model.embedAll(segments).content();
            for (int k = 0; k < embedded.size(); k++) {
                out.set(positions.get(k), TextEmbedder.normalize(embedded.get(k).vector().clone()));
            }
        }
        return out;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }
}
