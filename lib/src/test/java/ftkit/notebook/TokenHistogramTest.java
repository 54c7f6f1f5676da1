package ftkit.notebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenHistogramTest {

    @Test
    void linearBinsPutTheLimitOnAnEdgeAndCountTheLimitItselfAsWithin() {
        TokenHistogram h = TokenHistogram.of(List.of(10, 20, 95, 100, 101, 150), 100, 10);

        assertEquals(TokenHistogram.Scale.LINEAR, h.scale());
        assertEquals(100.0, h.edges()[h.limitEdge()]);
        assertEquals(4, h.withinLimit());
        assertEquals(2, h.overLimit());
        assertEquals(6, h.total());
        // 95 and 100 share the last bin below the limit; 101 is in the first bin above it
        assertEquals(2, h.counts()[h.limitEdge() - 1]);
        assertEquals(1, h.counts()[h.limitEdge()]);
        assertTrue(h.edges()[h.bins()] >= 150);
        for (int i = 1; i < h.edges().length; i++) assertTrue(h.edges()[i] > h.edges()[i - 1], "edges ascend");
    }

    @Test
    void binsBelowTheLimitFollowTheRequestedCountInProportion() {
        TokenHistogram h = TokenHistogram.of(IntStream.rangeClosed(1, 200).boxed().toList(), 100, 20);

        assertEquals(10, h.limitEdge(), "half the range is below the limit, so half of 20 bins");
        assertEquals(20, h.bins());
        assertArrayEquals(IntStream.range(0, 20).map(i -> 10).toArray(), h.counts());
    }

    @Test
    void aLimitFarAboveTheDataSwitchesToGeometricBins() {
        List<Integer> counts = List.of(100, 120, 150, 200, 300);
        TokenHistogram h = TokenHistogram.of(counts, 65_536, 24);

        assertEquals(TokenHistogram.Scale.LOG, h.scale());
        assertEquals(100.0, h.edges()[0], 1e-9);
        assertEquals(65_536.0, h.edges()[h.limitEdge()]);
        assertEquals(h.bins(), h.limitEdge(), "nothing above the limit, so no bins past it");
        assertEquals(5, h.withinLimit());
        assertEquals(0, h.overLimit());
        double ratio = h.edges()[1] / h.edges()[0];
        assertEquals(ratio, h.edges()[h.bins()] / h.edges()[h.bins() - 1], 1e-6, "equal widths on a log axis");
    }

    @Test
    void geometricBinsReachPastTheLimitWhenExamplesDo() {
        TokenHistogram h = TokenHistogram.of(List.of(0, 50, 5_000, 200_000), 65_536, 12, TokenHistogram.Scale.LOG);

        assertEquals(1, h.overLimit());
        assertEquals(3, h.withinLimit());
        assertTrue(h.edges()[h.bins()] >= 200_000);
        assertEquals(1, h.counts()[0] - (h.edges()[1] >= 50 ? 1 : 0), "0 tokens land in the first bin");
    }

    @Test
    void everyExampleOverTheLimitStillGivesABinBelowIt() {
        TokenHistogram h = TokenHistogram.of(List.of(5_000, 6_000), 4_096, 10, TokenHistogram.Scale.LOG);

        assertEquals(2, h.overLimit());
        assertEquals(0, h.withinLimit());
        assertEquals(4_096.0, h.edges()[h.limitEdge()]);
    }

    @Test
    void noExamplesGiveEmptyBins() {
        TokenHistogram h = TokenHistogram.of(List.of(), 1_000, 10);

        assertEquals(0, h.total());
        assertEquals(10, h.bins());
    }

    @Test
    void rejectsNonsenseInput() {
        assertThrows(IllegalArgumentException.class, () -> TokenHistogram.of(List.of(1), 0, 10));
        assertThrows(IllegalArgumentException.class, () -> TokenHistogram.of(List.of(1), 10, 0));
        assertThrows(IllegalArgumentException.class, () -> TokenHistogram.of(List.of(-1), 10, 10));
    }
}
