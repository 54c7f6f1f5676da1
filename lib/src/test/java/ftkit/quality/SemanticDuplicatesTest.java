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

/**
 * Real MiniLM embeddings of hand-written fixtures of paraphrase pairs and same-topic hard negatives. The tuning sets
 * choose the weight and threshold of the duplicate score and the judge's candidate threshold: support chat (12 pairs,
 * 24 distinct samples, e.g. "cancel" versus "pause" a subscription) and a harder set over 13 other domains (16 pairs,
 * 16 negatives sharing most words with a pair: the inverse conversion, GET versus POST, COUNTIF versus SUMIF, 8
 * unrelated). The held-out set (git, cooking, travel, money, fitness, Linux: 16 pairs, 16 same-topic negatives such
 * as "Celsius to Fahrenheit" versus "Fahrenheit to Kelvin", 2 unrelated) only measures them. Questions and answers
 * are both reworded, not substituted word by word.
 */
class SemanticDuplicatesTest {
    static final Path TUNING = Path.of("src/test/resources/quality/paraphrases.jsonl");
    static final Path TUNING_HARD = Path.of("src/test/resources/quality/paraphrases-hard.jsonl");
    static final Path HELD_OUT = Path.of("src/test/resources/quality/paraphrases-heldout.jsonl");
    static MiniLmEmbedder embedder;
    static Fixture tuning;
    static Fixture heldOut;

    /** A fixture's samples, known groups, question and answer vectors and answer terms. */
    record Fixture(List<Sample> samples, Map<Integer, Integer> groups, List<float[]> questions, List<float[]> answers,
                   List<int[]> terms) {
        static Fixture load(Path... paths) throws Exception {
            List<Sample> samples = new ArrayList<>();
            Map<Integer, Integer> groups = new HashMap<>();
            int offset = 0;
            for (Path path : paths) {
                try (SampleReader reader = SampleReader.open(path.toString())) {
                    for (SampleReader.Entry e : reader) {
                        assertTrue(e.ok(), e.describeError());
                        groups.put(samples.size(), offset + Integer.parseInt(e.sample().metadata().getString("group")));
                        samples.add(e.sample());
                    }
                }
                offset += 100_000; // group numbers are per file
            }
            List<SampleTokens> tokens = samples.stream().map(SampleTokens::of).toList();
            return new Fixture(samples, groups, embedder.embed(tokens.stream().map(SampleTokens::question).toList()),
                    embedder.embed(tokens.stream().map(SampleTokens::answer).toList()),
                    tokens.stream().map(t -> SampleVectors.answerTerms(t.answerWords())).toList());
        }

        SemanticDuplicates index(double threshold, double weight, int allPairsLimit) {
            SemanticDuplicates semantic = new SemanticDuplicates(threshold, MiniLmEmbedder.DIMENSION, allPairsLimit, weight);
            for (int i = 0; i < samples.size(); i++) {
                semantic.add(i, SampleVectors.combine(questions.get(i), answers.get(i)), terms.get(i));
            }
            return semantic;
        }

        PairScore score(double threshold, double weight) {
            return PairScore.of(groups, index(threshold, weight, Integer.MAX_VALUE).clusters());
        }
    }

    @BeforeAll
    static void embedFixtures() throws Exception {
        embedder = MiniLmEmbedder.shared();
        tuning = Fixture.load(TUNING, TUNING_HARD);
        heldOut = Fixture.load(HELD_OUT);
        assertEquals(12 + 16, tuning.samples().size() - tuning.groups().values().stream().distinct().count());
        assertEquals(16, heldOut.samples().size() - heldOut.groups().values().stream().distinct().count());
    }

