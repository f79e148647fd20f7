package org.explaint.analysis.tokens;

import java.util.ArrayList;
import java.util.List;
import org.explaint.runtime.HookNames;
import org.explaint.runtime.ModelConfig;

/**
 * Which hook point stands for "layer l" in the token-correspondence analysis.
 *
 * <p>Layer {@code l} is the input of block {@code l}: layer 0 is {@code embed} (the layer-0
 * state, after the embedding norm where there is one) and layer {@code l >= 1} is
 * {@code blocks.(l-1).resid_post}. Layer {@code L} (the number of blocks) is therefore the last
 * block's output. Pre-norm models (GPT-2, Llama) get one more entry, labelled {@code final}, for
 * the {@code final_norm} hook; post-norm models have no separate final output because their last
 * {@code resid_post} already is it.
 */
public final class StateLayers {
    private final List<String> hooks;
    private final List<String> labels;
    private final int blocks;

    private StateLayers(List<String> hooks, List<String> labels, int blocks) {
        this.hooks = List.copyOf(hooks);
        this.labels = List.copyOf(labels);
        this.blocks = blocks;
    }

    /** The state layers of a model of this configuration. */
    public static StateLayers of(ModelConfig config) {
        List<String> hooks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        hooks.add(HookNames.EMBED);
        labels.add("0");
        for (int l = 0; l < config.layers(); l++) {
            hooks.add(HookNames.residPost(l));
            labels.add(Integer.toString(l + 1));
        }
        if (config.normPlacement() == ModelConfig.NormPlacement.PRE) {
            hooks.add(HookNames.FINAL_NORM);
            labels.add("final");
        }
        return new StateLayers(hooks, labels, config.layers());
    }

    /** Number of state layers (blocks + 1, plus one for a pre-norm model's final norm). */
    public int count() {
        return hooks.size();
    }

    /** The hook name of state layer {@code index}. */
    public String hook(int index) {
        return hooks.get(index);
    }

    /** The printed label of state layer {@code index}: its number, or {@code final}. */
    public String label(int index) {
        return labels.get(index);
    }

    /** The hook names in layer order. */
    public List<String> hooks() {
        return hooks;
    }

    /**
     * How many attention blocks lie below state layer {@code index}: {@code index} itself, except
     * for the final-norm entry, which sits above all blocks.
     */
    public int blocksBelow(int index) {
        return Math.min(index, blocks);
    }
}
