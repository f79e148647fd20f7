package org.explaint.analysis.mapping;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MappersFindKnownStructureTest {
    private static final int N = 150;
    private static final int D = 20;

    private static List<FeatureMapper> mappers() {
        return List.of(new PlsRegression(10), new RidgeRegression(5, 7),
                new NeuralMapper(64, 0.1, 150, 16, 3e-3, 5));
    }

    private static double crossValidatedR2(FeatureMapper m, double[][] x, double[][] y) {
        CrossValidation.Result cv = CrossValidation.run(m, x, y, 5, 11);
        int[] all = CrossValidation.indices(new int[x.length], 0, true);
        return new MappingMetrics(0.5, 10).score(y, cv.predictions(), all).get("r2");
    }

    @Test
    void linearTargetsWithNoiseAreFoundWithHighR2() {
        double[][] x = SyntheticProblems.gaussian(N, D, 1);
        double[][] y = SyntheticProblems.linearTargets(x, 8, 1.0, 2);
        for (FeatureMapper m : mappers()) {
            double r2 = crossValidatedR2(m, x, y);
            assertTrue(r2 > 0.85, m.describe() + " R2 " + r2);
        }
    }

    @Test
    void pureNoiseTargetsAreNotFound() {
        double[][] x = SyntheticProblems.gaussian(N, D, 3);
        double[][] y = SyntheticProblems.gaussian(N, 8, 4);
        for (FeatureMapper m : mappers()) {
            double r2 = crossValidatedR2(m, x, y);
            assertTrue(r2 < 0.02, m.describe() + " R2 " + r2);
        }
    }
}
