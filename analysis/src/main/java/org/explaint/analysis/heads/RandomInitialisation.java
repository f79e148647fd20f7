package org.explaint.analysis.heads;

import java.util.SplittableRandom;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Tensor;

/**
 * Weights for a randomly initialised model of a given architecture: the control that tells how
 * much of a head score the architecture and the input alone produce, without training.
 *
 * <p>Draws as BERT's initialiser does (Devlin et al. 2019): every matrix and embedding table
 * from normal(0, 0.02); every bias 0; every norm weight 1 (and LayerNorm bias 0). BERT truncates
 * its normal at two standard deviations; this class does not. Biases are present where the
 * family has them (LayerNorm models), absent for RMSNorm/gated-MLP models. No vocabulary head is
 * made, since the control needs only attention.
 */
public final class RandomInitialisation {
    /** Standard deviation of the weights. */
    public static final double STDDEV = 0.02;

    private RandomInitialisation() {
    }

    /** A one-line statement of the initialisation, for output metadata. */
    public static String describe(long seed) {
        return "same architecture, weights drawn from normal(0, " + STDDEV + ") for matrices and "
                + "embeddings, zero biases, unit norm weights; seed " + seed;
    }

    /** Random weights of the canonical layout for {@code config}. */
    public static ModelWeights weights(ModelConfig c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        ModelWeights w = new ModelWeights();
        int h = c.hidden();
        int m = c.mlpHidden();
        boolean biases = c.norm() == ModelConfig.Norm.LAYER_NORM
                && c.activation() != ModelConfig.Activation.SILU_GATED;
        boolean normBias = c.norm() == ModelConfig.Norm.LAYER_NORM;

        // Embedding tables.
        w.put("embed.token", normal(rng, c.vocabSize(), h));
        if (c.positions() == ModelConfig.PositionEncoding.LEARNED) {
            w.put("embed.position", normal(rng, c.maxPositions(), h));
        }
        if (c.typeVocabSize() > 0) {
            w.put("embed.segment", normal(rng, c.typeVocabSize(), h));
        }
        if (c.embeddingNorm()) {
            norm(w, "embed.norm", h, normBias);
        }

        // Blocks.
        for (int l = 0; l < c.layers(); l++) {
            String b = "blocks." + l + ".";
            w.put(b + "attn.q.weight", normal(rng, h, c.queryWidth()));
            w.put(b + "attn.k.weight", normal(rng, h, c.kvWidth()));
            w.put(b + "attn.v.weight", normal(rng, h, c.kvWidth()));
            w.put(b + "attn.o.weight", normal(rng, c.queryWidth(), h));
            w.put(b + "mlp.up.weight", normal(rng, h, m));
            w.put(b + "mlp.down.weight", normal(rng, m, h));
            if (c.activation() == ModelConfig.Activation.SILU_GATED) {
                w.put(b + "mlp.gate.weight", normal(rng, h, m));
            }
            if (biases) {
                w.put(b + "attn.q.bias", Tensor.zeros(c.queryWidth()));
                w.put(b + "attn.k.bias", Tensor.zeros(c.kvWidth()));
                w.put(b + "attn.v.bias", Tensor.zeros(c.kvWidth()));
                w.put(b + "attn.o.bias", Tensor.zeros(h));
                w.put(b + "mlp.up.bias", Tensor.zeros(m));
                w.put(b + "mlp.down.bias", Tensor.zeros(h));
            }
            norm(w, b + "attn_norm", h, normBias);
            norm(w, b + "mlp_norm", h, normBias);
        }
        if (c.normPlacement() == ModelConfig.NormPlacement.PRE) {
            norm(w, "final_norm", h, normBias);
        }
        return w;
    }

    private static Tensor normal(SplittableRandom rng, int... shape) {
        float[] a = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian(0, STDDEV);
        }
        return Tensor.of(a, shape);
    }

    private static void norm(ModelWeights w, String name, int h, boolean bias) {
        float[] ones = new float[h];
        java.util.Arrays.fill(ones, 1f);
        w.put(name + ".weight", Tensor.of(ones, h));
        if (bias) {
            w.put(name + ".bias", Tensor.zeros(h));
        }
    }
}
