package org.explaint.analysis.tokens;

import java.util.SplittableRandom;
import org.explaint.runtime.kernels.MatMul;

/**
 * A one-hidden-layer MLP {@code y = tanh(z W1 + b1) W2 + b2} on standardised inputs {@code z},
 * trained with Adam on mean squared error for a fixed number of epochs.
 *
 * <p>Inputs are standardised per feature and targets centred and divided by one overall scale,
 * both from the training rows. Mini-batch order and initial weights come from the seed, so a fit
 * reproduces exactly. No early stopping and no validation split: the bounded epoch count is the
 * only regulariser, and the map is judged on held-out sentences by its caller.
 *
 * <p>Serializable (bit for bit), so a distributed run can fit it once and send it to its workers.
 *
 * @see Settings
 */
public final class TanhMlpMap implements StateMap, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * Training settings.
     *
     * @param hidden       hidden units
     * @param epochs       passes over the training rows
     * @param batch        rows per Adam step
     * @param learningRate Adam step size
     * @param seed         seed for initial weights and batch order
     */
    public record Settings(int hidden, int epochs, int batch, double learningRate, long seed) {
        /** Checks that every setting is positive. */
        public Settings {
            if (hidden < 1 || epochs < 1 || batch < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("MLP settings must be positive: hidden " + hidden
                        + ", epochs " + epochs + ", batch " + batch + ", learning rate " + learningRate);
            }
        }
    }

    private final double[] inMean;
    private final double[] inScale;
    private final double[] outMean;
    private final double outScale;
    private final float[] w1; // [in, hidden]
    private final float[] b1; // [hidden]
    private final float[] w2; // [hidden, out]
    private final float[] b2; // [out]
    private final int hidden;

    private TanhMlpMap(double[] inMean, double[] inScale, double[] outMean, double outScale,
                       float[] w1, float[] b1, float[] w2, float[] b2, int hidden) {
        this.inMean = inMean;
        this.inScale = inScale;
        this.outMean = outMean;
        this.outScale = outScale;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
        this.hidden = hidden;
    }

    /**
     * Trains the map.
     *
     * @param inputs   {@code [row, in]} training states
     * @param targets  {@code [row, out]} training reference rows
     * @param settings training settings
     */
    public static TanhMlpMap fit(float[][] inputs, float[][] targets, Settings settings) {
        int m = inputs.length;
        int in = inputs[0].length;
        int out = targets[0].length;
        int h = settings.hidden();

        // Standardise inputs per feature, targets by one scale.
        double[] inMean = RidgeMap.columnMeans(inputs);
        double[] inScale = new double[in];
        for (float[] row : inputs) {
            for (int k = 0; k < in; k++) {
                double d = row[k] - inMean[k];
                inScale[k] += d * d;
            }
        }
        for (int k = 0; k < in; k++) {
            inScale[k] = Math.sqrt(inScale[k] / m);
            inScale[k] = inScale[k] > 1e-12 ? inScale[k] : 1.0;
        }
        double[] outMean = RidgeMap.columnMeans(targets);
        double outVar = 0;
        for (float[] row : targets) {
            for (int o = 0; o < out; o++) {
                double d = row[o] - outMean[o];
                outVar += d * d;
            }
        }
        double outScale = Math.sqrt(outVar / ((double) m * out));
        outScale = outScale > 1e-12 ? outScale : 1.0;
        float[][] z = new float[m][in];
        float[][] t = new float[m][out];
        for (int r = 0; r < m; r++) {
            for (int k = 0; k < in; k++) {
                z[r][k] = (float) ((inputs[r][k] - inMean[k]) / inScale[k]);
            }
            for (int o = 0; o < out; o++) {
                t[r][o] = (float) ((targets[r][o] - outMean[o]) / outScale);
            }
        }

        // Glorot-uniform initial weights from the seed.
        SplittableRandom rng = new SplittableRandom(settings.seed());
        float[] w1 = glorot(rng, in, h);
        float[] w2 = glorot(rng, h, out);
        float[] b1 = new float[h];
        float[] b2 = new float[out];
        AdamTrainer adam = new AdamTrainer(settings, in, h, out, w1, b1, w2, b2);

        // Epochs over a seeded permutation of the rows.
        int[] order = new int[m];
        for (int r = 0; r < m; r++) {
            order[r] = r;
        }
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            for (int r = m - 1; r > 0; r--) {
                int s = rng.nextInt(r + 1);
                int tmp = order[r];
                order[r] = order[s];
                order[s] = tmp;
            }
            for (int start = 0; start < m; start += settings.batch()) {
                int end = Math.min(m, start + settings.batch());
                adam.step(z, t, order, start, end);
            }
        }
        return new TanhMlpMap(inMean, inScale, outMean, outScale, w1, b1, w2, b2, h);
    }

    @Override
    public float[][] apply(float[][] states) {
        int in = inMean.length;
        int out = outMean.length;
        int rows = states.length;

        // Standardise, run both layers as matrix products, undo the target scaling.
        float[] z = new float[rows * in];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < in; k++) {
                z[r * in + k] = (float) ((states[r][k] - inMean[k]) / inScale[k]);
            }
        }
        float[] a = AdamTrainer.hiddenLayer(z, rows, w1, b1, in, hidden);
        float[] y = new float[rows * out];
        MatMul.multiply(a, 0, rows, hidden, w2, 0, out, b2, 0, y, 0);
        float[][] mapped = new float[rows][out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                mapped[r][o] = (float) (y[r * out + o] * outScale + outMean[o]);
            }
        }
        return mapped;
    }

    private static float[] glorot(SplittableRandom rng, int fanIn, int fanOut) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] w = new float[fanIn * fanOut];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((rng.nextDouble() * 2 - 1) * limit);
        }
        return w;
    }
}
