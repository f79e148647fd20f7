package org.explaint.analysis.tokens;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.explaint.runtime.kernels.MatMul;

/**
 * A linear map with bias fitted by ridge least squares: {@code y = (x - mean_x) W + mean_y},
 * {@code W = (Xc' Xc + lambda I)^-1 Xc' Yc} on centred training rows.
 *
 * <p>{@code lambda} is {@code ridge} times the mean diagonal of {@code Xc' Xc}, so one setting
 * suits states of any scale. The bias is not penalised.
 *
 * <p>Serializable, so a distributed run can fit the maps once and send them to its workers;
 * Java serialisation keeps every float and double bit for bit.
 */
public final class RidgeMap implements StateMap, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] inputMean;
    private final double[] outputMean;
    private final DMatrixRMaj weight; // [in, out]
    private final float[] weightFloat; // [in, out], for applying
    private final float[] outputMeanFloat; // [out]

    private RidgeMap(double[] inputMean, double[] outputMean, DMatrixRMaj weight) {
        this.inputMean = inputMean;
        this.outputMean = outputMean;
        this.weight = weight;
        this.weightFloat = new float[weight.data.length];
        for (int i = 0; i < weightFloat.length; i++) {
            weightFloat[i] = (float) weight.data[i];
        }
        this.outputMeanFloat = new float[outputMean.length];
        for (int o = 0; o < outputMean.length; o++) {
            outputMeanFloat[o] = (float) outputMean[o];
        }
    }

    /**
     * Fits the map.
     *
     * @param inputs  {@code [row, in]} training states
     * @param targets {@code [row, out]} training reference rows
     * @param ridge   relative ridge strength (e.g. 1e-3); must be positive
     */
    public static RidgeMap fit(float[][] inputs, float[][] targets, double ridge) {
        if (inputs.length != targets.length || inputs.length == 0) {
            throw new IllegalArgumentException("ridge fit needs equal, non-zero row counts; got "
                    + inputs.length + " inputs and " + targets.length + " targets");
        }
        if (!(ridge > 0)) {
            throw new IllegalArgumentException("ridge strength must be positive, got " + ridge);
        }
        int m = inputs.length;
        int in = inputs[0].length;
        int out = targets[0].length;

        // Centre inputs and targets.
        double[] xMean = columnMeans(inputs);
        double[] yMean = columnMeans(targets);
        DMatrixRMaj x = centred(inputs, xMean);
        DMatrixRMaj y = centred(targets, yMean);

        // Normal equations with the ridge on the diagonal.
        DMatrixRMaj gram = new DMatrixRMaj(in, in);
        CommonOps_DDRM.multTransA(x, x, gram);
        double meanDiagonal = CommonOps_DDRM.trace(gram) / in;
        double lambda = ridge * (meanDiagonal > 0 ? meanDiagonal : 1.0);
        for (int k = 0; k < in; k++) {
            gram.add(k, k, lambda);
        }
        DMatrixRMaj cross = new DMatrixRMaj(in, out);
        CommonOps_DDRM.multTransA(x, y, cross);

        // Solve with Cholesky (the regularised Gram matrix is positive definite).
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(in);
        if (!solver.setA(gram)) {
            throw new IllegalStateException("ridge normal equations are not positive definite "
                    + "(lambda " + lambda + "); raise the ridge strength");
        }
        DMatrixRMaj w = new DMatrixRMaj(in, out);
        solver.solve(cross, w);
        return new RidgeMap(xMean, yMean, w);
    }

    /** The fitted weight at {@code [in, out]}. */
    public double weight(int row, int column) {
        return weight.get(row, column);
    }

    /** The fitted output for a zero-centred input, i.e. the effective bias {@code mean_y - mean_x W}. */
    public double[] bias() {
        int out = outputMean.length;
        double[] b = outputMean.clone();
        for (int k = 0; k < inputMean.length; k++) {
            for (int o = 0; o < out; o++) {
                b[o] -= inputMean[k] * weight.get(k, o);
            }
        }
        return b;
    }

    @Override
    public float[][] apply(float[][] states) {
        int in = inputMean.length;
        int out = outputMean.length;
        int rows = states.length;

        // Centre the rows, then one matrix product with the float copy of W.
        float[] x = new float[rows * in];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < in; k++) {
                x[r * in + k] = (float) (states[r][k] - inputMean[k]);
            }
        }
        float[] y = new float[rows * out];
        MatMul.multiply(x, 0, rows, in, weightFloat, 0, out, outputMeanFloat, 0, y, 0);
        float[][] mapped = new float[rows][out];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(y, r * out, mapped[r], 0, out);
        }
        return mapped;
    }

    static double[] columnMeans(float[][] rows) {
        double[] mean = new double[rows[0].length];
        for (float[] row : rows) {
            for (int k = 0; k < mean.length; k++) {
                mean[k] += row[k];
            }
        }
        for (int k = 0; k < mean.length; k++) {
            mean[k] /= rows.length;
        }
        return mean;
    }

    private static DMatrixRMaj centred(float[][] rows, double[] mean) {
        DMatrixRMaj m = new DMatrixRMaj(rows.length, mean.length);
        for (int r = 0; r < rows.length; r++) {
            for (int k = 0; k < mean.length; k++) {
                m.unsafe_set(r, k, rows[r][k] - mean[k]);
            }
        }
        return m;
    }
}
