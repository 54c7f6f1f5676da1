package ftkit.quality;

import ftkit.io.SampleReader;
import ftkit.model.Sample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real MiniLM embeddings of a support-chat fixture with 12 known paraphrase pairs among 24 same-domain distinct samples. */
class SemanticDuplicatesTest {
    static final Path FIXTURE = Path.of("src/test/resources/quality/paraphrases.jsonl");
    static MiniLmEmbedder embedder;
    static List<Sample> samples = new ArrayList<>();
    static Map<Integer, Integer> groups = new HashMap<>();
    static List<float[]> questions;
    static List<float[]> answers;

    @BeforeAll
    static void embedFixture() throws Exception {
        embedder = new MiniLmEmbedder();
        try (SampleReader reader = SampleReader.open(FIXTURE.toString())) {
            for (SampleReader.Entry e : reader) {
                assertTrue(e.ok(), e.describeError());
                groups.put(samples.size(), Integer.parseInt(e.sample().metadata().getString("group")));
                samples.add(e.sample());
            }
        }
        questions = embedder.embed(samples.stream().map(SampleText::question).toList());
        answers = embedder.embed(samples.stream().map(SampleText::answer).toList());
    }

    private static SemanticDuplicates index(double threshold, int allPairsLimit) {
        SemanticDuplicates semantic = new SemanticDuplicates(threshold, MiniLmEmbedder.DIMENSION, allPairsLimit);
        for (int i = 0; i < samples.size(); i++) semantic.add(i, SampleVectors.combine(questions.get(i), answers.get(i)));
        return semantic;
    }

    @Test
    void findsParaphrasesAtTheDefaultThreshold() {
        SemanticDuplicates semantic = index(SampleVectors.DEFAULT_SEMANTIC_THRESHOLD, SemanticDuplicates.ALL_PAIRS_LIMIT);
        PairScore score = PairScore.of(groups, semantic.clusters());
        System.err.println("semantic duplicates at " + SampleVectors.DEFAULT_SEMANTIC_THRESHOLD + ": " + score);
        // Heavy rewording (different words, same intent) against same-topic hard negatives: the default trades
        // recall for precision, since removing a distinct sample is worse than keeping a paraphrase.
        assertTrue(score.precision() >= 0.95, score.toString());
        assertTrue(score.recall() >= 0.70, score.toString());
        PairScore loose = PairScore.of(groups, index(0.76, Integer.MAX_VALUE).clusters());
        System.err.println("semantic duplicates at 0.76: " + loose);
        assertEquals(1.0, loose.recall(), loose.toString());
    }

    @Test
    void lshFindsTheSameClustersAsAllPairs() {
        var allPairs = index(SampleVectors.DEFAULT_SEMANTIC_THRESHOLD, Integer.MAX_VALUE);
        var lsh = index(SampleVectors.DEFAULT_SEMANTIC_THRESHOLD, 0);
        assertTrue(lsh.usesLsh());
        assertEquals(allPairs.clusters().stream().map(DuplicateCluster::representative).toList(),
                lsh.clusters().stream().map(DuplicateCluster::representative).toList());
    }

    @Test
    void relevanceSeparatesAnswersFromAnswersToOtherQuestions() {
        int flaggedReal = 0;
        int flaggedShuffled = 0;
        for (int i = 0; i < samples.size(); i++) {
            double real = TextEmbedder.cosine(questions.get(i), answers.get(i));
            double other = TextEmbedder.cosine(questions.get(i), answers.get((i + 7) % samples.size()));
            if (real < SampleVectors.DEFAULT_OFF_TOPIC_THRESHOLD) flaggedReal++;
            if (other < SampleVectors.DEFAULT_OFF_TOPIC_THRESHOLD) flaggedShuffled++;
        }
        System.err.printf("off-topic at %.2f: %d of %d real answers flagged, %d of %d mismatched answers flagged%n",
                SampleVectors.DEFAULT_OFF_TOPIC_THRESHOLD, flaggedReal, samples.size(), flaggedShuffled, samples.size());
        assertTrue(flaggedReal <= 1, "real answers flagged: " + flaggedReal);
        assertTrue(flaggedShuffled >= samples.size() * 0.8, "mismatched answers flagged: " + flaggedShuffled);
    }

    @Test
    void printSimilarityDistribution() {
        // Evidence for the default thresholds (stderr only).
        List<Double> same = new ArrayList<>();
        List<Double> diff = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            for (int j = i + 1; j < samples.size(); j++) {
                double c = TextEmbedder.cosine(SampleVectors.combine(questions.get(i), answers.get(i)),
                        SampleVectors.combine(questions.get(j), answers.get(j)));
                (groups.get(i).equals(groups.get(j)) ? same : diff).add(c);
            }
        }
        same.sort(null);
        diff.sort(null);
        System.err.println("paraphrase cosines min " + same.get(0) + " median " + same.get(same.size() / 2));
        System.err.println("distinct cosines max " + diff.get(diff.size() - 1) + " 2nd " + diff.get(diff.size() - 2));
        List<Double> rel = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            rel.add(TextEmbedder.cosine(questions.get(i), answers.get(i)));
            off.add(TextEmbedder.cosine(questions.get(i), answers.get((i + 7) % samples.size())));
        }
        rel.sort(null);
        off.sort(null);
        System.err.println("relevance real min " + rel.get(0) + " 2nd " + rel.get(1) + "; mismatched max " + off.get(off.size() - 1) + " 2nd " + off.get(off.size() - 2));
        assertTrue(same.get(same.size() / 2) > diff.get(diff.size() / 2));
    }
}
