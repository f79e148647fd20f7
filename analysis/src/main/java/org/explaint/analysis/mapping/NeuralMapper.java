package org.explaint.analysis.mapping;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A one-hidden-layer network from embeddings to norms: tanh hidden units with (inverted)
 * dropout, a linear output, mean squared error, trained with Adam (Kingma and Ba 2015).
 *
 * <p>Inputs and targets are standardised with the training concepts' means and standard
 * deviations (a zero deviation counts as 1) and predictions are returned in raw units.
 * Weights start from a Glorot-scaled Gaussian; mini-batches are drawn by a seeded shuffle each
 * epoch, so a seed gives the same network. There is no early stopping: the epoch count is a
 * fixed setting, which keeps the controls on equal footing with the real run.
 *
 * @param hidden    hidden units
 * @param dropout   probability of dropping a hidden unit during training
 * @param epochs    passes over the training concepts
 * @param batchSize concepts per update
 * @param rate      Adam learning rate
 * @param seed      seed for initialisation, batches and dropout
 */
public record NeuralMapper(int hidden, double dropout, int epochs, int batchSize, double rate,
                           long seed) implements FeatureMapper {

    /** The defaults used by the command line: 256 units, dropout 0.2, 60 epochs, batch 32, rate 1e-3. */
    public static NeuralMapper standard(long seed) {
        return new NeuralMapper(256, 0.2, 60, 32, 1e-3, seed);
    }

    @Override
    public String describe() {
        return "mlp(hidden=" + hidden + " tanh, dropout=" + dropout + ", adam lr=" + rate
                + ", epochs=" + epochs + ", batch=" + batchSize + ", mse)";
    }

    @Override
    public Predictor fit(double[][] xRows, double[][] yRows) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] xMean = Matrices.columnMeans(xRows);
        double[] xStd = nonZero(Matrices.columnStd(xRows, xMean));
        double[] yMean = Matrices.columnMeans(yRows);
        double[] yStd = nonZero(Matrices.columnStd(yRows, yMean));
        DMatrixRMaj x = standardised(xRows, xMean, xStd);
        DMatrixRMaj y = standardised(yRows, yMean, yStd);
        int n = x.numRows;
        int d = x.numCols;
        int q = y.numCols;

        // parameters and their Adam moments: w1 [d, hidden], w2 [hidden, q]
        DMatrixRMaj[] params = {glorot(d, hidden, rng), new DMatrixRMaj(1, hidden),
            glorot(hidden, q, rng), new DMatrixRMaj(1, q)};
        DMatrixRMaj[] first = new DMatrixRMaj[4];
        DMatrixRMaj[] second = new DMatrixRMaj[4];
        for (int i = 0; i < 4; i++) {
            first[i] = new DMatrixRMaj(params[i].numRows, params[i].numCols);
            second[i] = new DMatrixRMaj(params[i].numRows, params[i].numCols);
        }
        int step = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = Control.permutation(n, rng);
            for (int start = 0; start < n; start += batchSize) {
                int b = Math.min(batchSize, n - start);
                DMatrixRMaj xb = new DMatrixRMaj(b, d);
                DMatrixRMaj yb = new DMatrixRMaj(b, q);
                for (int i = 0; i < b; i++) {
                    System.arraycopy(x.data, order[start + i] * d, xb.data, i * d, d);
                    System.arraycopy(y.data, order[start + i] * q, yb.data, i * q, q);
                }
                DMatrixRMaj[] grads = gradients(params, xb, yb, rng);
                step++;
                adam(params, grads, first, second, step);
            }
        }
        return query -> {
            DMatrixRMaj out = forward(params, standardised(query, xMean, xStd), null);
            double[][] pred = Matrices.toArray(out);
            for (double[] row : pred) {
                for (int j = 0; j < q; j++) {
                    row[j] = row[j] * yStd[j] + yMean[j];
                }
            }
            return pred;
        };
    }

    /** The output for inputs; {@code hiddenOut}, when given, receives [h, mask] for backprop. */
    private DMatrixRMaj forward(DMatrixRMaj[] p, DMatrixRMaj x, DMatrixRMaj[] hiddenOut) {
        DMatrixRMaj h = new DMatrixRMaj(x.numRows, hidden);
        CommonOps_DDRM.mult(x, p[0], h);
        for (int i = 0; i < h.numRows; i++) {
            for (int j = 0; j < hidden; j++) {
                h.data[i * hidden + j] = Math.tanh(h.data[i * hidden + j] + p[1].data[j]);
            }
        }
        DMatrixRMaj dropped = h;
        if (hiddenOut != null) {
            hiddenOut[0] = h;
            dropped = h.copy();
            DMatrixRMaj mask = hiddenOut[1];
            for (int k = 0; k < dropped.getNumElements(); k++) {
                dropped.data[k] *= mask.data[k];
            }
            hiddenOut[2] = dropped;
        }
        DMatrixRMaj out = new DMatrixRMaj(x.numRows, p[2].numCols);
        CommonOps_DDRM.mult(dropped, p[2], out);
        for (int i = 0; i < out.numRows; i++) {
            for (int j = 0; j < out.numCols; j++) {
                out.data[i * out.numCols + j] += p[3].data[j];
            }
        }
        return out;
    }

    private DMatrixRMaj[] gradients(DMatrixRMaj[] p, DMatrixRMaj x, DMatrixRMaj y,
                                    SplittableRandom rng) {
        // dropout mask, scaled so the expected activation is unchanged
        DMatrixRMaj mask = new DMatrixRMaj(x.numRows, hidden);
        for (int k = 0; k < mask.getNumElements(); k++) {
            mask.data[k] = rng.nextDouble() < dropout ? 0 : 1 / (1 - dropout);
        }
        DMatrixRMaj[] cache = {null, mask, null};
        DMatrixRMaj out = forward(p, x, cache);

        // d loss / d out for the mean over all cells
        int q = y.numCols;
        double scale = 2.0 / (x.numRows * (double) q);
        DMatrixRMaj dOut = new DMatrixRMaj(out.numRows, q);
        for (int k = 0; k < out.getNumElements(); k++) {
            dOut.data[k] = scale * (out.data[k] - y.data[k]);
        }
        DMatrixRMaj dW2 = new DMatrixRMaj(hidden, q);
        CommonOps_DDRM.multTransA(cache[2], dOut, dW2);
        DMatrixRMaj db2 = columnSums(dOut);

        // back through dropout and tanh
        DMatrixRMaj dH = new DMatrixRMaj(x.numRows, hidden);
        CommonOps_DDRM.multTransB(dOut, p[2], dH);
        for (int k = 0; k < dH.getNumElements(); k++) {
            double h = cache[0].data[k];
            dH.data[k] *= mask.data[k] * (1 - h * h);
        }
        DMatrixRMaj dW1 = new DMatrixRMaj(x.numCols, hidden);
        CommonOps_DDRM.multTransA(x, dH, dW1);
        return new DMatrixRMaj[] {dW1, columnSums(dH), dW2, db2};
    }

    private void adam(DMatrixRMaj[] p, DMatrixRMaj[] g, DMatrixRMaj[] m, DMatrixRMaj[] v, int t) {
        double b1 = 0.9;
        double b2 = 0.999;
        double c1 = 1 - Math.pow(b1, t);
        double c2 = 1 - Math.pow(b2, t);
        for (int i = 0; i < p.length; i++) {
            for (int k = 0; k < p[i].getNumElements(); k++) {
                double gk = g[i].data[k];
                m[i].data[k] = b1 * m[i].data[k] + (1 - b1) * gk;
                v[i].data[k] = b2 * v[i].data[k] + (1 - b2) * gk * gk;
                p[i].data[k] -= rate * (m[i].data[k] / c1) / (Math.sqrt(v[i].data[k] / c2) + 1e-8);
            }
        }
    }

    private static DMatrixRMaj columnSums(DMatrixRMaj m) {
        DMatrixRMaj out = new DMatrixRMaj(1, m.numCols);
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                out.data[j] += m.data[i * m.numCols + j];
            }
        }
        return out;
    }

    private static DMatrixRMaj glorot(int in, int out, SplittableRandom rng) {
        DMatrixRMaj w = new DMatrixRMaj(in, out);
        double sd = Math.sqrt(2.0 / (in + out));
        for (int k = 0; k < w.getNumElements(); k++) {
            w.data[k] = sd * Control.gaussian(rng);
        }
        return w;
    }

    private static double[] nonZero(double[] std) {
        for (int j = 0; j < std.length; j++) {
            std[j] = std[j] == 0 || Double.isNaN(std[j]) ? 1 : std[j];
        }
        return std;
    }

    private static DMatrixRMaj standardised(double[][] rows, double[] mean, double[] std) {
        DMatrixRMaj m = new DMatrixRMaj(rows.length, mean.length);
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                m.data[i * mean.length + j] = (rows[i][j] - mean[j]) / std[j];
            }
        }
        return m;
    }
}
