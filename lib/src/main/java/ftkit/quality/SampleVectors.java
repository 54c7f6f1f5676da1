package ftkit.quality;

/**
 * How a sample becomes vectors: its questions (user turns) and answers (assistant turns) are embedded separately;
 * their cosine is the answer's relevance to the question, and their normalised sum stands for the whole sample
 * (semantic duplicates, dispersion). Two embeddings per sample instead of three, and a long answer cannot drown
 * the question.
 */
public final class SampleVectors {
    /**
     * Cosine of sample vectors at or above which two samples are semantic duplicates. Chosen for precision (removal
     * is destructive): on the paraphrase fixture of SemanticDuplicatesTest, 0.82 finds 9 of 12 heavy paraphrases
     * with no false pair, while 0.76 finds all 12 but also joins same-topic questions of different intent
     * ("cancel" versus "pause" a subscription).
     */
    public static final double DEFAULT_SEMANTIC_THRESHOLD = 0.82;
    /** Question-answer cosine below which an answer is flagged as not addressing the question. */
    public static final double DEFAULT_OFF_TOPIC_THRESHOLD = 0.30;

    private SampleVectors() {
    }

    public static float[] combine(float[] question, float[] answer) {
        float[] v = new float[question.length];
        for (int i = 0; i < v.length; i++) v[i] = question[i] + answer[i];
        return TextEmbedder.normalize(v);
    }
}
