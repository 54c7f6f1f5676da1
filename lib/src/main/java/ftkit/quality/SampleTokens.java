package ftkit.quality;

import ftkit.model.Message;
import ftkit.model.Sample;
import ftkit.model.ToolCall;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One sample split into words once, shared by every check of curate's first pass: the MinHash signature, distinct-n,
 * vocabulary and openings, the answer-length and truncation heuristics, and the answer terms of the semantic check.
 * Splitting used to happen four to five times per sample (signature, metrics per side, length, heuristics); the
 * texts are joined once here as well.
 */
public final class SampleTokens {
    /** MinHash length and shingle width: 128 values over word 3-grams, as {@link ftkit.split.TextSignature}. */
    public static final int HASHES = 128;
    private static final int SHINGLE = 3;
    private static final long[] SEEDS = new long[HASHES];
    private static final long[] MULTIPLIERS = new long[HASHES];

    static {
        SplittableRandom random = new SplittableRandom(0x5EEDF00DL);
        for (int i = 0; i < HASHES; i++) {
            SEEDS[i] = random.nextLong();
            MULTIPLIERS[i] = random.nextLong() | 1;
        }
    }

    private final String question;
    private final String answer;
    private final List<String> answers;
    private final List<String> questionWords;
    private final List<List<String>> answerWords;
    private final List<String> toolWords;

    private SampleTokens(Sample sample) {
        StringBuilder q = new StringBuilder();
        StringBuilder a = new StringBuilder();
        List<String> as = new ArrayList<>();
        List<String> tools = new ArrayList<>();
        for (Message m : sample.messages()) {
            String c = m.content();
            if (Message.USER.equals(m.role()) && c != null && !c.isBlank()) {
                if (q.length() > 0) q.append("\n\n");
                q.append(c);
            } else if (Message.ASSISTANT.equals(m.role())) {
                if (c != null) as.add(c);
                if (c != null && !c.isBlank()) {
                    if (a.length() > 0) a.append("\n\n");
                    a.append(c);
                }
            }
            if (m.hasToolCalls()) {
                for (ToolCall call : m.toolCalls()) {
                    SampleText.addWords(call.name(), tools);
                    SampleText.addWords(call.arguments(), tools);
                }
            }
        }
        question = q.toString();
        answer = a.toString();
        answers = as;
        questionWords = SampleText.words(question);
        answerWords = new ArrayList<>(as.size());
        for (String text : as) answerWords.add(SampleText.words(text));
        toolWords = tools;
    }

    public static SampleTokens of(Sample sample) {
        return new SampleTokens(sample);
    }

    /** The user turns joined by blank lines. */
    public String question() {
        return question;
    }

    /** The non-blank assistant turns joined by blank lines. */
    public String answer() {
        return answer;
    }

    /** Every assistant turn with content, blank ones included (metrics count each response). */
    public List<String> answers() {
        return answers;
    }

    public List<String> questionWords() {
        return questionWords;
    }

    /** The words of each entry of {@link #answers()}. */
    public List<List<String>> answerWords() {
        return answerWords;
    }

    public int answerWordCount() {
        int n = 0;
        for (List<String> w : answerWords) n += w.size();
        return n;
    }

    /**
     * MinHash of the word 3-grams of the conversation (questions, answers, tool calls; not the system prompt, which
     * is usually shared by the whole dataset). A text of fewer words is one shingle; an empty one hashes nothing.
     */
    public int[] minHash() {
        int total = questionWords.size() + toolWords.size();
        for (List<String> w : answerWords) total += w.size();
        long[] words = new long[total];
        int k = 0;
        for (String w : questionWords) words[k++] = wordHash(w);
        for (List<String> ws : answerWords) for (String w : ws) words[k++] = wordHash(w);
        for (String w : toolWords) words[k++] = wordHash(w);
        int[] sig = new int[HASHES];
        Arrays.fill(sig, Integer.MAX_VALUE);
        int shingles = Math.max(1, total - SHINGLE + 1);
        for (int s = 0; s < shingles; s++) {
            long h = 0x51AFD7ED558CCD1L;
            for (int w = s; w < Math.min(total, s + SHINGLE); w++) h = DistinctCounter.mix(h * 31 + words[w]);
            for (int i = 0; i < HASHES; i++) {
                // Multiply-shift over an already well-mixed shingle hash: cheap, independent-enough orders.
                int v = (int) (((h ^ SEEDS[i]) * MULTIPLIERS[i]) >>> 33);
                if (v < sig[i]) sig[i] = v;
            }
        }
        return sig;
    }

    static long wordHash(String word) {
        return DistinctCounter.mix(word.hashCode() * 0x9E3779B97F4A7C15L + word.length());
    }
}
