package org.explaint.analysis.mapping;

import java.util.logging.Logger;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Partial least squares regression (PLS2, Wold's NIPALS as described by Wegelin 2000), written
 * to give the same numbers as scikit-learn's {@code PLSRegression(scale=True)}.
 *
 * <p>Both sides are centred and divided by their column standard deviation (ddof = 1; a zero
 * deviation counts as 1). Each component takes the first singular vectors of {@code X'Y} by the
 * power method (at most {@code maxIterations} rounds, stopping when the squared change of the x
 * weights falls below {@code tolerance}, starting from the first non-constant Y column), fixes
 * their sign so the largest x weight is positive, and deflates X and Y by the x scores
 * (regression mode). Coefficients are {@code W (P'W)^+ Q'} rescaled to the raw units, exactly as
 * scikit-learn 1.x computes {@code coef_}. Feature-norm studies (e.g. Chronis et al. 2023) use
 * this model; the pseudo-inverse and products come from EJML.
 */
public final class PlsRegression implements FeatureMapper {
    private static final Logger LOG = Logger.getLogger(PlsRegression.class.getName());
    private static final double EPS = Math.ulp(1.0);

    private final int components;
    private final int maxIterations;
    private final double tolerance;

    /** PLS with scikit-learn's defaults for the iteration: 500 rounds, tolerance 1e-6. */
    public PlsRegression(int components) {
        this(components, 500, 1e-6);
    }

    /** PLS with explicit iteration settings. */
    public PlsRegression(int components, int maxIterations, double tolerance) {
        if (components < 1) {
            throw new IllegalArgumentException("PLS needs at least one component, got " + components);
        }
        this.components = components;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    @Override
    public String describe() {
        return "plsr(components=" + components + ", scale=true)";
    }

    @Override
    public LinearModel fit(double[][] xRows, double[][] yRows) {
        int n = xRows.length;
        int p = xRows[0].length;
        int q = yRows[0].length;
        int k = Math.min(components, Math.min(n, p));
        if (k < components) {
            LOG.fine("PLS: " + components + " components asked, rank bound " + k + " used");
        }

        // centre and scale both sides
        double[] xMean = Matrices.columnMeans(xRows);
        double[] yMean = Matrices.columnMeans(yRows);
        double[] xStd = Matrices.columnStd(xRows, xMean);
        double[] yStd = Matrices.columnStd(yRows, yMean);
        DMatrixRMaj x = standardised(xRows, xMean, xStd);
        DMatrixRMaj y = standardised(yRows, yMean, yStd);

        DMatrixRMaj weights = new DMatrixRMaj(p, k);   // W
        DMatrixRMaj xLoadings = new DMatrixRMaj(p, k); // P
        DMatrixRMaj yLoadings = new DMatrixRMaj(q, k); // Q
        int used = 0;
        for (int c = 0; c < k; c++) {
            zeroNearConstantColumns(y);
            double[][] wv = firstSingularVectors(x, y);
            if (wv == null) {
                LOG.fine("PLS: y residual is constant at component " + c);
                break;
            }
            double[] w = wv[0];

            // sign: largest |x weight| positive
            int arg = 0;
            for (int i = 1; i < p; i++) {
                arg = Math.abs(w[i]) > Math.abs(w[arg]) ? i : arg;
            }
            double sign = Math.signum(w[arg]);
            for (int i = 0; i < p; i++) {
                w[i] *= sign;
            }

            // scores, loadings, deflation of X and Y by the x scores
            double[] t = multiply(x, w);
            double tt = Matrices.dot(t, t);
            double[] xLoad = multiplyTransposed(x, t, tt);
            double[] yLoad = multiplyTransposed(y, t, tt);
            subtractOuter(x, t, xLoad);
            subtractOuter(y, t, yLoad);
            for (int i = 0; i < p; i++) {
                weights.set(i, c, w[i]);
                xLoadings.set(i, c, xLoad[i]);
            }
            for (int j = 0; j < q; j++) {
                yLoadings.set(j, c, yLoad[j]);
            }
            used++;
        }
        if (used < k) {
            xLoadings = columnsPrefix(xLoadings, used);
            yLoadings = columnsPrefix(yLoadings, used);
            weights = columnsPrefix(weights, used);
        }

        // rotations W (P'W)^+ and coefficients in raw units, [feature, target]
        DMatrixRMaj ptw = new DMatrixRMaj(used, used);
        CommonOps_DDRM.multTransA(xLoadings, weights, ptw);
        DMatrixRMaj pinv = new DMatrixRMaj(used, used);
        CommonOps_DDRM.pinv(ptw, pinv);
        DMatrixRMaj rotations = new DMatrixRMaj(p, used);
        CommonOps_DDRM.mult(weights, pinv, rotations);
        DMatrixRMaj coef = new DMatrixRMaj(p, q);
        CommonOps_DDRM.multTransB(rotations, yLoadings, coef);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < q; j++) {
                coef.set(i, j, coef.get(i, j) * yStd[j] / xStd[i]);
            }
        }
        return new LinearModel(coef, xMean, yMean);
    }

    /** The power method of scikit-learn's NIPALS step; {@code null} when Y is all constant. */
    private double[][] firstSingularVectors(DMatrixRMaj x, DMatrixRMaj y) {
        int n = x.numRows;
        int q = y.numCols;
        double[] yScore = null;
        for (int j = 0; j < q && yScore == null; j++) {
            for (int i = 0; i < n; i++) {
                if (Math.abs(y.get(i, j)) > EPS) {
                    yScore = new double[n];
                    for (int r = 0; r < n; r++) {
                        yScore[r] = y.get(r, j);
                    }
                    break;
                }
            }
        }
        if (yScore == null) {
            return null;
        }
        double[] wOld = null;
        double[] w = null;
        double[] c = null;
        for (int it = 0; it < maxIterations; it++) {
            w = multiplyTransposed(x, yScore, Matrices.dot(yScore, yScore));
            double norm = Math.sqrt(Matrices.dot(w, w)) + EPS;
            for (int i = 0; i < w.length; i++) {
                w[i] /= norm;
            }
            double[] xScore = multiply(x, w);
            c = multiplyTransposed(y, xScore, Matrices.dot(xScore, xScore));
            yScore = multiply(y, c);
            double cc = Matrices.dot(c, c) + EPS;
            for (int i = 0; i < n; i++) {
                yScore[i] /= cc;
            }
            double diff = 0;
            for (int i = 0; i < w.length; i++) {
                double d = w[i] - (wOld == null ? 100 : wOld[i]);
                diff += d * d;
            }
            if (diff < tolerance || q == 1) {
                break;
            }
            wOld = w;
            if (it == maxIterations - 1) {
                LOG.fine("PLS: power method reached " + maxIterations + " iterations");
            }
        }
        return new double[][] {w, c};
    }

    private static DMatrixRMaj standardised(double[][] rows, double[] mean, double[] std) {
        DMatrixRMaj m = new DMatrixRMaj(rows.length, mean.length);
        for (int j = 0; j < std.length; j++) {
            std[j] = std[j] == 0 ? 1 : std[j];
        }
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                m.data[i * mean.length + j] = (rows[i][j] - mean[j]) / std[j];
            }
        }
        return m;
    }

    private static void zeroNearConstantColumns(DMatrixRMaj y) {
        for (int j = 0; j < y.numCols; j++) {
            boolean small = true;
            for (int i = 0; i < y.numRows && small; i++) {
                small = Math.abs(y.get(i, j)) < 10 * EPS;
            }
            if (small) {
                for (int i = 0; i < y.numRows; i++) {
                    y.set(i, j, 0);
                }
            }
        }
    }

    /** {@code m v}. */
    private static double[] multiply(DMatrixRMaj m, double[] v) {
        double[] out = new double[m.numRows];
        for (int i = 0; i < m.numRows; i++) {
            double s = 0;
            int row = i * m.numCols;
            for (int j = 0; j < m.numCols; j++) {
                s += m.data[row + j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    /** {@code m' v / divisor}. */
    private static double[] multiplyTransposed(DMatrixRMaj m, double[] v, double divisor) {
        double[] out = new double[m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            double vi = v[i];
            int row = i * m.numCols;
            for (int j = 0; j < m.numCols; j++) {
                out[j] += m.data[row + j] * vi;
            }
        }
        for (int j = 0; j < out.length; j++) {
            out[j] /= divisor;
        }
        return out;
    }

    /** {@code m -= a b'}. */
    private static void subtractOuter(DMatrixRMaj m, double[] a, double[] b) {
        for (int i = 0; i < m.numRows; i++) {
            int row = i * m.numCols;
            for (int j = 0; j < m.numCols; j++) {
                m.data[row + j] -= a[i] * b[j];
            }
        }
    }

    private static DMatrixRMaj columnsPrefix(DMatrixRMaj m, int cols) {
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, cols);
        CommonOps_DDRM.extract(m, 0, m.numRows, 0, cols, out, 0, 0);
        return out;
    }
}
