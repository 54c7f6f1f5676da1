package ftkit.quality;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our session settings (one thread per text, no spinning) must not change a single vector. */
class MiniLmEmbedderTest {

    @Test
    void sameVectorsAsLangChain4jsOwnModel() {
        StringBuilder longText = new StringBuilder();
        // past the model's 510-token window, so the text is split and the parts averaged
        for (int i = 0; i < 120; i++) longText.append("Sentence number ").append(i).append(" talks about shipping and returns. ");
        List<String> texts = List.of("How do I reset my password?", "Wie setze ich mein Passwort zurück?",
                "Go to the login page, click \"Forgot password\" and follow the link we email you.", longText.toString());
        List<float[]> ours = MiniLmEmbedder.shared().embed(texts);
        var reference = new AllMiniLmL6V2EmbeddingModel().embedAll(texts.stream().map(TextSegment::from).toList()).content();
        assertEquals(texts.size(), ours.size());
        for (int i = 0; i < texts.size(); i++) {
            float[] expected = TextEmbedder.normalize(reference.get(i).vector().clone());
            assertArrayEquals(expected, ours.get(i), 1e-4f, "text " + i);
        }
    }

    @Test
    void blankTextsAreZeroVectorsInTheirPlace() {
        List<String> texts = new ArrayList<>(List.of("", "Where is my parcel?", "   "));
        texts.add(null);
        List<float[]> v = MiniLmEmbedder.shared().embed(texts);
        assertEquals(4, v.size());
        assertArrayEquals(new float[MiniLmEmbedder.DIMENSION], v.get(0));
        assertArrayEquals(new float[MiniLmEmbedder.DIMENSION], v.get(2));
        assertArrayEquals(new float[MiniLmEmbedder.DIMENSION], v.get(3));
        assertEquals(1.0, TextEmbedder.cosine(v.get(1), v.get(1)), 1e-5);
    }
}