    /**
     * The defaults are what this search picks on the tuning set alone: the best min(recall, precision) over a grid
     * of weights (0 = cosine only) and thresholds; among weights reaching it, the one with the most thresholds that
     * reach it (the widest margin; ties: the smaller weight), and the middle of those thresholds.
     */
    @Test
    void defaultsAreTheBestOnTheTuningSet() {
        Map<Integer, List<Double>> bestByWeight = new java.util.TreeMap<>();
        double bestValue = -1;
        for (int w = 0; w <= 5; w++) {
            for (int t = 60; t <= 100 + w * 10; t++) {
                double threshold = t / 100.0;
                PairScore s = tuning.score(threshold, w / 10.0);
                double value = Math.min(s.recall(), s.precision());
                if (value > bestValue + 1e-9) {
                    bestValue = value;
                    bestByWeight.clear();
                }
                if (Math.abs(value - bestValue) < 1e-9) bestByWeight.computeIfAbsent(w, k -> new ArrayList<>()).add(threshold);
            }
        }
        System.err.printf("tuning set: best min(recall, precision) %.3f at %s (weight in tenths: thresholds)%n", bestValue, bestByWeight);
        int weight = bestByWeight.entrySet().stream().max(java.util.Comparator.comparingInt((Map.Entry<Integer, List<Double>> e) -> e.getValue().size())
                .thenComparing(Map.Entry::getKey, java.util.Comparator.reverseOrder())).orElseThrow().getKey();
        List<Double> thresholds = bestByWeight.get(weight);
        double chosen = thresholds.get(thresholds.size() / 2);
        System.err.printf("tuning set: chosen weight %.1f threshold %.2f%n", weight / 10.0, chosen);
        assertEquals(SampleVectors.LEXICAL_WEIGHT, weight / 10.0, 1e-9);
        assertEquals(SampleVectors.DEFAULT_SEMANTIC_THRESHOLD, chosen, 1e-9);
    }

    /** The judge's candidates: every true pair of the tuning sets, as few others as that allows. */
    @Test
    void judgeCandidatesKeepEveryTuningPair() {
        int highest = 0;
        for (int t = 50; t <= 100; t++) {
            if (candidateScore(tuning, t / 100.0).correct() == 28) highest = t;
        }
        PairScore tuned = candidateScore(tuning, SampleVectors.DEFAULT_JUDGE_CANDIDATE_THRESHOLD);
        PairScore held = candidateScore(heldOut, SampleVectors.DEFAULT_JUDGE_CANDIDATE_THRESHOLD);
        System.err.printf("judge candidates at %.2f: tuning %s; held-out %s%n", SampleVectors.DEFAULT_JUDGE_CANDIDATE_THRESHOLD, tuned, held);
        assertEquals(highest / 100.0, SampleVectors.DEFAULT_JUDGE_CANDIDATE_THRESHOLD, 1e-9, "the highest threshold keeping all 28 tuning pairs");
        assertEquals(HELD_OUT_CANDIDATES_CORRECT, held.correct(), held.toString());
        assertEquals(HELD_OUT_CANDIDATES, held.foundPairs(), held.toString());
    }

    static final int HELD_OUT_CANDIDATES_CORRECT = 16; // recall 16/16
    static final int HELD_OUT_CANDIDATES = 27; // precision 16/27 = 0.593 before the judge

    /** Candidate pairs (not clusters) at a threshold, scored against the known groups. */
    static PairScore candidateScore(Fixture f, double threshold) {
        List<SemanticDuplicates.Candidate> candidates = f.index(threshold, SampleVectors.LEXICAL_WEIGHT, Integer.MAX_VALUE).candidates();
        List<DuplicateCluster> asPairs = candidates.stream()
                .map(c -> new DuplicateCluster("semantic", c.first(), List.of(new DuplicateCluster.Member(c.second(), c.score())))).toList();
        return PairScore.of(f.groups(), asPairs);
    }

    @Test
    void measuredOnTheTuningSet() {
        PairScore score = tuning.score(SampleVectors.DEFAULT_SEMANTIC_THRESHOLD, SampleVectors.LEXICAL_WEIGHT);
        System.err.println("tuning sets at the defaults: " + score + "; earlier defaults: cosine only at 0.82: " + tuning.score(0.82, 0)
                + ", 0.3 weight at 0.87: " + tuning.score(0.87, 0.3));
        assertEquals(20, score.correct(), score.toString()); // recall 20/28 = 0.714
        assertEquals(29, score.foundPairs(), score.toString()); // precision 20/29 = 0.690
    }

