package ftkit.quality;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.tartarus.snowball.ext.EnglishStemmer;

import java.util.Arrays;
import java.util.List;

/**
 * How a sample becomes what the semantic checks compare. Its questions (user turns) and answers (assistant turns)
 * are embedded separately: their cosine is the answer's relevance to the question, and their normalised sum stands
 * for the whole sample (semantic duplicates, dispersion); a long answer cannot drown the question. Next to the
 * vector, a sample keeps its answer terms (stemmed content words) for the lexical part of the duplicate score.
 *
 * <p>Why a lexical part: all-MiniLM-L6-v2 measures topic more than intent. On the hand-written fixtures of
 * SemanticDuplicatesTest, same-topic questions with different answers ("Celsius to Fahrenheit" versus "Fahrenheit
 * to Kelvin", "undo a local commit" versus "revert a pushed one") reach cosines of 0.85-0.92 while true paraphrases
 * go down to 0.71, so no cosine threshold reaches high recall and precision together. Paraphrased answers keep
 * their facts and key terms (commands, numbers, names) while hard negatives change them, so the score is
 * {@code cosine + LEXICAL_WEIGHT × Jaccard(answer terms)}; weight and threshold were chosen on the tuning fixture
 * and are measured on a held-out one (see SemanticDuplicatesTest).
 */
public final class SampleVectors {
    /** Duplicate-score threshold (cosine of sample vectors plus the weighted answer-term Jaccard). */
    public static final double DEFAULT_SEMANTIC_THRESHOLD = 0.84;
    /** Weight of the answer-term Jaccard similarity in the duplicate score. */
    public static final double LEXICAL_WEIGHT = 0.3;
    /**
     * Duplicate-score threshold of the candidate pairs shown to the duplicate judge: the highest that keeps every
     * true pair of the tuning fixtures (the judge then decides; precision comes from it, recall from here).
     */
    public static final double DEFAULT_JUDGE_CANDIDATE_THRESHOLD = 0.72;
    /** Question-answer cosine below which an answer is flagged as not addressing the question. */
    public static final double DEFAULT_OFF_TOPIC_THRESHOLD = 0.30;

    private static final CharArraySet STOP_WORDS = EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;

    private SampleVectors() {
    }

    public static float[] combine(float[] question, float[] answer) {
        float[] v = new float[question.length];
        for (int i = 0; i < v.length; i++) v[i] = question[i] + answer[i];
        return TextEmbedder.normalize(v);
    }

    /**
     * The distinct answer terms as sorted hashes: words of two or more characters that are not English stop words,
     * reduced by the Snowball English stemmer (other languages keep most words whole, which still compares).
     */
    public static int[] answerTerms(List<List<String>> answerWords) {
        EnglishStemmer stemmer = new EnglishStemmer();
        int n = 0;
        for (List<String> ws : answerWords) n += ws.size();
        int[] terms = new int[n];
        int k = 0;
        for (List<String> ws : answerWords) {
            for (String w : ws) {
                if (w.length() < 2 || STOP_WORDS.contains(w)) continue;
                stemmer.setCurrent(w);
                stemmer.stem();
                terms[k++] = stemmer.getCurrent().hashCode();
            }
        }
        int[] sorted = Arrays.copyOf(terms, k);
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) if (i == 0 || sorted[i] != sorted[i - 1]) sorted[distinct++] = sorted[i];
        return Arrays.copyOf(sorted, distinct);
    }

    /** Jaccard similarity of two sorted sets of term hashes (0 when both are empty). */
    public static double jaccard(int[] a, int[] b) {
        int i = 0;
        int j = 0;
        int both = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                both++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        int union = a.length + b.length - both;
        return union == 0 ? 0 : both / (double) union;
    }
}
