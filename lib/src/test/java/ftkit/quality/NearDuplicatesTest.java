package ftkit.quality;

import ftkit.split.TextSignature;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NearDuplicatesTest {

    /**
     * 600 unrelated texts over a shared 3000-word vocabulary, 150 of them with planted near-duplicates (one or
     * two words replaced, a word inserted, case and spacing changed: Jaccard of 3-gram shingles ≈ 0.75–0.95) and
     * 60 "hard negatives" sharing their first half with another text (Jaccard ≈ 0.3), which must not be grouped.
     */
    @Test
    void findsPlantedNearDuplicatesWithHighRecallAndPrecision() {
        Random r = new Random(7);
        String[] vocabulary = new String[3000];
        for (int i = 0; i < vocabulary.length; i++) vocabulary[i] = word(r);
        List<String> texts = new ArrayList<>();
        Map<Integer, Integer> group = new HashMap<>();
        List<List<String>> bases = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            List<String> words = new ArrayList<>();
            int n = 40 + r.nextInt(60);
            for (int k = 0; k < n; k++) words.add(vocabulary[r.nextInt(vocabulary.length)]);
            bases.add(words);
            group.put(texts.size(), i);
            texts.add(String.join(" ", words));
        }
        for (int i = 0; i < 150; i++) {
            List<String> variant = new ArrayList<>(bases.get(i));
            switch (i % 4) {
                case 0 -> variant.set(variant.size() / 2, "changed");
                case 1 -> variant.add(variant.size() / 3, "inserted");
                case 2 -> variant.set(variant.size() - 2, vocabulary[r.nextInt(vocabulary.length)]);
                default -> {
                    variant.set(5, "first");
                    variant.set(variant.size() - 6, "second");
                }
            }
            String text = String.join("  ", variant);
            if (i % 3 == 0) text = text.toUpperCase();
            group.put(texts.size(), i);
            texts.add(text);
        }
        for (int i = 0; i < 60; i++) {
            List<String> base = bases.get(300 + i);
            List<String> hard = new ArrayList<>(base.subList(0, base.size() / 3));
            for (int k = hard.size(); k < base.size(); k++) hard.add(vocabulary[r.nextInt(vocabulary.length)]);
            group.put(texts.size(), 1000 + i);
            texts.add(String.join(" ", hard));
        }

        NearDuplicates near = new NearDuplicates(0.7);
        for (int i = 0; i < texts.size(); i++) near.add(i, TextSignature.normalize(texts.get(i)));
        List<DuplicateCluster> clusters = near.clusters();
        PairScore score = PairScore.of(group, clusters);
        System.err.println("near-duplicates at 0.7 (" + near.bands() + " bands x " + near.rows() + " rows): " + score);
        assertTrue(score.recall() >= 0.95, score.toString());
        assertTrue(score.precision() >= 0.95, score.toString());
        for (DuplicateCluster c : clusters) {
            assertTrue(c.members().stream().allMatch(m -> m.index() > c.representative()), "the first sample is kept");
            assertEquals("near", c.kind());
        }
    }

    @Test
    void bandingFollowsTheThreshold() {
        assertTrue(NearDuplicates.rowsFor(0.9) > NearDuplicates.rowsFor(0.7));
        assertTrue(NearDuplicates.rowsFor(0.5) < NearDuplicates.rowsFor(0.7));
        NearDuplicates strict = new NearDuplicates(0.9);
        strict.add(0, "a b c d e f g h i j k l m n o p q r s t");
        strict.add(1, "a b c d e f g h i j k l m n o p q r s x");
        strict.add(2, "a b c d e f g h i j k l m n o p q r s t");
        List<DuplicateCluster> clusters = strict.clusters();
        assertEquals(1, clusters.size());
        assertEquals(0, clusters.get(0).representative());
        assertEquals(List.of(new DuplicateCluster.Member(2, 1.0)), clusters.get(0).members(),
                "the one-word change (Jaccard 0.8) is below 0.9; the exact copy is in");
    }

    private static String word(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 3 + r.nextInt(7);
        for (int i = 0; i < n; i++) sb.append((char) ('a' + r.nextInt(26)));
        return sb.toString();
    }
}
