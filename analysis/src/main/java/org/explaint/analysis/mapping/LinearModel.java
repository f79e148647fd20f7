package org.explaint.analysis.mapping;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A fitted linear map from embeddings to norms: {@code y = (x - xMean) B + yMean}.
 *
 * @param coefficients {@code [feature, target]} in raw units (for PLS, scikit-learn's
 *                     {@code coef_} transposed)
 * @param xMean        column means of the training embeddings
 * @param yMean        column means of the training targets (the intercept)
 */
public record LinearModel(DMatrixRMaj coefficients, double[] xMean, double[] yMean)
        implements FeatureMapper.Predictor {

    /** The coefficient of embedding dimension {@code feature} for target {@code target}. */
    public double coefficient(int target, int feature) {
        return coefficients.get(feature, target);
    }

    @Override
    public double[][] predict(double[][] x) {
        double[][] centred = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            centred[i] = new double[xMean.length];
            for (int j = 0; j < xMean.length; j++) {
                centred[i][j] = x[i][j] - xMean[j];
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(x.length, yMean.length);
        CommonOps_DDRM.mult(Matrices.of(centred), coefficients, out);
        double[][] y = Matrices.toArray(out);
        for (double[] row : y) {
            for (int j = 0; j < yMean.length; j++) {
                row[j] += yMean[j];
            }
        }
        return y;
    }
}
