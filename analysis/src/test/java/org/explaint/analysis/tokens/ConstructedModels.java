package org.explaint.analysis.tokens;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;
import org.explaint.runtime.testing.RandomWeights;

/** Tiny models and corpora whose token-correspondence answers are known. */
final class ConstructedModels {
    private ConstructedModels() {
    }

    /** A tiny encoder whose blocks barely touch the residual stream (weights in [-0.02, 0.02)). */
    static Transformer quietEncoder() {
        ModelConfig c = RandomWeights.tinyEncoder();
        return new Transformer(c, RandomWeights.forConfig(c, 11, 0.02f));
    }

    /**
     * A tiny encoder whose attention output swamps the residual stream: value and output weights
     * are scaled up, so under uniform attention every position gets nearly the same state.
     */
    static Transformer loudAttentionEncoder() {
        ModelConfig c = RandomWeights.tinyEncoder();
        ModelWeights w = RandomWeights.forConfig(c, 12, 0.3f);
        for (int l = 0; l < c.layers(); l++) {
            scale(w, "blocks." + l + ".attn.v.weight", 20f);
            scale(w, "blocks." + l + ".attn.o.weight", 20f);
        }
        return new Transformer(c, w);
    }

    /** Interventions that overwrite every block's pattern with the identity. */
    static UnaryOperator<Hooks> identityAttention(int layers) {
        return hooks -> {
            for (int l = 0; l < layers; l++) {
                hooks.intervene(HookNames.pattern(l), (hook, seq, value) -> {
                    value.fill(0f);
                    for (int h = 0; h < value.dim(0); h++) {
                        for (int q = 0; q < value.dim(1); q++) {
                            value.slice(h).slice(q).set(1f, q);
                        }
                    }
                });
            }
            return hooks;
        };
    }

    /** Interventions that overwrite every block's pattern with 1/n. */
    static UnaryOperator<Hooks> uniformAttention(int layers) {
        return hooks -> {
            for (int l = 0; l < layers; l++) {
                hooks.intervene(HookNames.pattern(l), (hook, seq, value) -> value.fill(1f / value.dim(2)));
            }
            return hooks;
        };
    }

    /** Seeded random sentences of 5 to 12 distinct tokens from a vocabulary of 50. */
    static List<TokenSequence> sentences(int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<TokenSequence> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int n = 5 + rng.nextInt(8);
            int[] ids = rng.ints(0, 50).distinct().limit(n).toArray();
            out.add(TokenSequence.of(ids));
        }
        return out;
    }

    /** Fast settings for tests: small MLP, few resamples. */
    static CorrespondenceSettings testSettings(int threads) {
        MapFitter.Settings maps = new MapFitter.Settings(400, 1e-3,
                new TanhMlpMap.Settings(16, 5, 16, 3e-3, 5));
        return new CorrespondenceSettings(threads, 5, 0.4, 12, 200, maps);
    }

    private static void scale(ModelWeights w, String name, float factor) {
        float[] d = w.find(name).data();
        for (int i = 0; i < d.length; i++) {
            d[i] *= factor;
        }
    }
}
