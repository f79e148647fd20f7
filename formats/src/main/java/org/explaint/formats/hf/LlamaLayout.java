package org.explaint.formats.hf;

import static org.explaint.runtime.ModelWeights.block;

import com.fasterxml.jackson.databind.JsonNode;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Tensor;

/**
 * Llama as Hugging Face stores it ({@code LlamaModel}, {@code LlamaForCausalLM}): pre-norm
 * RMSNorm blocks, rotary positions (half-split, base {@code rope_theta}), SwiGLU MLP and
 * grouped-query attention ({@code num_key_value_heads}); the LM head is tied to the token
 * embedding when {@code tie_word_embeddings} is true.
 *
 * <p>Linear weights are PyTorch's {@code [out, in]} and are transposed once. The rotary base is
 * read from {@code rope_parameters} (transformers 5) or {@code rope_theta} (transformers 4);
 * any rope scaling other than {@code default} is rejected, since the runtime implements none.
 */
final class LlamaLayout {
    private LlamaLayout() {
    }

    /** The runtime configuration of a Llama config.json. */
    static ModelConfig config(HfConfigFile cfg) {
        String act = cfg.string("hidden_act", "silu");
        if (!act.equals("silu")) {
            throw cfg.unsupported("hidden_act", "\"" + act + "\"", "silu");
        }
        int hidden = cfg.positive("hidden_size");
        int heads = cfg.positive("num_attention_heads");
        int kvHeads = cfg.positive("num_key_value_heads", heads);
        if (heads % kvHeads != 0) {
            throw cfg.unsupported("num_key_value_heads", kvHeads,
                    "a divisor of num_attention_heads " + heads);
        }
        if (!cfg.node("head_dim").isNumber() && hidden % heads != 0) {
            throw cfg.unsupported("num_attention_heads", heads, "a divisor of hidden_size " + hidden);
        }
        int headDim = cfg.positive("head_dim", hidden / heads);
        return new ModelConfig("llama", cfg.positive("vocab_size"), hidden,
                cfg.positive("num_hidden_layers"), heads, kvHeads, headDim,
                cfg.positive("intermediate_size"),
                cfg.positive("max_position_embeddings"), 0, ModelConfig.Norm.RMS_NORM,
                (float) cfg.number("rms_norm_eps", 1e-6), ModelConfig.NormPlacement.PRE, false,
                ModelConfig.PositionEncoding.ROTARY, (float) ropeTheta(cfg),
                ModelConfig.Activation.SILU_GATED, true);
    }

    /** The canonical weights; with {@code head} the LM head, tied or the file's {@code lm_head}. */
    static ModelWeights weights(ModelConfig c, HfConfigFile cfg, HfTensorSource src, boolean head) {
        int h = c.hidden();
        int qw = c.queryWidth();
        int kvw = c.kvWidth();
        int m = c.mlpHidden();
        ModelWeights w = new ModelWeights();

        Tensor token = src.require("embed_tokens.weight", c.vocabSize(), h);
        w.put("embed.token", token);

        for (int l = 0; l < c.layers(); l++) {
            String p = "layers." + l + ".";
            w.put(block(l, "attn_norm.weight"), src.require(p + "input_layernorm.weight", h));
            linear(w, block(l, "attn.q"), src, p + "self_attn.q_proj", h, qw);
            linear(w, block(l, "attn.k"), src, p + "self_attn.k_proj", h, kvw);
            linear(w, block(l, "attn.v"), src, p + "self_attn.v_proj", h, kvw);
            linear(w, block(l, "attn.o"), src, p + "self_attn.o_proj", qw, h);
            w.put(block(l, "mlp_norm.weight"), src.require(p + "post_attention_layernorm.weight", h));
            linear(w, block(l, "mlp.gate"), src, p + "mlp.gate_proj", h, m);
            linear(w, block(l, "mlp.up"), src, p + "mlp.up_proj", h, m);
            linear(w, block(l, "mlp.down"), src, p + "mlp.down_proj", m, h);
        }
        w.put("final_norm.weight", src.require("norm.weight", h));

        if (head) {
            boolean tied = cfg.flag("tie_word_embeddings", false);
            w.put("unembed.weight", tied ? token : src.require("lm_head.weight", c.vocabSize(), h));
        }
        return w;
    }

    // The rotary base; rejects every rope scaling variant, which would change the angles.
    private static double ropeTheta(HfConfigFile cfg) {
        double theta = cfg.number("rope_theta", 10000.0);
        JsonNode params = cfg.node("rope_parameters");
        if (params.isObject()) {
            checkRopeType(cfg, "rope_parameters", params);
            JsonNode t = params.path("rope_theta");
            if (t.isNumber() && t.asDouble() > 0) {
                theta = t.asDouble();
            } else if (!t.isMissingNode()) {
                throw cfg.unsupported("rope_parameters.rope_theta", t, "a positive number");
            }
        }
        JsonNode scaling = cfg.node("rope_scaling");
        if (scaling.isObject()) {
            checkRopeType(cfg, "rope_scaling", scaling);
        }
        return theta;
    }

    private static void checkRopeType(HfConfigFile cfg, String key, JsonNode node) {
        String type = node.path("rope_type").asText(node.path("type").asText("default"));
        if (!type.equals("default")) {
            throw cfg.unsupported(key + ".rope_type", "\"" + type + "\"", "default (unscaled rotary "
                    + "positions; linear, dynamic, yarn, longrope and llama3 scaling are not implemented)");
        }
    }

    private static void linear(ModelWeights w, String name, HfTensorSource src, String source,
                               int in, int out) {
        w.put(name + ".weight", src.linear(source + ".weight", in, out));
        Tensor bias = src.optional(source + ".bias", out);
        if (bias != null) {
            w.put(name + ".bias", bias);
        }
    }
}
