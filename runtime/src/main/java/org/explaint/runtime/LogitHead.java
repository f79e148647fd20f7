package org.explaint.runtime;

import org.explaint.runtime.kernels.MatMul;
import org.explaint.runtime.kernels.ParallelRanges;
import org.explaint.runtime.kernels.VectorMath;

/**
 * The map from final states to vocabulary logits: an optional masked-LM transform (dense,
 * activation, LayerNorm, as in BERT's pre-training head) followed by the unembedding.
 */
final class LogitHead {
    private final ModelConfig config;
    private final float[] unembed;         // [vocab, hidden]
    private final float[] unembedBias;     // [vocab] or null
    private final float[] dense;           // [hidden, hidden] or null
    private final float[] denseBias;       // [hidden] or null
    private final float[] normWeight;      // [hidden] or null
    private final float[] normBias;        // [hidden] or null

    private LogitHead(ModelConfig config, float[] unembed, float[] unembedBias, float[] dense,
                      float[] denseBias, float[] normWeight, float[] normBias) {
        this.config = config;
        this.unembed = unembed;
        this.unembedBias = unembedBias;
        this.dense = dense;
        this.denseBias = denseBias;
        this.normWeight = normWeight;
        this.normBias = normBias;
    }

    // The head described by the weights, or null when the model has none (`unembed.weight` absent).
    static LogitHead from(ModelConfig c, ModelWeights w, float[] tokenEmbedding) {
        int h = c.hidden();
        Tensor u = w.optional("unembed.weight", c.vocabSize(), h);
        if (u == null) {
            return null;
        }
        Tensor bias = w.optional("unembed.bias", c.vocabSize());
        Tensor dense = w.optional("mlm.dense.weight", h, h);
        return new LogitHead(c, u.toArrayShared(), bias == null ? null : bias.toArrayShared(),
                dense == null ? null : dense.toArrayShared(),
                dense == null ? null : w.require("mlm.dense.bias", h).toArrayShared(),
                dense == null ? null : w.require("mlm.norm.weight", h).toArrayShared(),
                dense == null ? null : w.require("mlm.norm.bias", h).toArrayShared());
    }

    // Logits [rows, vocab] for final states [rows, hidden]; `states` is left unchanged.
    float[] apply(float[] states, int rows) {
        int h = config.hidden();
        float[] in = states;
        if (dense != null) {
            in = new float[rows * h];
            MatMul.multiply(states, 0, rows, h, dense, 0, h, denseBias, 0, in, 0);
            for (int r = 0; r < rows; r++) {
                if (config.activation() == ModelConfig.Activation.GELU_TANH) {
                    VectorMath.geluTanh(in, r * h, h);
                } else {
                    VectorMath.geluErf(in, r * h, h);
                }
            }
            VectorMath.layerNorm(in, 0, rows, h, normWeight, normBias, config.normEpsilon(), in, 0);
        }
        int vocab = config.vocabSize();
        float[] logits = new float[rows * vocab];
        float[] normed = in;
        // Vocabulary ranges over the kernel threads; each entry's dot products are unchanged.
        ParallelRanges.run(vocab, 64, (long) rows * vocab * h, (from, to) -> {
            for (int t = from; t < to; t++) {
                float b = unembedBias == null ? 0f : unembedBias[t];
                for (int r = 0; r < rows; r++) {
                    logits[r * vocab + t] = VectorMath.dot(normed, r * h, unembed, t * h, h) + b;
                }
            }
        });
        return logits;
    }
}