    /**
     * The held-out figures, measured once with the defaults fixed on the tuning sets: recall 0.750, precision 0.667
     * (cosine alone at the first default, 0.82: 0.563, 0.643). MiniLM-L6 puts several hard negatives above several
     * true paraphrases (see SampleVectors) and the answer-term overlap only partly separates them; the duplicate
     * judge (DuplicateJudgeTest) is the way past that.
     */
    @Test
    void measuredOnTheHeldOutSet() {
        PairScore score = heldOut.score(SampleVectors.DEFAULT_SEMANTIC_THRESHOLD, SampleVectors.LEXICAL_WEIGHT);
        PairScore cosineOnly = heldOut.score(0.82, 0);
        System.err.println("held-out set at the defaults: " + score + "; cosine only at 0.82: " + cosineOnly
                + "; 0.3 weight at 0.87: " + heldOut.score(0.87, 0.3));
        assertEquals(HELD_OUT_CORRECT, score.correct(), score.toString());
        assertEquals(HELD_OUT_FOUND, score.foundPairs(), score.toString());
        assertTrue(score.recall() >= cosineOnly.recall() && score.precision() > cosineOnly.precision(),
                "the duplicate score beats cosine alone: " + score + " versus " + cosineOnly);
    }

    static final int HELD_OUT_CORRECT = 12; // recall 12/16 = 0.750
    static final int HELD_OUT_FOUND = 18; // precision 12/18 = 0.667

    /**
     * LSH's promise: every pair that all pairs finds and whose cosine reaches the cosine LSH is sized for, and no pair
     * all pairs does not find. (Pairs below that cosine pass only through a large answer-term overlap; LSH may miss
     * them, and the count is printed.)
     */
    @Test
    void lshFindsThePairsItIsSizedFor() {
        var allPairs = tuning.index(SampleVectors.DEFAULT_SEMANTIC_THRESHOLD, SampleVectors.LEXICAL_WEIGHT, Integer.MAX_VALUE);
        var lsh = tuning.index(SampleVectors.DEFAULT_SEMANTIC_THRESHOLD, SampleVectors.LEXICAL_WEIGHT, 0);
        assertTrue(lsh.usesLsh());
        java.util.Set<List<Integer>> found = new java.util.HashSet<>();
        lsh.candidates().forEach(c -> found.add(List.of(c.first(), c.second())));
        java.util.Set<List<Integer>> expected = new java.util.HashSet<>();
        allPairs.candidates().forEach(c -> expected.add(List.of(c.first(), c.second())));
        assertTrue(expected.containsAll(found), "LSH found a pair below the threshold");
        int promised = 0;
        int missedBelow = 0;
        for (var c : allPairs.candidates()) {
            double cosine = TextEmbedder.cosine(SampleVectors.combine(tuning.questions().get(c.first()), tuning.answers().get(c.first())),
                    SampleVectors.combine(tuning.questions().get(c.second()), tuning.answers().get(c.second())));
            boolean inLsh = found.contains(List.of(c.first(), c.second()));
            if (cosine >= allPairs.lshCosine()) {
                promised++;
                assertTrue(inLsh, "LSH missed " + c + " at cosine " + cosine);
            } else if (!inLsh) {
                missedBelow++;
            }
        }
        System.err.printf("LSH (sized for cosine %.2f): %d of %d pairs found; %d pairs promised, all found; %d below that cosine missed%n",
                allPairs.lshCosine(), found.size(), expected.size(), promised, missedBelow);
        assertTrue(promised > 10, "the fixture exercises LSH: " + promised);
    }

    @Test
    void relevanceSeparatesAnswersFromAnswersToOtherQuestions() {
        for (Fixture f : List.of(tuning, heldOut)) {
            int n = f.samples().size();
            int flaggedReal = 0;
            int flaggedShuffled = 0;
            for (int i = 0; i < n; i++) {
                double real = TextEmbedder.cosine(f.questions().get(i), f.answers().get(i));
                // An answer from another topic: skip a stretch of the file, past the pair and its hard negative.
                double other = TextEmbedder.cosine(f.questions().get(i), f.answers().get((i + 7) % n));
                if (real < SampleVectors.DEFAULT_OFF_TOPIC_THRESHOLD) flaggedReal++;
                if (other < SampleVectors.DEFAULT_OFF_TOPIC_THRESHOLD) flaggedShuffled++;
            }
            System.err.printf("off-topic at %.2f: %d of %d real answers flagged, %d of %d mismatched answers flagged%n",
                    SampleVectors.DEFAULT_OFF_TOPIC_THRESHOLD, flaggedReal, n, flaggedShuffled, n);
            assertTrue(flaggedReal <= 1, "real answers flagged: " + flaggedReal);
            assertTrue(flaggedShuffled >= n * 0.8, "mismatched answers flagged: " + flaggedShuffled);
        }
    }
}
