package org.explaint.analysis.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The spectral ridge fit against the textbook normal equations
 * {@code B = (Xc'Xc + lambda I)^-1 Xc' Yc}, intercept {@code mean(y) - mean(x) B}, solved
 * directly; in both shapes the fit switches between (fewer concepts than dimensions, and more).
 */
class RidgeRegressionTest {

    @Test
    void moreConceptsThanDimensionsMatchesTheNormalEquations() {
        agreesWithNormalEquations(80, 12, 0.7);
    }

    @Test
    void fewerConceptsThanDimensionsMatchesTheNormalEquations() {
        agreesWithNormalEquations(30, 64, 2.5);
    }

    @Test
    void aCachedDecompositionGivesTheSamePredictionsForNewTargets() {
        double[][] x = SyntheticProblems.gaussian(40, 10, 5);
        double[][] y1 = SyntheticProblems.linearTargets(x, 3, 0.5, 6);
        double[][] y2 = SyntheticProblems.linearTargets(x, 3, 0.5, 8);
        double[][] test = SyntheticProblems.gaussian(5, 10, 9);
        RidgeRegression ridge = new RidgeRegression(5, 1);
        ridge.fitWithPenalty(x, y1, 1.0).predict(test); // fills the cache with x's decomposition
        double[][] cached = ridge.fitWithPenalty(x, y2, 1.0).predict(test);
        double[][] fresh = new RidgeRegression(5, 1).fitWithPenalty(x, y2, 1.0).predict(test);
        for (int i = 0; i < test.length; i++) {
            for (int t = 0; t < 3; t++) {
                assertEquals(fresh[i][t], cached[i][t], 0.0);
            }
        }
    }

    private static void agreesWithNormalEquations(int n, int d, double lambda) {
        double[][] x = SyntheticProblems.gaussian(n, d, 1);
        double[][] y = SyntheticProblems.linearTargets(x, 4, 0.3, 2);
        double[][] test = SyntheticProblems.gaussian(7, d, 3);

        double[][] ours = new RidgeRegression(5, 1).fitWithPenalty(x, y, lambda).predict(test);

        double[] xMean = Matrices.columnMeans(x);
        double[] yMean = Matrices.columnMeans(y);
        DMatrixRMaj xc = Matrices.of(centre(x, xMean));
        DMatrixRMaj yc = Matrices.of(centre(y, yMean));
        DMatrixRMaj a = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(xc, xc, a);
        for (int j = 0; j < d; j++) {
            a.add(j, j, lambda);
        }
        DMatrixRMaj rhs = new DMatrixRMaj(d, 4);
        CommonOps_DDRM.multTransA(xc, yc, rhs);
        DMatrixRMaj b = new DMatrixRMaj(d, 4);
        CommonOps_DDRM.solve(a, rhs, b);
        DMatrixRMaj expected = new DMatrixRMaj(test.length, 4);
        CommonOps_DDRM.mult(Matrices.of(centre(test, xMean)), b, expected);
        for (int i = 0; i < test.length; i++) {
            for (int t = 0; t < 4; t++) {
                assertEquals(expected.get(i, t) + yMean[t], ours[i][t], 1e-9 * (1 + Math.abs(ours[i][t])),
                        "prediction " + i + "," + t);
            }
        }
    }

    private static double[][] centre(double[][] m, double[] mean) {
        double[][] out = new double[m.length][mean.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                out[i][j] = m[i][j] - mean[j];
            }
        }
        return out;
    }
}
