package org.explaint.analysis.mapping;

import java.util.logging.Logger;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
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
 *
 * <p>What differs is where the arithmetic happens, not what it computes: the power method runs
 * in sample space on the Gram matrices {@code X X'} and {@code Y Y'}, deflated by projection
 * after each component, so one iteration costs {@code O(n^2)} rather than {@code O(n (p + q))}.
 * With McRae's 2526 features and a few hundred training concepts this is several times faster,
 * and the results agree with scikit-learn to rounding. scikit-learn also zeroes Y columns whose
 * residual falls below 10 eps; here such columns stay, contributing below 1e-28 to the Gram
 * matrix.
 */
public final class PlsRegression implements FeatureMapper {
    private static final Logger LOG = Logger.getLogger(PlsRegression.class.getName());
    private static final double EPS = Math.ulp(1.0);
    private static final VectorSpecies<Double> LANES = DoubleVector.SPECIES_PREFERRED;

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

        // the power method runs on the Gram matrices X X' and Y Y' [sample, sample]
        DMatrixRMaj gramX = new DMatrixRMaj(n, n);
        DMatrixRMaj gramY = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(x, x, gramX);
        gramOfStandardised(yRows, yMean, yStd, y, gramY);

        DMatrixRMaj weights = new DMatrixRMaj(p, k);   // W
        DMatrixRMaj xLoadings = new DMatrixRMaj(p, k); // P
        DMatrixRMaj yLoadings = new DMatrixRMaj(q, k); // Q
        double[][] scores = new double[k][];           // x scores t of earlier components
        int used = 0;
        for (int c = 0; c < k; c++) {
            double[] u = firstNonConstantColumn(y, scores, c);
            if (u == null) {
                LOG.fine("PLS: y residual is constant at component " + c);
                break;
            }
            double[] v = powerMethod(gramX, gramY, u, q);

            // x weights w = Xk' v, with Xk' v = X' (v projected off earlier scores)
            double[] vDeflated = v.clone();
            for (int j = 0; j < c; j++) {
                double f = Matrices.dot(scores[j], vDeflated) / Matrices.dot(scores[j], scores[j]);
                for (int i = 0; i < n; i++) {
                    vDeflated[i] -= f * scores[j][i];
                }
            }
            double[] w = multiplyTransposed(x, vDeflated, 1);

            // sign: largest |x weight| positive
            int arg = 0;
            for (int i = 1; i < p; i++) {
                arg = Math.abs(w[i]) > Math.abs(w[arg]) ? i : arg;
            }
            double sign = Math.signum(w[arg]);
            for (int i = 0; i < p; i++) {
                w[i] *= sign;
            }
            for (int i = 0; i < n; i++) {
                v[i] *= sign;
            }

            // scores t = Xk w = Kk v; loadings Xk' t / t't = X' t / t't as t is orthogonal to
            // earlier scores; then deflation of both Gram matrices by t
            double[] t = multiplySymmetric(gramX, v);
            double tt = Matrices.dot(t, t);
            double[] xLoad = multiplyTransposed(x, t, tt);
            double[] yLoad = multiplyTransposed(y, t, tt);
            deflate(gramX, t, tt);
            deflate(gramY, t, tt);
            scores[c] = t;
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

    /**
     * scikit-learn's power method for the first singular vectors of {@code Xk' Yk}, carried out
     * in sample space: the x weights are {@code Xk' v} and every product the method needs is a
     * product with the deflated Gram matrices, so an iteration costs {@code O(n^2)} instead of
     * {@code O(n (p + q))}. Returns v.
     */
    private double[] powerMethod(DMatrixRMaj gramX, DMatrixRMaj gramY, double[] yScore, int q) {
        int n = yScore.length;
        double[] u = yScore;
        double[] vOld = null;
        double wOldNorm = 0;
        double[] v = null;
        for (int it = 0; it < maxIterations; it++) {
            // x weights: X' u / u'u, normalised (v carries them in sample space)
            double uu = Matrices.dot(u, u);
            v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = u[i] / uu;
            }
            double[] kv = multiplySymmetric(gramX, v);
            double norm = Math.sqrt(Matrices.dot(v, kv)) + EPS;
            for (int i = 0; i < n; i++) {
                v[i] /= norm;
                kv[i] /= norm;
            }

            // y weights c = Y' t / t't and y score Y c / (c'c + eps), with t = X w = K v
            double tt = Matrices.dot(kv, kv);
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = kv[i] / tt;
            }
            double[] ls = multiplySymmetric(gramY, s);
            double cc = Matrices.dot(s, ls) + EPS;
            u = new double[n];
            for (int i = 0; i < n; i++) {
                u[i] = ls[i] / cc;
            }

            // convergence on the squared change of the x weights; never on the first round
            double wNorm = Matrices.dot(v, kv);
            if (vOld != null) {
                double diff = wNorm - 2 * Matrices.dot(kv, vOld) + wOldNorm;
                if (diff < tolerance) {
                    break;
                }
            }
            if (q == 1) {
                break;
            }
            vOld = v;
            wOldNorm = wNorm;
            if (it == maxIterations - 1) {
                LOG.fine("PLS: power method reached " + maxIterations + " iterations");
            }
        }
        return v;
    }

    /** The first Y column with an entry above eps once earlier scores are projected out. */
    private static double[] firstNonConstantColumn(DMatrixRMaj y, double[][] scores, int used) {
        int n = y.numRows;
        double[] col = new double[n];
        for (int j = 0; j < y.numCols; j++) {
            for (int i = 0; i < n; i++) {
                col[i] = y.data[i * y.numCols + j];
            }
            for (int c = 0; c < used; c++) {
                double f = Matrices.dot(scores[c], col) / Matrices.dot(scores[c], scores[c]);
                for (int i = 0; i < n; i++) {
                    col[i] -= f * scores[c][i];
                }
            }
            for (int i = 0; i < n; i++) {
                if (Math.abs(col[i]) > EPS) {
                    return col.clone();
                }
            }
        }
        return null;
    }

    /** {@code m v} for a symmetric square m; the power method's inner loop, in SIMD lanes. */
    private static double[] multiplySymmetric(DMatrixRMaj m, double[] v) {
        int n = v.length;
        double[] out = new double[n];
        double[] a = m.data;
        int lanes = LANES.length();
        double[] lanesOut = new double[lanes];
        int bound = LANES.loopBound(n);
        for (int i = 0; i < n; i++) {
            int row = i * n;
            DoubleVector acc0 = DoubleVector.zero(LANES);
            DoubleVector acc1 = DoubleVector.zero(LANES);
            int j = 0;
            for (; j + lanes < bound; j += 2 * lanes) {
                acc0 = DoubleVector.fromArray(LANES, a, row + j)
                        .fma(DoubleVector.fromArray(LANES, v, j), acc0);
                acc1 = DoubleVector.fromArray(LANES, a, row + j + lanes)
                        .fma(DoubleVector.fromArray(LANES, v, j + lanes), acc1);
            }
            for (; j < bound; j += lanes) {
                acc0 = DoubleVector.fromArray(LANES, a, row + j)
                        .fma(DoubleVector.fromArray(LANES, v, j), acc0);
            }
            // lanes summed in a fixed order: reduceLanes leaves the order open, and compiled and
            // interpreted code would then round differently from run to run
            acc0.add(acc1).intoArray(lanesOut, 0);
            double sum = 0;
            for (double lane : lanesOut) {
                sum += lane;
            }
            for (; j < n; j++) {
                sum += a[row + j] * v[j];
            }
            out[i] = sum;
        }
        return out;
    }

    /** {@code G <- P G P} with {@code P = I - t t' / t't}. */
    private static void deflate(DMatrixRMaj g, double[] t, double tt) {
        int n = t.length;
        double[] gt = multiplySymmetric(g, t);
        double a = Matrices.dot(t, gt) / (tt * tt);
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                g.data[row + j] += -(t[i] * gt[j] + gt[i] * t[j]) / tt + a * t[i] * t[j];
            }
        }
    }

    /**
     * {@code Y Y'} of the standardised targets. Feature norms are mostly zeros, so for a sparse
     * table it is expanded as {@code sum_j (y_ij - m_j)(y_kj - m_j) / s_j^2
     * = sum_j y_ij y_kj / s_j^2 - a_i - a_k + c} over the raw entries, with
     * {@code a_i = sum_j y_ij m_j / s_j^2} and {@code c = sum_j m_j^2 / s_j^2}; a dense table
     * takes the plain product.
     */
    private static void gramOfStandardised(double[][] rows, double[] mean, double[] std,
                                           DMatrixRMaj standardised, DMatrixRMaj gram) {
        int n = rows.length;
        int q = mean.length;
        int[][] nonZero = new int[n][];
        long entries = 0;
        for (int i = 0; i < n; i++) {
            nonZero[i] = Matrices.nonZeroColumns(rows[i]);
            entries += nonZero[i].length;
        }
        if (entries > (long) n * q / 8) {
            CommonOps_DDRM.multTransB(standardised, standardised, gram);
            return;
        }
        double[] inverseVariance = new double[q];
        double c = 0;
        for (int j = 0; j < q; j++) {
            inverseVariance[j] = 1 / (std[j] * std[j]);
            c += mean[j] * mean[j] * inverseVariance[j];
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j : nonZero[i]) {
                a[i] += rows[i][j] * mean[j] * inverseVariance[j];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int k = i; k < n; k++) {
                double dot = Matrices.sparseDot(rows[i], nonZero[i], rows[k], nonZero[k], inverseVariance);
                double value = dot - a[i] - a[k] + c;
                gram.set(i, k, value);
                gram.set(k, i, value);
            }
        }
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

    private static DMatrixRMaj columnsPrefix(DMatrixRMaj m, int cols) {
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, cols);
        CommonOps_DDRM.extract(m, 0, m.numRows, 0, cols, out, 0, 0);
        return out;
    }
}
