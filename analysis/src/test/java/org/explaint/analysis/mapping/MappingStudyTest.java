package org.explaint.analysis.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MappingStudyTest {
    private static final MappingStudy.Coverage COVERAGE =
            new MappingStudy.Coverage("synthetic", "gaussian", List.of(), List.of());

    private static MappingStudy study() {
        return new MappingStudy(new PlsRegression(8), 5, 20, 42, 5, MappingVerdictRule.standard());
    }

    private static double[][] sparseLinear(double[][] x) {
        double[][] y = SyntheticProblems.linearTargets(x, 12, 0.5, 6);
        for (double[] r : y) {
            for (int j = 0; j < r.length; j++) {
                r[j] = Math.max(0, r[j]);
            }
        }
        return y;
    }

    @Test
    void structuredNormsBeatEveryControlAndAreWarranted() {
        double[][] x = SyntheticProblems.gaussian(120, 16, 5);
        MappingReport report = study().run(x, sparseLinear(x), COVERAGE);
        assertTrue(report.real().get("r2").value() > 0.5, report.real().toString());
        assertEquals(5, report.controls().size());
        for (ControlOutcome c : report.controls()) {
            if (c.runs() > 1) {
                assertEquals(1.0 / 21, c.pValues().get("cosine"), 1e-12, c.name());
            }
        }
        assertTrue(report.verdict().warranted(), report.verdict().reasons().toString());
    }

    @Test
    void noiseNormsAreNotWarranted() {
        double[][] x = SyntheticProblems.gaussian(120, 16, 7);
        double[][] y = sparseLinear(SyntheticProblems.gaussian(120, 16, 8));
        MappingReport report = study().run(x, y, COVERAGE);
        assertTrue(report.real().get("r2").value() < 0.02, report.real().toString());
        assertFalse(report.verdict().warranted());
        assertFalse(report.verdict().reasons().isEmpty());
    }

    @Test
    void noConceptIsEverInTrainingAndTestOfOneFit() {
        double[][] x = SyntheticProblems.gaussian(23, 3, 9);
        for (int i = 0; i < x.length; i++) {
            x[i][0] = i; // identify rows
        }
        Set<Integer> predicted = new HashSet<>();
        FeatureMapper recorder = new FeatureMapper() {
            @Override
            public Predictor fit(double[][] train, double[][] y) {
                Set<Integer> seen = new HashSet<>();
                for (double[] r : train) {
                    seen.add((int) r[0]);
                }
                return test -> {
                    for (double[] r : test) {
                        assertFalse(seen.contains((int) r[0]), "row " + r[0] + " in both parts");
                        assertTrue(predicted.add((int) r[0]));
                    }
                    return new double[test.length][1];
                };
            }

            @Override
            public String describe() {
                return "recorder";
            }
        };
        CrossValidation.run(recorder, x, new double[23][1], 4, 1);
        assertEquals(23, predicted.size());
    }
}
