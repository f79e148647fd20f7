package org.explaint.formats.hf;

import static org.explaint.runtime.ModelWeights.block;

import java.util.Arrays;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Tensor;

/**
 * GPT-2 as Hugging Face stores it ({@code GPT2Model}, {@code GPT2LMHeadModel}): pre-norm
 * LayerNorm blocks, learned positions, tanh GELU, a final {@code ln_f}, and an LM head tied to
 * the token embedding.
 *
 * <p>GPT-2's {@code Conv1D} weights are already {@code [in, out]}; the fused query-key-value
 * projection {@code c_attn} {@code [hidden, 3*hidden]} is split column-wise into q, k and v.
 */
final class Gpt2Layout {
    private Gpt2Layout() {
    }

    /** The runtime configuration of a GPT-2 config.json. */
    static ModelConfig config(HfConfigFile cfg) {
        if (!cfg.flag("scale_attn_weights", true)) {
            throw cfg.unsupported("scale_attn_weights", false, "true");
        }
        if (cfg.flag("scale_attn_by_inverse_layer_idx", false)) {
            throw cfg.unsupported("scale_attn_by_inverse_layer_idx", true, "false");
        }
        int hidden = cfg.positive("n_embd");
        int heads = cfg.positive("n_head");
        if (hidden % heads != 0) {
            throw cfg.unsupported("n_head", heads, "a divisor of n_embd " + hidden);
        }
        return new ModelConfig("gpt2", cfg.positive("vocab_size"), hidden, cfg.positive("n_layer"),
                heads, heads, hidden / heads, cfg.positive("n_inner", 4 * hidden),
                cfg.positive("n_positions"), 0, ModelConfig.Norm.LAYER_NORM,
                (float) cfg.number("layer_norm_epsilon", 1e-5), ModelConfig.NormPlacement.PRE, false,
                ModelConfig.PositionEncoding.LEARNED, 0f, cfg.gelu("activation_function", "gelu_new"),
                true);
    }

    /** The canonical weights; with {@code head} the LM head (tied unless the file has its own). */
    static ModelWeights weights(ModelConfig c, HfConfigFile cfg, HfTensorSource src, boolean head) {
        int h = c.hidden();
        int m = c.mlpHidden();
        ModelWeights w = new ModelWeights();

        Tensor token = src.require("wte.weight", c.vocabSize(), h);
        w.put("embed.token", token);
        w.put("embed.position", src.require("wpe.weight", c.maxPositions(), h));

        for (int l = 0; l < c.layers(); l++) {
            String p = "h." + l + ".";
            norm(w, block(l, "attn_norm"), src, p + "ln_1", h);

            // The fused projection: columns [0, h) are q, [h, 2h) k, [2h, 3h) v.
            Tensor qkv = src.require(p + "attn.c_attn.weight", h, 3 * h);
            float[] qkvBias = src.require(p + "attn.c_attn.bias", 3 * h).toArrayShared();
            String[] parts = {"attn.q", "attn.k", "attn.v"};
            for (int i = 0; i < 3; i++) {
                w.put(block(l, parts[i] + ".weight"), columns(qkv, i * h, h));
                float[] bias = Arrays.copyOfRange(qkvBias, i * h, (i + 1) * h);
                w.put(block(l, parts[i] + ".bias"), Tensor.of(bias, h));
            }
            w.put(block(l, "attn.o.weight"), src.require(p + "attn.c_proj.weight", h, h));
            w.put(block(l, "attn.o.bias"), src.require(p + "attn.c_proj.bias", h));

            norm(w, block(l, "mlp_norm"), src, p + "ln_2", h);
            w.put(block(l, "mlp.up.weight"), src.require(p + "mlp.c_fc.weight", h, m));
            w.put(block(l, "mlp.up.bias"), src.require(p + "mlp.c_fc.bias", m));
            w.put(block(l, "mlp.down.weight"), src.require(p + "mlp.c_proj.weight", m, h));
            w.put(block(l, "mlp.down.bias"), src.require(p + "mlp.c_proj.bias", h));
        }
        norm(w, "final_norm", src, "ln_f", h);

        if (head) {
            boolean own = !cfg.flag("tie_word_embeddings", true);
            w.put("unembed.weight", own ? src.require("lm_head.weight", c.vocabSize(), h) : token);
        }
        return w;
    }

    // Columns [from, from + width) of a matrix [rows, cols], as a new matrix [rows, width].
    private static Tensor columns(Tensor matrix, int from, int width) {
        int rows = matrix.dim(0);
        int cols = matrix.dim(1);
        float[] src = matrix.toArrayShared();
        float[] out = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * cols + from, out, r * width, width);
        }
        return Tensor.of(out, rows, width);
    }

    private static void norm(ModelWeights w, String name, HfTensorSource src, String source, int h) {
        w.put(name + ".weight", src.require(source + ".weight", h));
        w.put(name + ".bias", src.require(source + ".bias", h));
    }
}
