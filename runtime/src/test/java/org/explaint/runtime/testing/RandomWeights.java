package org.explaint.runtime.testing;

import java.util.SplittableRandom;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Tensor;

/** Small models with seeded random weights, for tests that need a model but not a trained one. */
public final class RandomWeights {
    private RandomWeights() {
    }

    /** Weights of the canonical layout for {@code config}, drawn uniformly from [-scale, scale). */
    public static ModelWeights forConfig(ModelConfig c, long seed, float scale) {
        SplittableRandom rng = new SplittableRandom(seed);
        ModelWeights w = new ModelWeights();
        int h = c.hidden();
        int m = c.mlpHidden();
        boolean layerNorm = c.norm() == ModelConfig.Norm.LAYER_NORM;
        w.put("embed.token", random(rng, scale, c.vocabSize(), h));
        if (c.positions() == ModelConfig.PositionEncoding.LEARNED) {
            w.put("embed.position", random(rng, scale, c.maxPositions(), h));
        }
        if (c.typeVocabSize() > 0) {
            w.put("embed.segment", random(rng, scale, c.typeVocabSize(), h));
        }
        if (c.embeddingNorm()) {
            putNorm(w, "embed.norm", rng, h, layerNorm);
        }
        for (int l = 0; l < c.layers(); l++) {
            String b = "blocks." + l + ".";
            w.put(b + "attn.q.weight", random(rng, scale, h, c.queryWidth()));
            w.put(b + "attn.k.weight", random(rng, scale, h, c.kvWidth()));
            w.put(b + "attn.v.weight", random(rng, scale, h, c.kvWidth()));
            w.put(b + "attn.o.weight", random(rng, scale, c.queryWidth(), h));
            w.put(b + "mlp.up.weight", random(rng, scale, h, m));
            w.put(b + "mlp.down.weight", random(rng, scale, m, h));
            if (c.activation() == ModelConfig.Activation.SILU_GATED) {
                w.put(b + "mlp.gate.weight", random(rng, scale, h, m));
            } else {
                w.put(b + "attn.q.bias", random(rng, scale, c.queryWidth()));
                w.put(b + "attn.k.bias", random(rng, scale, c.kvWidth()));
                w.put(b + "attn.v.bias", random(rng, scale, c.kvWidth()));
                w.put(b + "attn.o.bias", random(rng, scale, h));
                w.put(b + "mlp.up.bias", random(rng, scale, m));
                w.put(b + "mlp.down.bias", random(rng, scale, h));
            }
            putNorm(w, b + "attn_norm", rng, h, layerNorm);
            putNorm(w, b + "mlp_norm", rng, h, layerNorm);
        }
        if (c.normPlacement() == ModelConfig.NormPlacement.PRE) {
            putNorm(w, "final_norm", rng, h, layerNorm);
        }
        w.put("unembed.weight", random(rng, scale, c.vocabSize(), h));
        return w;
    }

    /** A tiny BERT-like encoder configuration. */
    public static ModelConfig tinyEncoder() {
        return new ModelConfig("bert", 50, 32, 2, 4, 4, 8, 64, 40, 2,
                ModelConfig.Norm.LAYER_NORM, 1e-12f, ModelConfig.NormPlacement.POST, true,
                ModelConfig.PositionEncoding.LEARNED, 0f, ModelConfig.Activation.GELU_ERF, false);
    }

    /** A tiny Llama-like decoder configuration with grouped-query attention. */
    public static ModelConfig tinyLlama() {
        return new ModelConfig("llama", 60, 32, 2, 4, 2, 8, 48, 64, 0,
                ModelConfig.Norm.RMS_NORM, 1e-5f, ModelConfig.NormPlacement.PRE, false,
                ModelConfig.PositionEncoding.ROTARY, 10000f, ModelConfig.Activation.SILU_GATED, true);
    }

    /** A tensor of uniform random values in [-scale, scale). */
    public static Tensor random(SplittableRandom rng, float scale, int... shape) {
        float[] a = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        return Tensor.of(a, shape);
    }

    private static void putNorm(ModelWeights w, String name, SplittableRandom rng, int h, boolean bias) {
        float[] g = new float[h];
        for (int i = 0; i < h; i++) {
            g[i] = 1f + (float) ((rng.nextDouble() * 2 - 1) * 0.1);
        }
        w.put(name + ".weight", Tensor.of(g, h));
        if (bias) {
            w.put(name + ".bias", random(rng, 0.1f, h));
        }
    }
}
