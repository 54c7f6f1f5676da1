package ftkit.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class ChartsTest {
    private static final List<Integer> COUNTS = List.of(120, 130, 150, 180, 190, 260, 300, 310);
    private static final int LIMIT = 200;

    @Test
    void histogramDrawsTheLimitLineAtTheLimit() {
        XYChart chart = Charts.tokenHistogram("t", TokenHistogram.of(COUNTS, LIMIT, 10));

        XYSeries line = chart.getSeries(Charts.legend(Charts.LIMIT_LINE, LIMIT));
        assertEquals(List.of(200.0, 200.0), List.of(line.getXData()[0], line.getXData()[1]));
        assertEquals(0.0, line.getYData()[0]);
        assertTrue(line.getYData()[1] > max(chart.getSeries(Charts.legend(Charts.WITHIN_LIMIT, 5)).getYData()),
                "the line rises above the tallest bar");
    }

    @Test
    void histogramSplitsBarsAtTheLimitAndHighlightsTheOverLimitOnes() {
        TokenHistogram histogram = TokenHistogram.of(COUNTS, LIMIT, 10);
        XYChart chart = Charts.tokenHistogram("t", histogram);

        XYSeries within = chart.getSeries(Charts.legend(Charts.WITHIN_LIMIT, 5));
        XYSeries over = chart.getSeries(Charts.legend(Charts.OVER_LIMIT, 3));
        assertTrue(within != null && over != null, "series named with their counts: " + names(chart.getSeriesCollection()));
        assertTrue(max(within.getXData()) <= LIMIT);
        assertTrue(min(over.getXData()) >= LIMIT);
        // every bar is drawn as 4 points whose top two carry the bin's count
        assertEquals(histogram.withinLimit(), sumOfBarHeights(within));
        assertEquals(histogram.overLimit(), sumOfBarHeights(over));
        assertEquals(Charts.OVER_COLOR, over.getFillColor());
        assertEquals(Charts.WITHIN_COLOR, within.getFillColor());
    }

    @Test
    void noOverLimitSeriesWhenEveryExampleFits() {
        XYChart chart = Charts.tokenHistogram("t", TokenHistogram.of(COUNTS, 65_536, 10));

        assertEquals(2, chart.getSeriesCollection().size(), names(chart.getSeriesCollection()).toString());
        assertTrue(chart.getStyler().isXAxisLogarithmic());
    }

    @Test
    void histogramImageShowsRedOnlyWhenExamplesAreOverTheLimit() {
        BufferedImage over = Charts.toImage(Charts.tokenHistogram("t", TokenHistogram.of(COUNTS, LIMIT, 10)));
        BufferedImage fits = Charts.toImage(Charts.tokenHistogram("t", TokenHistogram.of(COUNTS, 400, 10)));

        assertEquals(Charts.WIDTH, over.getWidth());
        assertEquals(Charts.HEIGHT, over.getHeight());
        assertTrue(distinctColours(over) > 10, "a drawn chart, not a blank image");
        assertTrue(pixelsOf(over, Charts.OVER_COLOR) > 500, "over-limit bars are painted red");
        assertTrue(pixelsOf(over, Charts.WITHIN_COLOR) > 500, "bars within the limit are painted blue");
        assertEquals(0, pixelsOf(fits, Charts.OVER_COLOR), "no red without over-limit examples");
    }

    @Test
    void groupedBarsHaveOneSeriesPerSplitAndZeroForMissingGroups() {
        Map<String, Integer> train = new LinkedHashMap<>(Map.of("manual.pdf", 40));
        train.put("faq.md", 25);
        Map<String, Integer> validation = Map.of("manual.pdf", 10, "notes.txt", 3);

        CategoryChart chart = Charts.trainValidationBars("split", "source", train, validation);

        assertEquals(List.of("train", "validation"), names(chart.getSeriesCollection()));
        CategorySeries trainSeries = chart.getSeries("train");
        CategorySeries validationSeries = chart.getSeries("validation");
        assertEquals(List.of("manual.pdf", "faq.md", "notes.txt"), list(trainSeries.getXData()));
        assertArrayEquals(new double[] {40, 25, 0}, trainSeries.getYData());
        assertArrayEquals(new double[] {10, 0, 3}, validationSeries.getYData());
        BufferedImage image = Charts.toImage(chart);
        assertTrue(distinctColours(image) > 10);
    }

    @Test
    void groupedBarsRejectEmptyInput() {
        assertThrows(IllegalArgumentException.class, () -> Charts.groupedBars("t", "g", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Charts.groupedBars("t", "g", Map.of("train", Map.<String, Integer>of())));
    }

    private static List<String> names(java.util.Collection<? extends org.knowm.xchart.internal.series.Series> series) {
        return series.stream().map(org.knowm.xchart.internal.series.Series::getName).toList();
    }

    private static int sumOfBarHeights(XYSeries bars) {
        double sum = 0;
        double[] ys = bars.getYData();
        for (int i = 1; i < ys.length; i += 4) sum += ys[i];
        return (int) sum;
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElseThrow();
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElseThrow();
    }

    private static List<Object> list(Iterable<?> values) {
        return StreamSupport.stream(values.spliterator(), false).map(v -> (Object) v).toList();
    }

    private static long distinctColours(BufferedImage image) {
        return java.util.stream.IntStream.range(0, image.getWidth() * image.getHeight())
                .map(i -> image.getRGB(i % image.getWidth(), i / image.getWidth())).distinct().count();
    }

    private static int pixelsOf(BufferedImage image, Color colour) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) n++;
            }
        }
        return n;
    }
}
