package ftkit.bench;

import ftkit.io.SampleReader;
import ftkit.model.Sample;
import ftkit.quality.CurateOptions;
import ftkit.quality.Curator;
import ftkit.quality.MiniLmEmbedder;
import ftkit.quality.NearDuplicates;
import ftkit.quality.SampleTokens;
import ftkit.quality.SampleVectors;
import ftkit.quality.SemanticDuplicates;
import ftkit.validate.ContentKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Time of the dedup stages on a corpus (bench/curate.sh runs each mode in its own JVM for its peak memory).
 * Usage: CurateBenchmark exact|minhash|curate|embed CORPUS [EMBED_SUBSET]
 */
public final class CurateBenchmark {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String corpus = args[1];
        long start = System.nanoTime();
        switch (mode) {
            case "exact" -> {
                Map<ContentKey, Integer> first = new HashMap<>();
                int n = 0;
                int dups = 0;
                try (SampleReader r = SampleReader.open(corpus)) {
                    for (SampleReader.Entry e : r) {
                        if (!e.ok()) continue;
                        if (first.putIfAbsent(ContentKey.of(e.sample()), n++) != null) dups++;
                    }
                }
                report(mode, n, start, "exact_duplicates=" + dups);
            }
            case "minhash" -> {
                NearDuplicates near = new NearDuplicates(0.7);
                int n = 0;
                try (SampleReader r = SampleReader.open(corpus)) {
                    for (SampleReader.Entry e : r) {
                        if (e.ok()) near.addSignature(n++, SampleTokens.of(e.sample()).minHash());
                    }
                }
                long signed = System.nanoTime();
                int clusters = near.clusters().size();
                report(mode, n, start, String.format("signatures_s=%.1f lsh_s=%.1f clusters=%d bands=%dx%d",
                        (signed - start) / 1e9, (System.nanoTime() - signed) / 1e9, clusters, near.bands(), near.rows()));
            }
            case "curate" -> {
                Curator c = new Curator(CurateOptions.defaults(), null);
                c.analyse(Curator.file(corpus, null));
                report(mode, c.samples(), start, "timings=" + c.timings() + " flags=" + c.flagCounts());
            }
            case "embed" -> {
                int subset = Integer.parseInt(args[2]);
                int total = 0;
                List<Sample> batch = new ArrayList<>();
                MiniLmEmbedder embedder = new MiniLmEmbedder();
                long loaded = System.nanoTime();
                SemanticDuplicates semantic = new SemanticDuplicates(SampleVectors.DEFAULT_SEMANTIC_THRESHOLD, MiniLmEmbedder.DIMENSION);
                int n = 0;
                try (SampleReader r = SampleReader.open(corpus)) {
                    for (SampleReader.Entry e : r) {
                        if (!e.ok()) continue;
                        total++;
                        if (n + batch.size() >= subset) continue;
                        batch.add(e.sample());
                        if (batch.size() == 64) n = embed(embedder, batch, semantic, n);
                    }
                }
                if (!batch.isEmpty()) n = embed(embedder, batch, semantic, n);
                long embedded = System.nanoTime();
                int clusters = semantic.clusters().size();
                double perSample = (embedded - loaded) / 1e9 / n;
                report(mode, n, start, String.format("model_load_s=%.1f embed_s=%.1f samples_per_s=%.1f clusters=%d projected_full_embed_s=%.0f (for %d samples)",
                        (loaded - start) / 1e9, (embedded - loaded) / 1e9, 1 / perSample, clusters, perSample * total, total));
            }
            default -> throw new IllegalArgumentException("mode: exact, minhash, curate or embed");
        }
    }

    private static int embed(MiniLmEmbedder embedder, List<Sample> batch, SemanticDuplicates semantic, int n) {
        List<SampleTokens> tokens = batch.stream().map(SampleTokens::of).toList();
        List<String> texts = new ArrayList<>();
        for (SampleTokens t : tokens) texts.add(t.question());
        for (SampleTokens t : tokens) texts.add(t.answer());
        List<float[]> v = embedder.embed(texts);
        for (int k = 0; k < batch.size(); k++) {
            semantic.add(n++, SampleVectors.combine(v.get(k), v.get(batch.size() + k)), SampleVectors.answerTerms(tokens.get(k).answerWords()));
        }
        batch.clear();
        return n;
    }

    private static void report(String mode, int n, long start, String extra) {
        Runtime rt = Runtime.getRuntime();
        System.out.printf("mode=%s samples=%d total_s=%.1f heap_used_mb=%d %s%n", mode, n, (System.nanoTime() - start) / 1e9,
                (rt.totalMemory() - rt.freeMemory()) >> 20, extra);
    }
}
