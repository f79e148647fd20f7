package org.explaint.analysis.tokens;

/**
 * Adam (Kingma and Ba, 2015) steps for the {@link TanhMlpMap} network, on mean squared error.
 *
 * <p>Package-private: the arrays it updates belong to the map being trained.
 */
final class AdamTrainer {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final TanhMlpMap.Settings settings;
    private final int in;
    private final int hidden;
    private final int out;
    private final float[][] params;
    private final float[][] grads;
    private final double[][] m1;
    private final double[][] m2;
    private final float[] a;
    private final float[] da;
    private final float[] dy;
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
        this.a = new float[hidden];
        this.da = new float[hidden];
        this.dy = new float[out];
    }

    /** {@code a = tanh(z W1 + b1)}. */
    static void hiddenLayer(float[] z, float[] w1, float[] b1, float[] a, int in, int hidden) {
        System.arraycopy(b1, 0, a, 0, hidden);
        for (int k = 0; k < in; k++) {
            float zk = z[k];
            int base = k * hidden;
            for (int j = 0; j < hidden; j++) {
                a[j] += zk * w1[base + j];
            }
        }
        for (int j = 0; j < hidden; j++) {
            a[j] = (float) Math.tanh(a[j]);
        }
    }

    /** One Adam step on rows {@code order[start..end)}. */
    void step(float[][] z, float[][] t, int[] order, int start, int end) {
        float[] w1 = params[0];
        float[] b1 = params[1];
        float[] w2 = params[2];
        float[] b2 = params[3];
        for (float[] g : grads) {
            java.util.Arrays.fill(g, 0f);
        }
        float scale = 2f / ((end - start) * out);

        // Forward and backward pass per row, gradients summed.
        for (int idx = start; idx < end; idx++) {
            float[] zr = z[order[idx]];
            float[] tr = t[order[idx]];
            hiddenLayer(zr, w1, b1, a, in, hidden);
            for (int o = 0; o < out; o++) {
                float y = b2[o];
                for (int j = 0; j < hidden; j++) {
                    y += a[j] * w2[j * out + o];
                }
                dy[o] = (y - tr[o]) * scale;
                grads[3][o] += dy[o];
            }
            for (int j = 0; j < hidden; j++) {
                float s = 0;
                int base = j * out;
                float aj = a[j];
                for (int o = 0; o < out; o++) {
                    s += dy[o] * w2[base + o];
                    grads[2][base + o] += aj * dy[o];
                }
                da[j] = s * (1 - aj * aj);
                grads[1][j] += da[j];
            }
            for (int k = 0; k < in; k++) {
                float zk = zr[k];
                int base = k * hidden;
                for (int j = 0; j < hidden; j++) {
                    grads[0][base + j] += zk * da[j];
                }
            }
        }

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
}
