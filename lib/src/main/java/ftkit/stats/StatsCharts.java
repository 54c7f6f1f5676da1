package ftkit.stats;

import ftkit.io.AtomicOutput;
import ftkit.notebook.Charts;
import ftkit.notebook.TokenHistogram;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The notebooks' charts as PNG files, for users without Jupyter: the same {@link Charts} functions, rendered
 * headless and written atomically (a temp file in the folder, then a rename).
 */
public final class StatsCharts {
    /** Bins up to the limit, as in the token-distribution notebook. */
    static final int HISTOGRAM_BINS = 30;

    private StatsCharts() {
    }

    /** Writes every chart that has data into {@code dir} (created if needed) and returns the files, in order. */
    public static List<Path> write(DatasetStats stats, Path dir) throws IOException {
        Map<String, Chart<?, ?>> charts = build(stats);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, Chart<?, ?>> chart : charts.entrySet()) {
            Path file = dir.resolve(chart.getKey() + ".png");
            try (AtomicOutput out = AtomicOutput.open(file)) {
                if (!ImageIO.write(Charts.toImage(chart.getValue()), "png", out.stream())) {
                    throw new IOException("no PNG writer in this JVM");
                }
                out.commit();
            }
            written.add(file);
        }
        return written;
    }

    /** File stem → chart; pure, for tests and the notebooks alike. */
    public static Map<String, Chart<?, ?>> build(DatasetStats stats) {
        Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();
        if (stats.examples().isEmpty()) return charts;
        DatasetStats.TargetCounter primary = stats.primary();
        int limit = primary.limit() > 0 ? primary.limit()
                : Math.max(1, stats.tokenCounts().stream().mapToInt(Integer::intValue).max().orElse(1));
        String limitText = primary.limit() > 0 ? "limit " + primary.limit() : "no stated limit";
        charts.put("token-histogram", Charts.tokenHistogram(
                "Tokens per example, " + primary.target().id() + " (" + limitText + ")",
                TokenHistogram.of(stats.tokenCounts(), limit, HISTOGRAM_BINS)));
        if (stats.hasTrainAndValidation()) {
            for (String group : List.of("source", "keyword", "category")) {
                Map<String, Map<String, Integer>> bySplit = stats.countsBySplit(group);
                charts.put("split-by-" + group, Charts.groupedBars("Train and validation by " + group, group, bySplit));
            }
        }
        Map<String, Integer> turns = new LinkedHashMap<>();
        stats.tokensBy("turns").entrySet().stream().sorted(Map.Entry.comparingByKey(DatasetStats::compareTurnLabels))
                .forEach(e -> turns.put(e.getKey(), e.getValue().size()));
        charts.put("turns", Charts.groupedBars("Examples by conversation length", "user turns", Map.of("examples", turns)));
        return charts;
    }
}
