package org.explaint.formats.hf;

import static org.explaint.runtime.ModelWeights.block;

import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Tensor;

/**
 * BERT as Hugging Face stores it ({@code BertModel}, {@code BertForMaskedLM}): post-norm
 * LayerNorm blocks, learned positions, segment embeddings, and the masked-LM head
 * {@code cls.predictions.*} whose decoder is tied to the word embeddings.
 *
 * <p>Linear weights are PyTorch's {@code [out, in]} and are transposed once. LayerNorm
 * parameters may be named {@code weight/bias} or, in checkpoints converted from TensorFlow,
 * {@code gamma/beta}.
 */
final class BertLayout {
    private BertLayout() {
    }

    /** The runtime configuration of a BERT config.json. */
    static ModelConfig config(HfConfigFile cfg) {
        String positions = cfg.string("position_embedding_type", "absolute");
        if (!positions.equals("absolute")) {
            throw cfg.unsupported("position_embedding_type", "\"" + positions + "\"", "absolute");
        }
        int hidden = cfg.positive("hidden_size");
        int heads = cfg.positive("num_attention_heads");
        if (hidden % heads != 0) {
            throw cfg.unsupported("num_attention_heads", heads, "a divisor of hidden_size " + hidden);
        }
        return new ModelConfig("bert", cfg.positive("vocab_size"), hidden,
                cfg.positive("num_hidden_layers"), heads, heads, hidden / heads,
                cfg.positive("intermediate_size"),
                cfg.positive("max_position_embeddings"), cfg.count("type_vocab_size", 2),
                ModelConfig.Norm.LAYER_NORM, (float) cfg.number("layer_norm_eps", 1e-12),
                ModelConfig.NormPlacement.POST, true, ModelConfig.PositionEncoding.LEARNED, 0f,
                cfg.gelu("hidden_act", "gelu"), false);
    }

    /** The canonical weights; with {@code head} the masked-LM head is read as well. */
    static ModelWeights weights(ModelConfig c, HfConfigFile cfg, HfTensorSource src, boolean head) {
        int h = c.hidden();
        int m = c.mlpHidden();
        ModelWeights w = new ModelWeights();

        // Embeddings and their LayerNorm.
        Tensor token = src.require("embeddings.word_embeddings.weight", c.vocabSize(), h);
        w.put("embed.token", token);
        w.put("embed.position", src.require("embeddings.position_embeddings.weight", c.maxPositions(), h));
        if (c.typeVocabSize() > 0) {
            w.put("embed.segment",
                    src.require("embeddings.token_type_embeddings.weight", c.typeVocabSize(), h));
        }
        norm(w, "embed.norm", src, "embeddings.LayerNorm", h);

        // Encoder blocks: self-attention, its output norm, the MLP and its output norm.
        for (int l = 0; l < c.layers(); l++) {
            String p = "encoder.layer." + l + ".";
            linear(w, block(l, "attn.q"), src, p + "attention.self.query", h, h);
            linear(w, block(l, "attn.k"), src, p + "attention.self.key", h, h);
            linear(w, block(l, "attn.v"), src, p + "attention.self.value", h, h);
            linear(w, block(l, "attn.o"), src, p + "attention.output.dense", h, h);
            norm(w, block(l, "attn_norm"), src, p + "attention.output.LayerNorm", h);
            linear(w, block(l, "mlp.up"), src, p + "intermediate.dense", h, m);
            linear(w, block(l, "mlp.down"), src, p + "output.dense", m, h);
            norm(w, block(l, "mlp_norm"), src, p + "output.LayerNorm", h);
        }
        if (!head) {
            return w;
        }

        // The masked-LM head: transform (dense, activation, norm), then the tied or own decoder.
        linear(w, "mlm.dense", src, "cls.predictions.transform.dense", h, h);
        norm(w, "mlm.norm", src, "cls.predictions.transform.LayerNorm", h);
        boolean tied = cfg.flag("tie_word_embeddings", true);
        w.put("unembed.weight",
                tied ? token : src.require("cls.predictions.decoder.weight", c.vocabSize(), h));
        w.put("unembed.bias", src.has("cls.predictions.bias")
                ? src.require("cls.predictions.bias", c.vocabSize())
                : src.require("cls.predictions.decoder.bias", c.vocabSize()));
        return w;
    }

    private static void linear(ModelWeights w, String name, HfTensorSource src, String source,
                               int in, int out) {
        w.put(name + ".weight", src.linear(source + ".weight", in, out));
        w.put(name + ".bias", src.require(source + ".bias", out));
    }

    private static void norm(ModelWeights w, String name, HfTensorSource src, String source, int h) {
        boolean tf = !src.has(source + ".weight") && src.has(source + ".gamma");
        w.put(name + ".weight", src.require(source + (tf ? ".gamma" : ".weight"), h));
        w.put(name + ".bias", src.require(source + (tf ? ".beta" : ".bias"), h));
    }
}
