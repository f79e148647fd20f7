package org.explaint.analysis.mapping;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Ridge regression in closed form, with the penalty chosen by inner cross-validation.
 *
 * <p>Embeddings and targets are centred (the intercept is not penalised) but not scaled. The
 * fit eigendecomposes the smaller Gram matrix of the centred embeddings {@code Xc = U S V'}:
 * {@code Xc Xc' = U S^2 U'} when there are fewer concepts than dimensions (the dual, kernel
 * form), {@code Xc' Xc = V S^2 V'} otherwise. Either way the coefficients are
 * {@code B = P diag(1 / (s^2 + lambda)) G} with {@code P = V S, G = U' Y} (dual) or
 * {@code P = V, G = S U' Y = V' Xc' Y} (primal), so every penalty on the grid costs one
 * decomposition per fold; test errors for all penalties come from one expansion of the squared
 * error, and predictions are made as {@code ((x - mean) P) diag(h) G} without forming B.
 * The grid is relative to the data: {@code lambda = alpha * mean(s^2)} over the full training
 * set, with alpha in {@link #ALPHAS}; the alpha with the lowest summed squared error over
 * {@code innerFolds} folds of the training concepts (fixed seed) is refitted on all of them.
 *
 * <p>The decomposition depends only on the training embeddings. Controls that change the norms
 * but not the embeddings (shuffled concepts, random norms, projection targets) run the same
 * folds over the same embedding rows, so decompositions are kept in a small cache keyed by the
 * identity of the rows (rows are never modified once built; see {@link Control}).
 */
public final class RidgeRegression implements FeatureMapper {
    /** The relative penalties searched. */
    public static final List<Double> ALPHAS = List.of(1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0, 1000.0);

    /** Eigenvalues below this fraction of the largest are treated as zero (the null space). */
    private static final double NULL_SPACE = 1e-12;

    private final int innerFolds;
    private final long seed;
    private final DecompositionCache cache = new DecompositionCache(64);

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
            Fit fit = Fit.of(cache.decompose(select(x, train)), select(y, train));
            double[] e = fit.testErrors(select(x, test), select(y, test), meanSquaredSingular);
            for (int a = 0; a < error.length; a++) {
                error[a] += e[a];
            }
        }
        int best = 0;
        for (int a = 1; a < error.length; a++) {
            best = error[a] < error[best] ? a : best;
        }
        return fitWithPenalty(x, y, ALPHAS.get(best) * meanSquaredSingular);
    }

    /** The ridge fit for one fixed penalty {@code lambda} (absolute, not relative). */
    Predictor fitWithPenalty(double[][] x, double[][] y, double lambda) {
        return Fit.of(cache.decompose(x), y).predictor(lambda);
    }

    /**
     * The spectral form of centred training embeddings: eigenvalues {@code s^2} (non-zero only),
     * the training scores {@code Z} [sample, rank] with {@code G = Z' Y}, and the projection
     * {@code P} [dimension, rank] that takes centred embeddings to the same rank space.
     */
    record Decomposition(double[] xMean, double[] eigenvalues, DMatrixRMaj scores, DMatrixRMaj projection) {
        static Decomposition of(double[][] x) {
            double[] xMean = Matrices.columnMeans(x);
            DMatrixRMaj xc = Matrices.of(centred(x, xMean));
            boolean dual = xc.numRows <= xc.numCols;
            DMatrixRMaj gram = dual ? new DMatrixRMaj(xc.numRows, xc.numRows)
                    : new DMatrixRMaj(xc.numCols, xc.numCols);
            if (dual) {
                CommonOps_DDRM.multTransB(xc, xc, gram);
            } else {
                CommonOps_DDRM.multTransA(xc, xc, gram);
            }
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(gram.numRows, true, true);
            if (!eig.decompose(gram)) {
                throw new IllegalStateException("eigendecomposition did not converge on a "
                        + gram.numRows + " x " + gram.numRows + " Gram matrix");
            }
            int m = eig.getNumberOfEigenvalues();
            double largest = 0;
            for (int i = 0; i < m; i++) {
                largest = Math.max(largest, eig.getEigenvalue(i).real);
            }
            // keep the non-null components, in decreasing order of eigenvalue
            Integer[] order = new Integer[m];
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(eig.getEigenvalue(b).real, eig.getEigenvalue(a).real));
            int rank = 0;
            while (rank < m && eig.getEigenvalue(order[rank]).real > NULL_SPACE * largest) {
                rank++;
            }
            double[] values = new double[rank];
            DMatrixRMaj vectors = new DMatrixRMaj(gram.numRows, rank);
            for (int r = 0; r < rank; r++) {
                values[r] = eig.getEigenvalue(order[r]).real;
                DMatrixRMaj v = eig.getEigenVector(order[r]);
                for (int i = 0; i < gram.numRows; i++) {
                    vectors.set(i, r, v.get(i));
                }
            }
            DMatrixRMaj other = dual ? new DMatrixRMaj(xc.numCols, rank) : new DMatrixRMaj(xc.numRows, rank);
            if (dual) {
                CommonOps_DDRM.multTransA(xc, vectors, other); // P = Xc' U = V S
                return new Decomposition(xMean, values, vectors, other);
            }
            CommonOps_DDRM.mult(xc, vectors, other); // Z = Xc V = U S
            return new Decomposition(xMean, values, other, vectors);
        }

        int rank() {
            return eigenvalues.length;
        }

        /** {@code (x - xMean) P} [concept, rank]. */
        double[][] project(double[][] x) {
            return Matrices.toArray(times(Matrices.of(centred(x, xMean)), projection));
        }
    }

    /** A decomposition paired with targets: {@code G = Z' Y} [rank, target]. */
    private record Fit(Decomposition d, double[][] g, double[] yMean, double[][] y) {
        static Fit of(Decomposition d, double[][] y) {
            return new Fit(d, transposeTimesSparse(d.scores(), y), Matrices.columnMeans(y), y);
        }

        /** Factors {@code 1 / (s^2 + lambda)}. */
        double[] factors(double lambda) {
            double[] e = d.eigenvalues();
            double[] h = new double[e.length];
            for (int r = 0; r < e.length; r++) {
                h[r] = 1 / (e[r] + lambda);
            }
            return h;
        }

        FeatureMapper.Predictor predictor(double lambda) {
            double[] h = factors(lambda);
            return x -> {
                double[][] a = d.project(x);
                double[][] out = new double[x.length][];
                for (int i = 0; i < x.length; i++) {
                    out[i] = yMean.clone();
                    for (int r = 0; r < h.length; r++) {
                        double w = a[i][r] * h[r];
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
         * {@code |Yc - A H G|^2 = |Yc|^2 - 2 sum_r h_r <(A'Yc)_r, G_r> + sum_rs h_r h_s (A'A)_rs (GG')_rs}
         * with {@code A = (x - xMean) P}, so each penalty costs {@code O(rank^2)}.
         */
        double[] testErrors(double[][] xTest, double[][] yTest, double scale) {
            int rank = d.rank();
            double[][] a = d.project(xTest);
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
                double[] h = factors(ALPHAS.get(k) * scale);
                double e = total;
                for (int r = 0; r < rank; r++) {
                    e -= 2 * h[r] * cross[r];
                    for (int t = 0; t < rank; t++) {
                        e += h[r] * h[t] * ata[r][t] * ggt[r][t];
                    }
                }
                out[k] = e;
            }
            return out;
        }

        /** {@code G G' = Z' (Y Y') Z}, with {@code Y Y'} from Y's non-zero entries. */
        private double[][] gramOfG() {
            int n = y.length;
            double[][] yy = new double[n][n];
            int[][] nonZero = new int[n][];
            for (int i = 0; i < n; i++) {
                nonZero[i] = Matrices.nonZeroColumns(y[i]);
            }
            for (int i = 0; i < n; i++) {
                for (int k = i; k < n; k++) {
                    double dot = Matrices.sparseDot(y[i], nonZero[i], y[k], nonZero[k], null);
                    yy[i][k] = dot;
                    yy[k][i] = dot;
                }
            }
            DMatrixRMaj z = d.scores();
            DMatrixRMaj m = times(Matrices.of(yy), z);
            DMatrixRMaj out = new DMatrixRMaj(z.numCols, z.numCols);
            CommonOps_DDRM.multTransA(z, m, out);
            return Matrices.toArray(out);
        }
    }

    /**
     * Decompositions of recently seen training sets, keyed by the identity of their rows, least
     * recently used first out. Thread-safe; a miss decomposes outside the lock.
     */
    private static final class DecompositionCache {
        private final int capacity;
        private final LinkedHashMap<RowsKey, Decomposition> entries;

        DecompositionCache(int capacity) {
            this.capacity = capacity;
            this.entries = new LinkedHashMap<>(16, 0.75f, true);
        }

        Decomposition decompose(double[][] x) {
            RowsKey key = new RowsKey(x);
            synchronized (entries) {
                Decomposition hit = entries.get(key);
                if (hit != null) {
                    return hit;
                }
            }
            Decomposition d = Decomposition.of(x);
            synchronized (entries) {
                entries.put(key, d);
                if (entries.size() > capacity) {
                    entries.remove(entries.keySet().iterator().next());
                }
            }
            return d;
        }
    }

    /** A list of row arrays compared by reference, not by content. */
    private static final class RowsKey {
        private final double[][] rows;
        private final int hash;

        RowsKey(double[][] rows) {
            this.rows = rows.clone();
            int h = rows.length;
            for (double[] r : rows) {
                h = 31 * h + System.identityHashCode(r);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof RowsKey other) || other.rows.length != rows.length) {
                return false;
            }
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] != other.rows[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** {@code Z' Y} [rank, target] skipping zero entries of Y. */
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
