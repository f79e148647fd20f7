package org.explaint.analysis.tokens;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.explaint.runtime.ActivationCache;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;

/**
 * Runs one forward pass per sentence and keeps the hook points the token-correspondence
 * analysis reads: the state layers, {@code embed.token} and every block's attention pattern.
 *
 * <p>Thread-safe: each call makes its own {@link Hooks}, and the transformer is thread-safe.
 */
public final class StateExtractor {
    private final Transformer transformer;
    private final StateLayers layers;
    private final UnaryOperator<Hooks> interventions;
    private final List<String> captured;

    /**
     * An extractor for a model.
     *
     * @param transformer   the model
     * @param interventions adds interventions to each pass's hooks (identity for a plain run);
     *                      tests use it to force attention patterns
     */
    public StateExtractor(Transformer transformer, UnaryOperator<Hooks> interventions) {
        this.transformer = transformer;
        this.layers = StateLayers.of(transformer.config());
        this.interventions = interventions;
        List<String> names = new ArrayList<>(layers.hooks());
        names.add(HookNames.EMBED_TOKEN);
        for (int l = 0; l < transformer.config().layers(); l++) {
            names.add(HookNames.pattern(l));
        }
        this.captured = List.copyOf(names);
    }

    /** The state layers this extractor returns. */
    public StateLayers layers() {
        return layers;
    }

    /**
     * The states of one sentence.
     *
     * @param sentenceId the sentence's index in the corpus
     * @param sequence   its token ids (with special tokens)
     */
    public SentenceStates extract(int sentenceId, TokenSequence sequence) {
        Hooks hooks = interventions.apply(Hooks.capture(captured));
        transformer.forward(TokenBatch.of(sequence), hooks);
        ActivationCache cache = hooks.cache(0);

        // State layers and the raw token rows, as [position][hidden].
        float[][][] states = new float[layers.count()][][];
        for (int k = 0; k < layers.count(); k++) {
            states[k] = rows(cache.get(layers.hook(k)));
        }
        float[][] tokenRows = rows(cache.get(HookNames.EMBED_TOKEN));

        // Head patterns per block, and their head average.
        int blocks = transformer.config().layers();
        int n = sequence.length();
        double[][][] attention = new double[blocks][n][n];
        float[][] headPatterns = new float[blocks][];
        for (int l = 0; l < blocks; l++) {
            Tensor pattern = cache.get(HookNames.pattern(l));
            int heads = pattern.dim(0);
            float[] p = pattern.toArray();
            headPatterns[l] = p;
            for (int h = 0; h < heads; h++) {
                for (int q = 0; q < n; q++) {
                    for (int key = 0; key < n; key++) {
                        attention[l][q][key] += p[(h * n + q) * n + key];
                    }
                }
            }
            for (int q = 0; q < n; q++) {
                for (int key = 0; key < n; key++) {
                    attention[l][q][key] /= heads;
                }
            }
        }
        return new SentenceStates(sentenceId, states, tokenRows, attention, headPatterns);
    }

    private static float[][] rows(Tensor t) {
        int n = t.dim(0);
        int d = t.dim(1);
        float[] a = t.toArray();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, i * d, out[i], 0, d);
        }
        return out;
    }
}
