package ftkit.bench;

import ftkit.io.SampleReader;
import ftkit.model.Sample;
import ftkit.quality.CurateOptions;
import ftkit.quality.Curator;
import ftkit.quality.MiniLmEmbedder;
import ftkit.quality.SampleVectors;
import ftkit.quality.NearDuplicates;
import ftkit.quality.SampleTokens;
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
                // curate's first pass with --semantic (and so the off-topic check and dispersion) on the first
                // EMBED_SUBSET samples, projected to the whole corpus
                int subset = Integer.parseInt(args[2]);
                List<Sample> samples = new ArrayList<>();
                int total = 0;
                try (SampleReader r = SampleReader.open(corpus)) {
                    for (SampleReader.Entry e : r) {
                        if (!e.ok()) continue;
                        total++;
                        if (samples.size() < subset) samples.add(e.sample());
                    }
                }
                long read = System.nanoTime();
                MiniLmEmbedder embedder = MiniLmEmbedder.shared();
                long loaded = System.nanoTime();
                long cpuBefore = processCpuNanos();
                Curator c = new Curator(CurateOptions.defaults().withSemantic(SampleVectors.DEFAULT_SEMANTIC_THRESHOLD), embedder);
                c.analyse(Curator.samples(samples));
                long done = System.nanoTime();
                double cpuPerSample = (processCpuNanos() - cpuBefore) / 1e9 / samples.size();
                double perSample = (done - loaded) / 1e9 / samples.size();
                report(mode, samples.size(), start, String.format("read_s=%.1f model_load_s=%.1f curate_s=%.1f cpu_s_per_sample=%.4f "
                                + "semantic_clusters=%d timings=%s projected_full_s=%.0f projected_full_cpu_s=%.0f (for %d samples)",
                        (read - start) / 1e9, (loaded - read) / 1e9, (done - loaded) / 1e9, cpuPerSample,
                        c.semanticClusters().size(), c.timings(), perSample * total, cpuPerSample * total, total));
            }
            default -> throw new IllegalArgumentException("mode: exact, minhash, curate or embed");
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void report(String mode, int n, long start, String extra) {
        Runtime rt = Runtime.getRuntime();
        System.out.printf("mode=%s samples=%d total_s=%.1f heap_used_mb=%d %s%n", mode, n, (System.nanoTime() - start) / 1e9,
                (rt.totalMemory() - rt.freeMemory()) >> 20, extra);
    }
}
