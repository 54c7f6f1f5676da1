package ftkit.split;

import com.fasterxml.jackson.databind.JsonNode;
import ftkit.io.Json;
import ftkit.model.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class SplitterTest {
    @TempDir
    Path dir;

    private record Result(SplitReport report, Map<String, Sample> train, Map<String, Sample> validation,
                          Map<String, Sample> test, Splitter.Outputs outputs) {
        Map<String, String> sideById() {
            Map<String, String> m = new HashMap<>();
            train.keySet().forEach(id -> m.put(id, "train"));
            validation.keySet().forEach(id -> m.put(id, "validation"));
            test.keySet().forEach(id -> m.put(id, "test"));
            return m;
        }
    }

    private Result run(Path input, SplitOptions options, String name) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name));
        Splitter.Outputs outputs = Splitter.Outputs.inDirectory(out, "data", options.ratio().test() > 0);
        SplitReport report = Splitter.split(input, options, outputs);
        return new Result(report, SplitCorpus.read(outputs.train()), SplitCorpus.read(outputs.validation()),
                SplitCorpus.read(outputs.test()), outputs);
    }

    /** No exact duplicate text, no near-duplicate pair and no chunk on two sides; every sample on exactly one side. */
    private static void assertNoLeakage(SplitCorpus corpus, Result r) {
        Map<String, String> side = r.sideById();
        assertEquals(corpus.samples.size(), side.size(), "every sample lands on exactly one side");
        assertEquals(corpus.samples.size(), r.train.size() + r.validation.size() + r.test.size());
        for (String[] pair : corpus.exactPairs) assertEquals(side.get(pair[0]), side.get(pair[1]), "exact duplicates " + List.of(pair));
        for (String[] pair : corpus.nearPairs) assertEquals(side.get(pair[0]), side.get(pair[1]), "near-duplicates " + List.of(pair));
        for (List<String> chunk : corpus.chunks.values()) {
            assertEquals(1, chunk.stream().map(side::get).distinct().count(), "one chunk, one side: " + chunk);
        }
        // And independently of what was planted: no normalised text on two sides.
        Map<String, String> textSide = new HashMap<>();
        for (Map.Entry<String, String> e : side.entrySet()) {
            Sample s = r.train.containsKey(e.getKey()) ? r.train.get(e.getKey())
                    : r.validation.containsKey(e.getKey()) ? r.validation.get(e.getKey()) : r.test.get(e.getKey());
            assertEquals(e.getValue(), s.metadata().split(), "metadata.split says the side");
            String prev = textSide.putIfAbsent(TextSignature.normalizedText(s), e.getValue());
            assertTrue(prev == null || prev.equals(e.getValue()), "duplicate text across sides: " + e.getKey());
        }
    }

    /** Planted exact pairs, near pairs and chunks joined where they share a sample: how many groups must come out. */
    private static int plantedGroups(SplitCorpus corpus) {
        Map<String, String> parent = new HashMap<>();
        java.util.function.UnaryOperator<String> find = new java.util.function.UnaryOperator<>() {
            public String apply(String x) {
                String p = parent.getOrDefault(x, x);
                return p.equals(x) ? x : apply(p);
            }
        };
        java.util.function.BiConsumer<String, String> union = (a, b) -> {
            String ra = find.apply(a), rb = find.apply(b);
            if (!ra.equals(rb)) parent.put(ra, rb);
        };
        corpus.exactPairs.forEach(p -> union.accept(p[0], p[1]));
        corpus.nearPairs.forEach(p -> union.accept(p[0], p[1]));
        corpus.chunks.values().forEach(ids -> ids.forEach(id -> union.accept(ids.get(0), id)));
        Set<String> members = new HashSet<>();
        corpus.exactPairs.forEach(p -> members.addAll(List.of(p)));
        corpus.nearPairs.forEach(p -> members.addAll(List.of(p)));
        corpus.chunks.values().forEach(members::addAll);
        return (int) members.stream().map(find).distinct().count();
    }

    @Test
    void seededRandomSplitsHitTheRatiosAndKeepEveryLeakageGroupTogether() throws Exception {
        SplitCorpus corpus = SplitCorpus.standard(7);
        Path input = corpus.write(dir.resolve("in.jsonl"));
        int n = corpus.samples.size();
        for (String ratio : List.of("90/10", "80/20", "70/30", "65/35")) {
            Result r = run(input, SplitOptions.of(Ratio.parse(ratio)), "r" + ratio.replace('/', '-'));
            assertNoLeakage(corpus, r);
            long target = Math.round(n * Ratio.parse(ratio).validation());
            // Groups move whole, so the count can miss the target by less than the largest group.
            assertTrue(Math.abs(r.validation.size() - target) < r.report().groups().largestGroup(),
                    ratio + ": validation " + r.validation.size() + " vs target " + target);
            SplitAnalysis.GroupStats g = r.report().groups();
            assertEquals(25, g.exactDuplicateGroups());
            assertTrue(g.nearDuplicateMerges() >= 25, "near merges " + g.nearDuplicateMerges());
            assertEquals(30, g.chunkGroups());
            assertEquals(plantedGroups(corpus), g.keptTogetherGroups(), "kept-together groups = planted groups after merging overlaps");
        }
    }

    @Test
    void sameSeedAndInputGiveByteIdenticalOutputAndAnotherSeedDoesNot() throws Exception {
        SplitCorpus corpus = SplitCorpus.standard(11);
        Path input = corpus.write(dir.resolve("in.jsonl"));
        SplitOptions options = SplitOptions.of(Ratio.parse("80/10/10")).weighted(SplitOptions.WeightBy.SOURCE).withSeed(1234);
        Result a = run(input, options, "a");
        Result b = run(input, options, "b");
        for (String f : List.of("data.train.jsonl", "data.validation.jsonl", "data.test.jsonl")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(f)), Files.readAllBytes(dir.resolve("b").resolve(f)), f);
        }
        assertEquals(Json.MAPPER.writeValueAsString(a.report().toJson()), Json.MAPPER.writeValueAsString(b.report().toJson()));
        Result c = run(input, options.withSeed(1235), "c");
        assertNotEquals(a.validation.keySet(), c.validation.keySet(), "the seed decides which samples validate");
        // Outputs keep input order within each side.
        List<String> inputOrder = corpus.samples.stream().map(Sample::id).filter(a.train::containsKey).toList();
        assertEquals(inputOrder, List.copyOf(a.train.keySet()));
    }

    @Test
    void weightedBySourceRepresentsEveryGroupInProportionAndReportsTheSmallOnes() throws Exception {
        SplitCorpus corpus = SplitCorpus.standard(3);
        Path input = corpus.write(dir.resolve("in.jsonl"));
        Result weighted = run(input, SplitOptions.of(Ratio.parse("80/20")).weighted(SplitOptions.WeightBy.SOURCE), "w");
        assertNoLeakage(corpus, weighted);
        Map<String, Long> trainBySource = weighted.train.values().stream().collect(Collectors.groupingBy(s -> s.metadata().sourceFile(), Collectors.counting()));
        Map<String, Long> valBySource = weighted.validation.values().stream().collect(Collectors.groupingBy(s -> s.metadata().sourceFile(), Collectors.counting()));
        for (String source : List.of("big.pdf", "medium.md", "small.docx")) {
            long t = trainBySource.getOrDefault(source, 0L);
            long v = valBySource.getOrDefault(source, 0L);
            assertTrue(t > 0 && v > 0, source + " on both sides");
            double fraction = v / (double) (t + v);
            assertEquals(0.2, fraction, 0.03, source + " validation fraction " + fraction);
        }
        // tiny.txt has one sample: it cannot be on both sides; it is reported, not silently dropped.
        assertEquals(1, trainBySource.get("tiny.txt"));
        assertTrue(weighted.report().smallGroups().stream().anyMatch(g -> g.group().equals("tiny.txt") && g.handling().contains("train only")));
        Distribution.Balance balance = weighted.report().bySource().balance(weighted.report().validationFraction());
        assertTrue(balance.maxShareDeviation() < 3.0, "max deviation " + balance.maxShareDeviation());
        assertTrue(balance.totalVariationDistance() < 0.02, "TVD " + balance.totalVariationDistance());

        JsonNode json = weighted.report().toJson();
        JsonNode small = json.at("/distribution/source/groups").findParents("group").stream()
                .filter(g -> g.get("group").asText().equals("small.docx")).findFirst().orElseThrow();
        assertEquals(20 + corpus.samples.stream().filter(s -> s.metadata().sourceFile().equals("small.docx")).count() - 20, small.get("before").asLong());
        assertEquals(small.get("before").asLong(), small.get("train").asLong() + small.get("validation").asLong());
        String text = weighted.report().toText(20);
        assertTrue(text.contains("by source") && text.contains("balance: max share deviation"), text);
    }

    @Test
    void smallStrataGetAValidationSampleWhenTheirProportionRoundsToZero() throws Exception {
        SplitCorpus corpus = new SplitCorpus(5);
        for (int i = 0; i < 200; i++) corpus.samples.add(corpus.sample("large.pdf", "k", corpus.words(10), corpus.words(30)));
        for (int i = 0; i < 3; i++) corpus.samples.add(corpus.sample("three.md", "k", corpus.words(10), corpus.words(30)));
        Path input = corpus.write(dir.resolve("in.jsonl"));
        Result r = run(input, SplitOptions.of(Ratio.parse("90/10")).weighted(SplitOptions.WeightBy.SOURCE), "s");
        long threeVal = r.validation.values().stream().filter(s -> s.metadata().sourceFile().equals("three.md")).count();
        assertEquals(1, threeVal, "3 × 10% = 0.3 rounds to 0, but every group is represented");
        assertTrue(r.report().smallGroups().stream().anyMatch(g -> g.group().equals("three.md") && g.handling().contains("1 put in validation")));
        assertEquals(20, r.validation.values().stream().filter(s -> s.metadata().sourceFile().equals("large.pdf")).count());
    }

    @Test
    void weightedByKeywordsStratifiesOnThePrimaryKeyword() throws Exception {
        SplitCorpus corpus = SplitCorpus.standard(9);
        Path input = corpus.write(dir.resolve("in.jsonl"));
        Result r = run(input, SplitOptions.of(Ratio.parse("70/30")).weighted(SplitOptions.WeightBy.KEYWORDS), "k");
        assertNoLeakage(corpus, r);
        for (String kw : List.of("billing", "shipping", "product")) {
            long v = r.validation.values().stream().filter(s -> s.metadata().keywords().get(0).equals(kw)).count();
            long t = r.train.values().stream().filter(s -> s.metadata().keywords().get(0).equals(kw)).count();
            assertEquals(0.3, v / (double) (v + t), 0.04, kw);
        }
        // "common" is on every sample: its share on both sides is 100% of samples.
        assertEquals(r.validation.size(), r.report().byKeyword().count("common", Side.VALIDATION));
        assertTrue(r.report().smallGroups().stream().anyMatch(g -> g.group().equals("rare")));
    }

    @Test
    void theValidationLimitIsEnforcedWithAClearMessage() throws Exception {
        SplitCorpus corpus = SplitCorpus.standard(13);
        Path input = corpus.write(dir.resolve("in.jsonl"));
        Result r = run(input, SplitOptions.of(Ratio.parse("70/30")).withMaxValidation(100), "cap");
        assertTrue(r.validation.size() <= 100, "validation " + r.validation.size());
        assertTrue(r.validation.size() >= 90, "the cap is filled, not undershot: " + r.validation.size());
        assertTrue(r.report().messages().stream().anyMatch(m -> m.contains("validation capped at 100")), r.report().messages().toString());
        assertNoLeakage(corpus, r);
        Result w = run(input, SplitOptions.of(Ratio.parse("50/50")).weighted(SplitOptions.WeightBy.SOURCE).withMaxValidation(40), "capw");
        assertTrue(w.validation.size() <= 40, "weighted validation " + w.validation.size());
    }

    @Test
    void existingSplitsAreKeptAndPullTheirGroupAlong() throws Exception {
        SplitCorpus corpus = SplitCorpus.standard(17);
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < corpus.samples.size(); i += 4) {
            String side = i % 12 == 0 ? "validation" : i % 12 == 4 ? "test" : "train";
            corpus.samples.get(i).metadata().split(i % 24 == 8 ? "training" : side);
            given.put(corpus.samples.get(i).id(), side);
        }
        // An exact duplicate whose original arrived as validation must follow it even though it has no split.
        String[] pair = corpus.exactPairs.get(0);
        Sample first = corpus.samples.stream().filter(s -> s.id().equals(pair[0])).findFirst().orElseThrow();
        Sample second = corpus.samples.stream().filter(s -> s.id().equals(pair[1])).findFirst().orElseThrow();
        first.metadata().split("val");
        second.metadata().split(null);
        given.put(pair[0], "validation");
        given.remove(pair[1]);
        Path input = corpus.write(dir.resolve("in.jsonl"));
        Result r = run(input, SplitOptions.of(Ratio.parse("80/10/10")).respectingExisting(true), "keep");
        Map<String, String> side = r.sideById();
        for (Map.Entry<String, String> e : given.entrySet()) assertEquals(e.getValue(), side.get(e.getKey()), e.getKey());
        assertEquals("validation", side.get(pair[1]));
        assertFalse(r.test.isEmpty());

        // Without respect, the input's own split is ignored (and overwritten by the new one).
        Result ignore = run(input, SplitOptions.of(Ratio.parse("80/10/10")), "ignore");
        long moved = given.entrySet().stream().filter(e -> !e.getValue().equals(ignore.sideById().get(e.getKey()))).count();
        assertTrue(moved > 0);

        SplitException e = assertThrows(SplitException.class,
                () -> run(input, SplitOptions.of(Ratio.parse("80/10/10")).respectingExisting(true).withMaxValidation(5), "over"));
        assertTrue(e.getMessage().contains("over the validation limit of 5"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("over/data.train.jsonl")), "no output on failure");
    }

    @Test
    void anEmptyValidationSideIsExplained() throws Exception {
        // Generated samples grounded in one chunk form one leakage group: it cannot be cut, so validation stays empty.
        SplitCorpus corpus = new SplitCorpus(29);
        for (int i = 0; i < 12; i++) {
            Sample s = corpus.sample("guide.pdf", "billing", "question " + i + " " + corpus.words(6), corpus.words(20));
            s.metadata().put("chunk_id", "guide.pdf#chunk-0");
            corpus.samples.add(s);
        }
        Path input = corpus.write(dir.resolve("in.jsonl"));
        Result r = run(input, SplitOptions.of(Ratio.parse("80/20")).weighted(SplitOptions.WeightBy.SOURCE), "onechunk");
        assertEquals(12, r.train.size());
        assertEquals(0, r.validation.size());
        assertTrue(r.report().messages().stream().anyMatch(m -> m.startsWith("the validation side is empty")
                && m.contains("form 1 leakage group(s)")), r.report().messages().toString());
        assertTrue(r.report().toText(10).contains("note: the validation side is empty"));
    }

    @Test
    void unreadableLinesGoToRejectsWithTheirLineNumbers() throws Exception {
        SplitCorpus corpus = SplitCorpus.standard(19);
        Path input = corpus.write(dir.resolve("in.jsonl"));
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(input));
        lines.add(3, "{not json");
        lines.add(10, "{\"foo\": 1}");
        Files.write(input, lines);
        Result r = run(input, SplitOptions.of(Ratio.parse("80/20")), "rej");
        assertEquals(2, r.report().rejected());
        assertEquals(corpus.samples.size(), r.train.size() + r.validation.size());
        List<String> rejects = Files.readAllLines(r.outputs().rejects());
        assertEquals(2, rejects.size());
        assertEquals(4, Json.MAPPER.readTree(rejects.get(0)).get("line").asInt());
        assertEquals("invalid_json", Json.MAPPER.readTree(rejects.get(0)).get("code").asText());
        assertEquals(11, Json.MAPPER.readTree(rejects.get(1)).get("line").asInt());
        assertEquals("unknown_format", Json.MAPPER.readTree(rejects.get(1)).get("code").asText());
    }

    @Test
    void withoutNearDuplicateDetectionOnlyExactDuplicatesAndChunksAreTied() throws Exception {
        SplitCorpus corpus = SplitCorpus.standard(23);
        Path input = corpus.write(dir.resolve("in.jsonl"));
        Result r = run(input, SplitOptions.of(Ratio.parse("50/50")).withNearDuplicates(false, 0.8), "nonear");
        assertEquals(0, r.report().groups().nearDuplicateMerges());
        Map<String, String> side = r.sideById();
        for (String[] pair : corpus.exactPairs) assertEquals(side.get(pair[0]), side.get(pair[1]));
        long nearSplit = corpus.nearPairs.stream().filter(p -> !side.get(p[0]).equals(side.get(p[1]))).count();
        assertTrue(nearSplit > 0, "at 50/50, some of 25 unguarded near-duplicate pairs split (this is why detection is on by default)");
    }

    @Test
    void optionsThatCannotWorkAreUsageErrors() throws Exception {
        Path input = SplitCorpus.standard(1).write(dir.resolve("in.jsonl"));
        SplitException noTest = assertThrows(SplitException.class, () -> Splitter.split(input, SplitOptions.of(Ratio.parse("80/10/10")),
                new Splitter.Outputs(dir.resolve("t.jsonl"), dir.resolve("v.jsonl"), null, null)));
        assertTrue(noTest.usage() && noTest.getMessage().contains("--test"));
        SplitException overwrite = assertThrows(SplitException.class, () -> Splitter.split(input, SplitOptions.of(Ratio.parse("80/20")),
                new Splitter.Outputs(input, dir.resolve("v.jsonl"), null, null)));
        assertTrue(overwrite.usage() && overwrite.getMessage().contains("cannot overwrite the input"));
        assertThrows(IllegalArgumentException.class, () -> Ratio.parse("abc"));
        assertThrows(IllegalArgumentException.class, () -> Ratio.parse("100/0"));
        assertEquals(0.9, Ratio.parse("90/10").train(), 1e-12);
        assertEquals(0.1, Ratio.parse("90/10").validation(), 1e-12);
        assertEquals("80/10/10", Ratio.parse("80/10/10").toString());
        assertEquals("80/20", Ratio.parse("0.8").toString());
        assertEquals("75/25", Ratio.parse("75").toString());
        assertEquals("85/15", Ratio.parse("85:15").toString());
    }

    @Test
    void minHashSeesNearDuplicatesAndNotUnrelatedText() {
        SplitCorpus c = new SplitCorpus(2);
        String a = c.words(40);
        String[] w = a.split(" ");
        w[20] = "different";
        String near = String.join(" ", w);
        String other = c.words(40);
        double simNear = TextSignature.similarity(TextSignature.minHash(a), TextSignature.minHash(near));
        double simOther = TextSignature.similarity(TextSignature.minHash(a), TextSignature.minHash(other));
        assertTrue(simNear >= 0.8, "near " + simNear);
        assertTrue(simOther < 0.3, "other " + simOther);
        assertEquals(TextSignature.normalize("Hello   WORLD\n"), TextSignature.normalize("hello world"));
        Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 1000; i++) hashes.add(TextSignature.exactHash("text " + i));
        assertEquals(1000, hashes.size());
    }
}
