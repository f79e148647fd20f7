package org.explaint.analysis.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ControlTest {
    private static final double[][] X = SyntheticProblems.gaussian(60, 5, 21);
    private static final double[][] Y = sparse(60, 7);

    private static double[][] sparse(int n, int f) {
        double[][] g = SyntheticProblems.gaussian(n, f, 22);
        for (double[] r : g) {
            for (int j = 0; j < f; j++) {
                r[j] = r[j] > 0.8 ? Math.round(10 * r[j]) : 0;
            }
        }
        return g;
    }

    private static double[] column(double[][] t, int j) {
        return Arrays.stream(t).mapToDouble(r -> r[j]).sorted().toArray();
    }

    @Test
    void randomNormsAndProjectionTargetsKeepEveryFeaturesValues() {
        Control.MappingInput real = new Control.MappingInput(X, Y);
        for (Control c : new Control[] {new Control.RandomNorms(), new Control.ProjectionTargets(),
                new Control.ShuffledConcepts()}) {
            Control.MappingInput out = c.apply(real, 5);
            for (int j = 0; j < Y[0].length; j++) {
                assertArrayEquals(column(Y, j), column(out.y(), j), c.name());
            }
            assertNotEquals(Arrays.deepToString(Y), Arrays.deepToString(out.y()), c.name());
            assertEquals(X, out.x());
        }
    }

    @Test
    void shuffledConceptsMovesWholeRows() {
        double[][] y = new Control.ShuffledConcepts().apply(new Control.MappingInput(X, Y), 3).y();
        double[] sorted = Arrays.stream(Y).mapToDouble(r -> Arrays.stream(r).sum()).sorted().toArray();
        double[] moved = Arrays.stream(y).mapToDouble(r -> Arrays.stream(r).sum()).sorted().toArray();
        assertArrayEquals(sorted, moved, 1e-12);
    }

    @Test
    void gaussianEmbeddingsHaveTheRealMeanAndCovarianceOnAverage() {
        double[][] x = new double[300][3];
        double[][] g = SyntheticProblems.gaussian(300, 3, 30);
        for (int i = 0; i < 300; i++) {
            x[i] = new double[] {5 + g[i][0], 2 * g[i][0] + 0.5 * g[i][1], g[i][2]};
        }
        double[] realCov = covariance(x);
        double[] sum = new double[realCov.length];
        double[] mean = new double[3];
        int runs = 40;
        for (int r = 0; r < runs; r++) {
            double[][] z = new Control.GaussianEmbeddings().apply(new Control.MappingInput(x, Y), r).x();
            double[] c = covariance(z);
            double[] m = Matrices.columnMeans(z);
            for (int k = 0; k < c.length; k++) {
                sum[k] += c[k] / runs;
            }
            for (int k = 0; k < 3; k++) {
                mean[k] += m[k] / runs;
            }
        }
        double[] realMean = Matrices.columnMeans(x);
        for (int k = 0; k < realCov.length; k++) {
            assertEquals(realCov[k], sum[k], 0.08 * Math.max(1, Math.abs(realCov[k])), "cov " + k);
        }
        for (int k = 0; k < 3; k++) {
            assertEquals(realMean[k], mean[k], 0.05, "mean " + k);
        }
    }

    private static double[] covariance(double[][] x) {
        double[] m = Matrices.columnMeans(x);
        int d = m.length;
        double[] c = new double[d * d];
        for (double[] r : x) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    c[a * d + b] += (r[a] - m[a]) * (r[b] - m[b]) / (x.length - 1);
                }
            }
        }
        return c;
    }
}
