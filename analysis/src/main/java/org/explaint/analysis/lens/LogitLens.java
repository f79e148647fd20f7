package org.explaint.analysis.lens;

import java.util.ArrayList;
import java.util.List;
import org.explaint.runtime.ExplaintException;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.Hooks;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.TokenBatch;
import org.explaint.runtime.TokenSequence;
import org.explaint.runtime.Transformer;

/**
 * The logit lens (nostalgebraist, 2020): reads the residual stream after the embedding and after
 * every block through the model's own final norm and unembedding, as if the model stopped there.
 *
 * <p>Layer 0 is the embedding ({@code embed}); layer {@code L+1} is {@code blocks.L.resid_post}.
 * Each is decoded with {@link Transformer#finalNorm} then {@link Transformer#logits}, the very
 * path the model's output takes, so the last layer's lens equals the model's logits exactly.
 * This is the plain lens, without the learned per-layer translators of the tuned lens
 * (Belrose et al., 2023); early layers of models whose residual basis drifts read poorly.
 */
public final class LogitLens {
    private final Transformer model;

    /**
     * A lens for a model with a vocabulary head.
     *
     * @throws ExplaintException when the model has no head to decode through
     */
    public LogitLens(Transformer model) {
        if (!model.hasLogitHead()) {
            throw new ExplaintException("the logit lens decodes through the model's vocabulary head, and this "
                    + model.config().family() + " model has none; load a checkpoint with its LM head");
        }
        this.model = model;
    }

    /** The hook names read, in layer order: {@code embed}, then every block's {@code resid_post}. */
    public List<String> layers() {
        List<String> out = new ArrayList<>();
        out.add(HookNames.EMBED);
        for (int l = 0; l < model.config().layers(); l++) {
            out.add(HookNames.residPost(l));
        }
        return out;
    }

    /**
     * The lens logits of every layer.
     *
     * @param ids the token ids of one sequence
     * @return per layer (in {@link #layers()} order) the logits {@code [position, vocab]}
     */
    public List<Tensor> logits(int... ids) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor states : residuals(ids)) {
            out.add(decode(states));
        }
        return out;
    }

    // The residual stream after the embedding and after every block, [position, hidden] each.
    private List<Tensor> residuals(int[] ids) {
        List<String> layers = layers();
        Hooks hooks = Hooks.capture(layers);
        model.forward(TokenBatch.of(TokenSequence.of(ids)), hooks);
        List<Tensor> out = new ArrayList<>(layers.size());
        for (String layer : layers) {
            out.add(hooks.cache(0).get(layer));
        }
        return out;
    }

    private Tensor decode(Tensor states) {
        return model.logits(model.finalNorm(states));
    }

    /**
     * The {@code k} most probable tokens of every layer at every position.
     *
     * @return {@code [layer][position]} predictions, most probable first
     */
    public List<List<List<LensPrediction>>> top(int k, int... ids) {
        List<List<List<LensPrediction>>> out = new ArrayList<>();
        // One layer's logits at a time: [position, vocab] is large for big vocabularies.
        for (Tensor states : residuals(ids)) {
            Tensor logits = decode(states);
            List<List<LensPrediction>> layer = new ArrayList<>();
            for (int p = 0; p < logits.dim(0); p++) {
                layer.add(LensPrediction.top(logits.slice(p).toArray(), k));
            }
            out.add(layer);
        }
        return out;
    }
}
