package org.explaint.analysis.mapping;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Ridge regression in closed form, with the penalty chosen by inner cross-validation.
 *
 * <p>Embeddings and targets are centred (the intercept is not penalised) but not scaled. The
 * fit uses the thin SVD {@code X = U S V'}: {@code B = V diag(s / (s^2 + lambda)) U' Y}, so
 * every penalty on the grid costs one SVD per fold; test errors for all penalties come from
 * one expansion of the squared error, and predictions are made as {@code (x V) F (U' Y)}
 * without forming B. The grid is relative to the data:
 * {@code lambda = alpha * mean(s^2)} over the full training set, with alpha in
 * {@link #ALPHAS}; the alpha with the lowest summed squared error over {@code innerFolds}
 * folds of the training concepts (fixed seed) is refitted on all of them.
 */
public final class RidgeRegression implements FeatureMapper {
    /** The relative penalties searched. */
    public static final List<Double> ALPHAS = List.of(1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0, 1000.0);

    private final int innerFolds;
    private final long seed;

    /** Ridge with {@code innerFolds}-fold inner selection of the penalty. */
    public RidgeRegression(int innerFolds, long seed) {
        if (innerFolds < 2) {
            throw new IllegalArgumentException("inner folds must be at least 2, got " + innerFolds);
        }
        this.innerFolds = innerFolds;
        this.seed = seed;
    }

    @Override
    public String describe() {
        return "ridge(alpha grid " + ALPHAS + " x mean s^2, " + innerFolds + "-fold inner CV)";
    }

    @Override
    public Predictor fit(double[][] x, double[][] y) {
        double meanSquaredSingular = frobeniusSquared(centred(x, Matrices.columnMeans(x)))
                / Math.min(x.length, x[0].length);

        // inner cross-validation over the grid, errors summed over folds
        int[] fold = CrossValidation.assignFolds(x.length, innerFolds, new SplittableRandom(seed));
        double[] error = new double[ALPHAS.size()];
        for (int k = 0; k < innerFolds; k++) {
            int[] train = CrossValidation.indices(fold, k, false);
            int[] test = CrossValidation.indices(fold, k, true);
            Svd svd = Svd.of(select(x, train), select(y, train));
            double[] e = svd.testErrors(select(x, test), select(y, test), meanSquaredSingular);
            for (int a = 0; a < error.length; a++) {
                error[a] += e[a];
            }
        }
        int best = 0;
        for (int a = 1; a < error.length; a++) {
            best = error[a] < error[best] ? a : best;
        }
        return Svd.of(x, y).predictor(ALPHAS.get(best) * meanSquaredSingular);
    }

    /**
     * The thin SVD of centred embeddings {@code Xc = U S V'} with {@code G = U' Y} [rank, target].
     * U is orthogonal to the constant vector, so {@code U' Yc = U' Y} and G is computed from the
     * non-zero entries of Y only (feature norms are sparse).
     */
    private record Svd(DMatrixRMaj u, DMatrixRMaj v, double[] s, double[][] g, double[] xMean,
                       double[] yMean, double[][] y) {
        static Svd of(double[][] x, double[][] y) {
            double[] xMean = Matrices.columnMeans(x);
            double[] yMean = Matrices.columnMeans(y);
            DMatrixRMaj xc = Matrices.of(centred(x, xMean));
            SingularValueDecomposition_F64<DMatrixRMaj> svd =
                    DecompositionFactory_DDRM.svd(xc.numRows, xc.numCols, true, true, true);
            if (!svd.decompose(xc)) {
                throw new IllegalStateException("SVD did not converge on " + xc.numRows + " x " + xc.numCols);
            }
            DMatrixRMaj u = svd.getU(null, false); // [sample, rank]
            DMatrixRMaj v = svd.getV(null, false); // [dimension, rank]
            double[] s = Arrays.copyOf(svd.getSingularValues(), svd.numberOfSingularValues());
            return new Svd(u, v, s, transposeTimesSparse(u, y), xMean, yMean, y);
        }

        /** Factors {@code s / (s^2 + lambda)}. */
        double[] factors(double lambda) {
            double[] f = new double[s.length];
            for (int r = 0; r < s.length; r++) {
                f[r] = s[r] / (s[r] * s[r] + lambda);
            }
            return f;
        }

        /** {@code (x - xMean) V} [concept, rank]. */
        double[][] project(double[][] x) {
            return Matrices.toArray(times(Matrices.of(centred(x, xMean)), v));
        }

        FeatureMapper.Predictor predictor(double lambda) {
            double[] f = factors(lambda);
            return x -> {
                double[][] a = project(x);
                double[][] out = new double[x.length][];
                for (int i = 0; i < x.length; i++) {
                    out[i] = yMean.clone();
                    for (int r = 0; r < f.length; r++) {
                        double w = a[i][r] * f[r];
                        double[] gr = g[r];
                        for (int j = 0; j < gr.length; j++) {
                            out[i][j] += w * gr[j];
                        }
                    }
                }
                return out;
            };
        }

        /**
         * Summed squared test error for every penalty on the grid, by the expansion
         * {@code |Yc - A F G|^2 = |Yc|^2 - 2 sum_r f_r <(A'Yc)_r, G_r> + sum_rs f_r f_s (A'A)_rs (GG')_rs}
         * with {@code A = (x - xMean) V}, so each penalty costs {@code O(rank^2)}.
         */
        double[] testErrors(double[][] xTest, double[][] yTest, double scale) {
            int rank = s.length;
            double[][] a = project(xTest);
            double[][] yc = centred(yTest, yMean);
            double total = 0;
            for (double[] row : yc) {
                total += Matrices.dot(row, row);
            }
            double[][] aty = transposeTimes(a, yc);
            double[] cross = new double[rank];
            for (int r = 0; r < rank; r++) {
                cross[r] = Matrices.dot(aty[r], g[r]);
            }
            double[][] ata = transposeTimes(a, a);
            double[][] ggt = gramOfG();
            double[] out = new double[ALPHAS.size()];
            for (int k = 0; k < out.length; k++) {
                double[] f = factors(ALPHAS.get(k) * scale);
                double e = total;
                for (int r = 0; r < rank; r++) {
                    e -= 2 * f[r] * cross[r];
                    for (int t = 0; t < rank; t++) {
                        e += f[r] * f[t] * ata[r][t] * ggt[r][t];
                    }
                }
                out[k] = e;
            }
            return out;
        }

        /** {@code G G' = U' (Y Y') U}, with {@code Y Y'} from Y's non-zero entries. */
        private double[][] gramOfG() {
            int n = y.length;
            double[][] yy = new double[n][n];
            int[][] nonZero = new int[n][];
            for (int i = 0; i < n; i++) {
                double[] row = y[i];
                nonZero[i] = java.util.stream.IntStream.range(0, row.length)
                        .filter(j -> row[j] != 0).toArray();
            }
            for (int i = 0; i < n; i++) {
                for (int k = i; k < n; k++) {
                    double d = sparseDot(y[i], nonZero[i], y[k], nonZero[k]);
                    yy[i][k] = d;
                    yy[k][i] = d;
                }
            }
            DMatrixRMaj m = times(Matrices.of(yy), u);
            DMatrixRMaj out = new DMatrixRMaj(u.numCols, u.numCols);
            CommonOps_DDRM.multTransA(u, m, out);
            return Matrices.toArray(out);
        }
    }

    private static double sparseDot(double[] a, int[] aIdx, double[] b, int[] bIdx) {
        double s = 0;
        int i = 0;
        int j = 0;
        while (i < aIdx.length && j < bIdx.length) {
            if (aIdx[i] == bIdx[j]) {
                s += a[aIdx[i]] * b[bIdx[j]];
                i++;
                j++;
            } else if (aIdx[i] < bIdx[j]) {
                i++;
            } else {
                j++;
            }
        }
        return s;
    }

    /** {@code U' Y} [rank, target] skipping zero entries of Y. */
    private static double[][] transposeTimesSparse(DMatrixRMaj u, double[][] y) {
        int rank = u.numCols;
        double[][] out = new double[rank][y[0].length];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y[i].length; j++) {
                double yij = y[i][j];
                if (yij != 0) {
                    for (int r = 0; r < rank; r++) {
                        out[r][j] += u.get(i, r) * yij;
                    }
                }
            }
        }
        return out;
    }

    /** {@code a' b}. */
    private static double[][] transposeTimes(double[][] a, double[][] b) {
        DMatrixRMaj out = new DMatrixRMaj(a[0].length, b[0].length);
        CommonOps_DDRM.multTransA(Matrices.of(a), Matrices.of(b), out);
        return Matrices.toArray(out);
    }

    private static DMatrixRMaj times(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, b.numCols);
        CommonOps_DDRM.mult(a, b, out);
        return out;
    }

    private static double[][] centred(double[][] x, double[] mean) {
        double[][] out = new double[x.length][mean.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                out[i][j] = x[i][j] - mean[j];
            }
        }
        return out;
    }

    private static double frobeniusSquared(double[][] m) {
        double s = 0;
        for (double[] r : m) {
            s += Matrices.dot(r, r);
        }
        return s;
    }

    static double[][] select(double[][] rows, int[] which) {
        double[][] out = new double[which.length][];
        for (int i = 0; i < which.length; i++) {
            out[i] = rows[which[i]];
        }
        return out;
    }
}
