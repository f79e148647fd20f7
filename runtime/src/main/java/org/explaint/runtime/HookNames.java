package org.explaint.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one vocabulary of hook points, shared by every model family.
 *
 * <p>Analyses ask for these names, never for a model class. Shapes are per sequence; there is no
 * batch axis because hooks are visited once per sequence of a batch:
 * <pre>
 * embed.token, embed.position, embed.segment   [position, hidden]  parts of the input embedding
 * embed                                        [position, hidden]  layer-0 state (after the
 *                                                                   embedding norm where there is one)
 * blocks.L.attn.q                              [position, head, headDim]   after rotary, if any
 * blocks.L.attn.k, blocks.L.attn.v             [position, kvHead, headDim]
 * blocks.L.attn.scores                         [head, query, key]  before softmax, scaled;
 *                                                                   masked cells are -Infinity
 * blocks.L.attn.pattern                        [head, query, key]  rows sum to 1
 * blocks.L.attn.z                              [position, head, headDim]   pattern times values
 * blocks.L.attn.result                         [position, head, hidden]    each head's share of
 *                                                                   attn.out (bias excluded)
 * blocks.L.attn.out                            [position, hidden]  output projection, bias added
 * blocks.L.resid_mid                           [position, hidden]  state after the attention
 *                                                                   sublayer (after its norm in
 *                                                                   post-norm models such as BERT)
 * blocks.L.mlp.pre                             [position, mlp]     before the activation (the gate
 *                                                                   projection in gated MLPs)
 * blocks.L.mlp.post                            [position, mlp]     after the activation (times the
 *                                                                   up projection in gated MLPs)
 * blocks.L.mlp.out                             [position, hidden]  down projection, bias added
 * blocks.L.resid_post                          [position, hidden]  the block's output
 * final_norm                                   [position, hidden]  pre-norm models only
 * logits                                       [position, vocab]
 * </pre>
 * Layers {@code L} are 0-based.
 */
public final class HookNames {
    /** Token embedding rows. */
    public static final String EMBED_TOKEN = "embed.token";
    /** Learned position embedding rows (absent in rotary models). */
    public static final String EMBED_POSITION = "embed.position";
    /** Segment (token type) embedding rows (encoders only). */
    public static final String EMBED_SEGMENT = "embed.segment";
    /** The layer-0 state fed to the first block. */
    public static final String EMBED = "embed";
    /** The final norm's output (pre-norm models). */
    public static final String FINAL_NORM = "final_norm";
    /** Vocabulary logits. */
    public static final String LOGITS = "logits";

    private static final Pattern BLOCK = Pattern.compile("blocks\\.(\\d+)\\.(.+)");
    private static final List<String> BLOCK_SUFFIXES = List.of(
            "attn.q", "attn.k", "attn.v", "attn.scores", "attn.pattern", "attn.z", "attn.result",
            "attn.out", "resid_mid", "mlp.pre", "mlp.post", "mlp.out", "resid_post");

    private HookNames() {
    }

    /** {@code blocks.L.suffix}, e.g. {@code block(3, "attn.pattern")}. */
    public static String block(int layer, String suffix) {
        return "blocks." + layer + "." + suffix;
    }

    /** {@code blocks.L.attn.q}. */
    public static String q(int layer) {
        return block(layer, "attn.q");
    }

    /** {@code blocks.L.attn.k}. */
    public static String k(int layer) {
        return block(layer, "attn.k");
    }

    /** {@code blocks.L.attn.v}. */
    public static String v(int layer) {
        return block(layer, "attn.v");
    }

    /** {@code blocks.L.attn.scores}. */
    public static String scores(int layer) {
        return block(layer, "attn.scores");
    }

    /** {@code blocks.L.attn.pattern}. */
    public static String pattern(int layer) {
        return block(layer, "attn.pattern");
    }

    /** {@code blocks.L.attn.z}. */
    public static String z(int layer) {
        return block(layer, "attn.z");
    }

    /** {@code blocks.L.attn.result}. */
    public static String result(int layer) {
        return block(layer, "attn.result");
    }

    /** {@code blocks.L.attn.out}. */
    public static String attnOut(int layer) {
        return block(layer, "attn.out");
    }

    /** {@code blocks.L.resid_mid}. */
    public static String residMid(int layer) {
        return block(layer, "resid_mid");
    }

    /** {@code blocks.L.mlp.pre}. */
    public static String mlpPre(int layer) {
        return block(layer, "mlp.pre");
    }

    /** {@code blocks.L.mlp.post}. */
    public static String mlpPost(int layer) {
        return block(layer, "mlp.post");
    }

    /** {@code blocks.L.mlp.out}. */
    public static String mlpOut(int layer) {
        return block(layer, "mlp.out");
    }

    /** {@code blocks.L.resid_post}. */
    public static String residPost(int layer) {
        return block(layer, "resid_post");
    }

    /** The layer a block hook belongs to, or -1 for hooks outside the blocks. */
    public static int layerOf(String name) {
        Matcher m = BLOCK.matcher(name);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Every hook name a model of this configuration can visit, in the order a pass visits them. */
    public static List<String> all(ModelConfig config) {
        List<String> names = new ArrayList<>();
        names.add(EMBED_TOKEN);
        if (config.positions() == ModelConfig.PositionEncoding.LEARNED) {
            names.add(EMBED_POSITION);
        }
        if (config.typeVocabSize() > 0) {
            names.add(EMBED_SEGMENT);
        }
        names.add(EMBED);
        for (int layer = 0; layer < config.layers(); layer++) {
            for (String suffix : BLOCK_SUFFIXES) {
                names.add(block(layer, suffix));
            }
        }
        if (config.normPlacement() == ModelConfig.NormPlacement.PRE) {
            names.add(FINAL_NORM);
        }
        names.add(LOGITS);
        return names;
    }

    /** Whether {@code name} is a hook this configuration visits. */
    public static boolean isKnown(ModelConfig config, String name) {
        return all(config).contains(name);
    }
}
