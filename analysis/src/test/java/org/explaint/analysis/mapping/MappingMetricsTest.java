package org.explaint.analysis.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MappingMetricsTest {
    private static final double[][] GOLD = {{3, 0, 0, 1}, {0, 2, 0, 0}, {0, 0, 5, 4}, {1, 1, 0, 0}};
    private static final int[] ALL = {0, 1, 2, 3};

    @Test
    void perfectPredictionsScoreOneEverywhere() {
        Map<String, Double> s = new MappingMetrics(0.5, 1).score(GOLD, GOLD, ALL);
        for (String m : MappingMetrics.NAMES) {
            assertEquals(1.0, s.get(m), 1e-12, m);
        }
    }

    @Test
    void handComputedScoresForAnImperfectPrediction() {
        double[][] pred = {{3, 0, 0, 1}, {0, 2, 0, 0}, {0, 0, 5, 4}, {0, 0, 0, 2}};
        Map<String, Double> s = new MappingMetrics(0.5, 1).score(GOLD, pred, ALL);
        // concept 3: gold {0, 1}, top-2 predicted {3, then 0 by index order} -> 1 of 2
        assertEquals((1 + 1 + 1 + 0.5) / 4, s.get("precision_at_k"), 1e-12);
        // cells: gold positives 7, predicted positives 6, true positives 5
        assertEquals(2.0 * 5 / (2 * 5 + 1 + 2), s.get("f1"), 1e-12);
        // concept 3's prediction (0,0,0,2) is nearest to gold row 2 and row 0 before its own
        assertEquals(0.75, s.get("neighbour_acc"), 1e-12);
        assertEquals((1 + 1 + 1 + 0) / 4.0, s.get("cosine"), 1e-12);
    }

    @Test
    void ranksAverageTies() {
        double[] r = MappingMetrics.ranks(new double[] {5, 1, 5, 3});
        assertEquals(3.5, r[0]);
        assertEquals(1.0, r[1]);
        assertEquals(3.5, r[2]);
        assertEquals(2.0, r[3]);
    }
}
