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
 * every penalty on the grid costs one SVD per fold. The grid is relative to the data:
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

        // inner cross-validation over the grid
        int[] fold = CrossValidation.assignFolds(x.length, innerFolds, new SplittableRandom(seed));
        double[] error = new double[ALPHAS.size()];
        for (int k = 0; k < innerFolds; k++) {
            int[] train = CrossValidation.indices(fold, k, false);
            int[] test = CrossValidation.indices(fold, k, true);
            Svd svd = Svd.of(select(x, train), select(y, train));
            double[][] xTest = select(x, test);
            double[][] yTest = select(y, test);
            for (int a = 0; a < ALPHAS.size(); a++) {
                double[][] pred = svd.solve(ALPHAS.get(a) * meanSquaredSingular).predict(xTest);
                for (int i = 0; i < pred.length; i++) {
                    for (int j = 0; j < pred[i].length; j++) {
                        double d = pred[i][j] - yTest[i][j];
                        error[a] += d * d;
                    }
                }
            }
        }
        int best = 0;
        for (int a = 1; a < error.length; a++) {
            best = error[a] < error[best] ? a : best;
        }
        return Svd.of(x, y).solve(ALPHAS.get(best) * meanSquaredSingular);
    }

    /** The thin SVD of centred embeddings with the centred targets projected on U. */
    private record Svd(DMatrixRMaj v, double[] s, DMatrixRMaj uty, double[] xMean, double[] yMean) {
        static Svd of(double[][] x, double[][] y) {
            double[] xMean = Matrices.columnMeans(x);
            double[] yMean = Matrices.columnMeans(y);
            DMatrixRMaj xc = Matrices.of(centred(x, xMean));
            SingularValueDecomposition_F64<DMatrixRMaj> svd =
                    DecompositionFactory_DDRM.svd(xc.numRows, xc.numCols, true, true, true);
            if (!svd.decompose(xc)) {
                throw new IllegalStateException("SVD did not converge on " + xc.numRows + " x " + xc.numCols);
            }
            DMatrixRMaj u = svd.getU(null, false);
            DMatrixRMaj v = svd.getV(null, false);
            double[] s = Arrays.copyOf(svd.getSingularValues(), svd.numberOfSingularValues());
            DMatrixRMaj uty = new DMatrixRMaj(u.numCols, y[0].length);
            CommonOps_DDRM.multTransA(u, Matrices.of(centred(y, yMean)), uty);
            return new Svd(v, s, uty, xMean, yMean);
        }

        LinearModel solve(double lambda) {
            DMatrixRMaj scaled = uty.copy();
            for (int r = 0; r < s.length; r++) {
                double factor = s[r] / (s[r] * s[r] + lambda);
                for (int j = 0; j < scaled.numCols; j++) {
                    scaled.set(r, j, scaled.get(r, j) * factor);
                }
            }
            DMatrixRMaj b = new DMatrixRMaj(v.numRows, scaled.numCols);
            CommonOps_DDRM.mult(v, scaled, b);
            return new LinearModel(b, xMean, yMean);
        }
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
