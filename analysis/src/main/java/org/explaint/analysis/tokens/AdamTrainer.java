package org.explaint.analysis.tokens;

import org.explaint.runtime.kernels.MatMul;

/**
 * Adam (Kingma and Ba, 2015) steps for the {@link TanhMlpMap} network, on mean squared error.
 *
 * <p>Each step works on a whole mini-batch with the runtime's matrix product. Package-private:
 * the arrays it updates belong to the map being trained.
 */
final class AdamTrainer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final TanhMlpMap.Settings settings;
    private final int in;
    private final int hidden;
    private final int out;
    private final float[][] params; // w1 [in, hidden], b1 [hidden], w2 [hidden, out], b2 [out]
    private final float[][] grads;
    private final double[][] m1;
    private final double[][] m2;
    private int steps;

    AdamTrainer(TanhMlpMap.Settings settings, int in, int hidden, int out,
                float[] w1, float[] b1, float[] w2, float[] b2) {
        this.settings = settings;
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        this.params = new float[][] {w1, b1, w2, b2};
        this.grads = new float[4][];
        this.m1 = new double[4][];
        this.m2 = new double[4][];
        for (int p = 0; p < 4; p++) {
            grads[p] = new float[params[p].length];
            m1[p] = new double[params[p].length];
            m2[p] = new double[params[p].length];
        }
    }

    /** {@code a [rows, hidden] = tanh(z W1 + b1)} for row-major {@code z [rows, in]}. */
    static float[] hiddenLayer(float[] z, int rows, float[] w1, float[] b1, int in, int hidden) {
        float[] a = new float[rows * hidden];
        MatMul.multiply(z, 0, rows, in, w1, 0, hidden, b1, 0, a, 0);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.tanh(a[i]);
        }
        return a;
    }

    /** One Adam step on rows {@code order[start..end)}. */
    void step(float[][] z, float[][] t, int[] order, int start, int end) {
        int b = end - start;
        float[] w1 = params[0];
        float[] b1 = params[1];
        float[] w2 = params[2];
        float[] b2 = params[3];

        // Forward pass on the mini-batch.
        float[] zb = new float[b * in];
        for (int r = 0; r < b; r++) {
            System.arraycopy(z[order[start + r]], 0, zb, r * in, in);
        }
        float[] a = hiddenLayer(zb, b, w1, b1, in, hidden);
        float[] y = new float[b * out];
        MatMul.multiply(a, 0, b, hidden, w2, 0, out, b2, 0, y, 0);

        // Output error of the mean squared loss, and the output layer's gradients.
        float scale = 2f / (b * out);
        float[] gb2 = grads[3];
        java.util.Arrays.fill(gb2, 0f);
        for (int r = 0; r < b; r++) {
            float[] tr = t[order[start + r]];
            for (int o = 0; o < out; o++) {
                float d = (y[r * out + o] - tr[o]) * scale;
                y[r * out + o] = d;
                gb2[o] += d;
            }
        }
        MatMul.multiply(transpose(a, b, hidden), 0, hidden, b, y, 0, out, null, 0, grads[2], 0);

        // Back through W2 and tanh, then the hidden layer's gradients.
        float[] dh = new float[b * hidden];
        MatMul.multiply(y, 0, b, out, transpose(w2, hidden, out), 0, hidden, null, 0, dh, 0);
        float[] gb1 = grads[1];
        java.util.Arrays.fill(gb1, 0f);
        for (int i = 0; i < dh.length; i++) {
            dh[i] *= 1 - a[i] * a[i];
            gb1[i % hidden] += dh[i];
        }
        MatMul.multiply(transpose(zb, b, in), 0, in, b, dh, 0, hidden, null, 0, grads[0], 0);

        // Adam update with bias correction.
        steps++;
        double c1 = 1 - Math.pow(BETA1, steps);
        double c2 = 1 - Math.pow(BETA2, steps);
        double lr = settings.learningRate();
        for (int p = 0; p < 4; p++) {
            float[] w = params[p];
            float[] g = grads[p];
            double[] v1 = m1[p];
            double[] v2 = m2[p];
            for (int i = 0; i < w.length; i++) {
                v1[i] = BETA1 * v1[i] + (1 - BETA1) * g[i];
                v2[i] = BETA2 * v2[i] + (1 - BETA2) * g[i] * g[i];
                w[i] -= (float) (lr * (v1[i] / c1) / (Math.sqrt(v2[i] / c2) + EPS));
            }
        }
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }
}
