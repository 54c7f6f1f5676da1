package ftkit.notebook;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * XChart charts for the notebooks and the {@code stats} script, built by pure functions that return the chart
 * object; {@link #toImage} renders one without a window (a notebook shows a returned BufferedImage as PNG).
 */
public final class Charts {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 450;
    public static final String WITHIN_LIMIT = "within limit";
    public static final String OVER_LIMIT = "over limit";
    public static final String LIMIT_LINE = "limit";
    static final Color WITHIN_COLOR = new Color(0x4C72B0);
    static final Color OVER_COLOR = new Color(0xD62728);
    static final Color LIMIT_COLOR = new Color(0x222222);

    private Charts() {
    }

    /**
     * A token-count histogram: bars within the limit in blue, bars over it in red, and a dashed vertical line
     * at the limit. Series are named {@link #WITHIN_LIMIT}, {@link #OVER_LIMIT} (only when the bins reach past
     * the limit) and {@link #LIMIT_LINE}; legends carry the example counts.
     */
    public static XYChart tokenHistogram(String title, TokenHistogram histogram) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(histogram.scale() == TokenHistogram.Scale.LOG ? "tokens per example (log scale)" : "tokens per example")
                .yAxisTitle("examples").build();
        XYStyler styler = chart.getStyler();
        double yMax = Math.max(1.0, histogram.largestBin() * 1.15);
        styler.setLegendPosition(Styler.LegendPosition.InsideNE);
        styler.setXAxisLogarithmic(histogram.scale() == TokenHistogram.Scale.LOG);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(yMax);
        styler.setXAxisMin(histogram.edges()[0]);
        styler.setXAxisMax(histogram.edges()[histogram.bins()] * 1.02);
        styler.setXAxisDecimalPattern("#,##0");
        styler.setYAxisDecimalPattern("#,##0");
        styler.setChartBackgroundColor(Color.WHITE);

        int limitEdge = histogram.limitEdge();
        bars(chart, legend(WITHIN_LIMIT, histogram.withinLimit()), histogram, 0, limitEdge, WITHIN_COLOR);
        if (limitEdge < histogram.bins()) {
            bars(chart, legend(OVER_LIMIT, histogram.overLimit()), histogram, limitEdge, histogram.bins(), OVER_COLOR);
        }
        XYSeries line = chart.addSeries(legend(LIMIT_LINE, histogram.limit()),
                new double[] {histogram.limit(), histogram.limit()},
                new double[] {0, yMax});
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(LIMIT_COLOR);
        line.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
        return chart;
    }

    /** The series' display name: {@code "within limit: 28"}, {@code "limit: 65,536"}. */
    public static String legend(String series, int number) {
        return series + ": " + NumberFormat.getIntegerInstance(Locale.ROOT).format(number);
    }

    /** Bins [from, to) as filled rectangles: the outline drops to zero between bars, so Area fills only bars. */
    private static void bars(XYChart chart, String name, TokenHistogram h, int from, int to, Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int bin = from; bin < to; bin++) {
            double left = h.edges()[bin];
            double right = h.edges()[bin + 1];
            double gap = (right - left) * 0.04; // a sliver between bars so neighbours stay distinguishable
            double count = h.counts()[bin];
            xs.addAll(List.of(left + gap, left + gap, right - gap, right - gap));
            ys.addAll(List.of(0.0, count, count, 0.0));
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        series.setMarker(SeriesMarkers.NONE);
        series.setFillColor(color);
        series.setLineColor(color);
    }

    /**
     * Bars per group, one series per split (e.g. train and validation), groups in first-seen order; a group
     * missing from a split counts 0.
     *
     * @param countsBySplit split name → (group → examples), in legend order
     */
    public static CategoryChart groupedBars(String title, String groupAxisTitle,
                                            Map<String, ? extends Map<String, ? extends Number>> countsBySplit) {
        if (countsBySplit.isEmpty()) throw new IllegalArgumentException("no splits to chart");
        Set<String> groups = new LinkedHashSet<>();
        countsBySplit.values().forEach(counts -> groups.addAll(counts.keySet()));
        if (groups.isEmpty()) throw new IllegalArgumentException("no groups to chart");
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(groupAxisTitle).yAxisTitle("examples").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setXAxisLabelRotation(groups.size() > 6 ? 45 : 0);
        List<String> categories = new ArrayList<>(groups);
        for (Map.Entry<String, ? extends Map<String, ? extends Number>> split : countsBySplit.entrySet()) {
            List<Number> values = new ArrayList<>();
            for (String group : categories) {
                Number n = split.getValue().get(group);
                values.add(n == null ? 0 : n);
            }
            chart.addSeries(split.getKey(), categories, values);
        }
        return chart;
    }

    /** One series of bars ("examples") per group, in map order: counts per turn number, length bucket, …. */
    public static CategoryChart bars(String title, String groupAxisTitle, Map<String, ? extends Number> counts) {
        Map<String, Map<String, ? extends Number>> single = new LinkedHashMap<>();
        single.put("examples", counts);
        return groupedBars(title, groupAxisTitle, single);
    }

    /** Convenience for the common two-split case, train first. */
    public static CategoryChart trainValidationBars(String title, String groupAxisTitle,
                                                    Map<String, ? extends Number> train,
                                                    Map<String, ? extends Number> validation) {
        Map<String, Map<String, ? extends Number>> bySplit = new LinkedHashMap<>();
        bySplit.put("train", train);
        bySplit.put("validation", validation);
        return groupedBars(title, groupAxisTitle, bySplit);
    }

    /** Renders any XChart chart to an image, headless. */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }
}
