package org.explaint.formats.gguf;

import static org.explaint.runtime.ModelWeights.block;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.explaint.formats.LoadedModel;
import org.explaint.formats.llama2c.Llama2cReader;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.Transformer;
import org.explaint.text.Llama2cTokenizer;

/**
 * Reads llama.cpp GGUF files of the {@code llama} and {@code gpt2} architectures into the
 * runtime's canonical weights (tensor types F32, F16 and Q8_0, dequantised to float32).
 *
 * <p>GGUF lists dimensions innermost first, so a matrix with dims {@code [in, out]} is stored
 * as {@code out} rows of {@code in} values; it is transposed to the runtime's {@code [in, out]}
 * while being copied out of the mapped file. llama.cpp's converter reorders the query and key
 * rows of Llama models to interleaved rotary pairs (as Meta's original checkpoints have them);
 * the reader moves them back to the half-split layout the runtime uses, exactly as for llama2.c.
 * GPT-2's fused {@code attn_qkv} matrix is split into query, key and value.
 *
 * <p>Tokenizers: a {@code llama} (sentencepiece, byte-fallback) vocabulary in the metadata is
 * loaded as a {@link Llama2cTokenizer}; GGUF's {@code gpt2} byte-level BPE tokenizers are not
 * read (load those models from their Hugging Face directory instead).
 */
public final class GgufReader {
    private GgufReader() {
    }

    /**
     * Loads a GGUF model with the tokenizer stored in its metadata.
     *
     * @throws ModelFormatException when the file is unreadable, of another architecture, uses an
     *                              unsupported tensor type, or has no usable tokenizer
     */
    public static LoadedModel read(Path path) {
        return open(path, true);
    }

    /** Loads only the weights of a GGUF model into a runtime. */
    public static Transformer readTransformer(Path path) {
        return open(path, false).transformer();
    }

    private static LoadedModel open(Path path, boolean withTokenizer) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            MemorySegment segment = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            GgufFile file = new GgufFile(path, segment);
            String arch = file.string("general.architecture");
            Transformer model = switch (arch) {
                case "llama" -> new Transformer(llamaConfig(file), llamaWeights(file));
                case "gpt2" -> new Transformer(gpt2Config(file), gpt2Weights(file));
                default -> throw file.fail("has architecture '" + arch + "'; explaint reads GGUF models of "
                        + "the llama and gpt2 architectures");
            };
            Llama2cTokenizer tokenizer = withTokenizer ? tokenizer(file, model.config().vocabSize()) : null;
            return new LoadedModel(path.toString(), model, tokenizer, path, "gguf");
        } catch (IOException e) {
            throw new ModelFormatException("cannot read the GGUF file " + path + ": " + e.getMessage(), e);
        }
    }

    /*
     * The sizes in the metadata are checked here, before any weight is allocated for them: each
     * must be a positive integer, and the heads must divide the width. ModelConfig checks the
     * remaining combinations; its complaint is passed on naming the file.
     */
    private static ModelConfig llamaConfig(GgufFile f) {
        int hidden = size(f, "llama.embedding_length");
        int heads = size(f, "llama.attention.head_count");
        int kvHeads = f.metadata().containsKey("llama.attention.head_count_kv")
                ? size(f, "llama.attention.head_count_kv") : heads;
        dividesWidth(f, hidden, heads);
        return config(f, () -> new ModelConfig("llama", vocab(f), hidden, count(f, "llama.block_count"), heads,
                kvHeads, hidden / heads, size(f, "llama.feed_forward_length"),
                size(f, "llama.context_length"), 0, ModelConfig.Norm.RMS_NORM,
                f.number("llama.attention.layer_norm_rms_epsilon", 1e-5f).floatValue(),
                ModelConfig.NormPlacement.PRE, false, ModelConfig.PositionEncoding.ROTARY,
                f.number("llama.rope.freq_base", 10000f).floatValue(), ModelConfig.Activation.SILU_GATED, true));
    }

    private static ModelConfig gpt2Config(GgufFile f) {
        int hidden = size(f, "gpt2.embedding_length");
        int heads = size(f, "gpt2.attention.head_count");
        dividesWidth(f, hidden, heads);
        return config(f, () -> new ModelConfig("gpt2", vocab(f), hidden, count(f, "gpt2.block_count"), heads,
                heads, hidden / heads, size(f, "gpt2.feed_forward_length"),
                size(f, "gpt2.context_length"), 0, ModelConfig.Norm.LAYER_NORM,
                f.number("gpt2.attention.layer_norm_epsilon", 1e-5f).floatValue(),
                ModelConfig.NormPlacement.PRE, false, ModelConfig.PositionEncoding.LEARNED, 0f,
                ModelConfig.Activation.GELU_TANH, true));
    }

    // A metadata size: a positive integer that fits an int.
    private static int size(GgufFile f, String key) {
        long v = integer(f, key);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw f.fail("has " + key + " = " + v + "; it must be a positive integer below 2^31");
        }
        return (int) v;
    }

    // A metadata count that may be zero (the number of blocks).
    private static int count(GgufFile f, String key) {
        long v = integer(f, key);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw f.fail("has " + key + " = " + v + "; it must be an integer from 0 to 2^31 - 1");
        }
        return (int) v;
    }

    private static long integer(GgufFile f, String key) {
        Number n = f.number(key);
        if (!(n instanceof Integer || n instanceof Long)) {
            throw f.fail("has " + key + " = " + n + ", which is not an integer");
        }
        return n.longValue();
    }

    private static void dividesWidth(GgufFile f, int hidden, int heads) {
        if (hidden % heads != 0) {
            throw f.fail("has an embedding length of " + hidden + " that " + heads
                    + " attention heads do not divide");
        }
    }

    // ModelConfig validates its values with IllegalArgumentException; here they came from a file.
    private static ModelConfig config(GgufFile f, java.util.function.Supplier<ModelConfig> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw f.fail("describes an impossible model: " + e.getMessage());
        }
    }

    private static int vocab(GgufFile f) {
        GgufFile.TensorInfo t = f.tensors().get("token_embd.weight");
        if (t == null || t.dims().length != 2 || t.dims()[1] > Integer.MAX_VALUE) {
            throw f.fail("has no 2-dimensional token_embd.weight tensor of fewer than 2^31 rows");
        }
        return (int) t.dims()[1];
    }

    private static ModelWeights llamaWeights(GgufFile f) {
        ModelConfig c = llamaConfig(f);
        ModelWeights w = new ModelWeights();
        int h = c.hidden();
        int kv = c.kvWidth();
        int m = c.mlpHidden();
        Tensor embedding = table(f, "token_embd.weight", c.vocabSize(), h);
        w.put("embed.token", embedding);
        for (int l = 0; l < c.layers(); l++) {
            String b = "blk." + l + ".";
            w.put(block(l, "attn_norm.weight"), vector(f, b + "attn_norm.weight", h));
            w.put(block(l, "attn.q.weight"), matrix(f, b + "attn_q.weight", h, h, 0, h, c.headDim()));
            w.put(block(l, "attn.k.weight"), matrix(f, b + "attn_k.weight", h, kv, 0, kv, c.headDim()));
            w.put(block(l, "attn.v.weight"), matrix(f, b + "attn_v.weight", h, kv, 0, kv, 0));
            w.put(block(l, "attn.o.weight"), matrix(f, b + "attn_output.weight", h, h, 0, h, 0));
            w.put(block(l, "mlp_norm.weight"), vector(f, b + "ffn_norm.weight", h));
            w.put(block(l, "mlp.gate.weight"), matrix(f, b + "ffn_gate.weight", h, m, 0, m, 0));
            w.put(block(l, "mlp.up.weight"), matrix(f, b + "ffn_up.weight", h, m, 0, m, 0));
            w.put(block(l, "mlp.down.weight"), matrix(f, b + "ffn_down.weight", m, h, 0, h, 0));
        }
        w.put("final_norm.weight", vector(f, "output_norm.weight", h));
        w.put("unembed.weight", f.tensors().containsKey("output.weight")
                ? table(f, "output.weight", c.vocabSize(), h) : embedding);
        return w;
    }

    private static ModelWeights gpt2Weights(GgufFile f) {
        ModelConfig c = gpt2Config(f);
        int h = c.hidden();
        ModelWeights w = new ModelWeights();
        int m = c.mlpHidden();
        Tensor embedding = table(f, "token_embd.weight", c.vocabSize(), h);
        w.put("embed.token", embedding);
        w.put("embed.position", table(f, "position_embd.weight", c.maxPositions(), h));
        for (int l = 0; l < c.layers(); l++) {
            String b = "blk." + l + ".";
            w.put(block(l, "attn_norm.weight"), vector(f, b + "attn_norm.weight", h));
            w.put(block(l, "attn_norm.bias"), vector(f, b + "attn_norm.bias", h));
            String[] parts = {"q", "k", "v"};
            Tensor qkvBias = vector(f, b + "attn_qkv.bias", 3 * h);
            for (int i = 0; i < 3; i++) {
                w.put(block(l, "attn." + parts[i] + ".weight"),
                        matrix(f, b + "attn_qkv.weight", h, 3 * h, i * h, h, 0));
                float[] bias = java.util.Arrays.copyOfRange(qkvBias.data(), i * h, (i + 1) * h);
                w.put(block(l, "attn." + parts[i] + ".bias"), Tensor.of(bias, h));
            }
            w.put(block(l, "attn.o.weight"), matrix(f, b + "attn_output.weight", h, h, 0, h, 0));
            w.put(block(l, "attn.o.bias"), vector(f, b + "attn_output.bias", h));
            w.put(block(l, "mlp_norm.weight"), vector(f, b + "ffn_norm.weight", h));
            w.put(block(l, "mlp_norm.bias"), vector(f, b + "ffn_norm.bias", h));
            w.put(block(l, "mlp.up.weight"), matrix(f, b + "ffn_up.weight", h, m, 0, m, 0));
            w.put(block(l, "mlp.up.bias"), vector(f, b + "ffn_up.bias", m));
            w.put(block(l, "mlp.down.weight"), matrix(f, b + "ffn_down.weight", m, h, 0, h, 0));
            w.put(block(l, "mlp.down.bias"), vector(f, b + "ffn_down.bias", h));
        }
        w.put("final_norm.weight", vector(f, "output_norm.weight", h));
        w.put("final_norm.bias", vector(f, "output_norm.bias", h));
        w.put("unembed.weight", f.tensors().containsKey("output.weight")
                ? table(f, "output.weight", c.vocabSize(), h) : embedding);
        return w;
    }

    /*
     * A tensor that must have exactly the dims the configuration implies (innermost first).
     * Checking the shape before copying is what keeps a file whose tensors disagree with its
     * metadata from indexing past the arrays sized by that metadata.
     */
    private static GgufFile.TensorInfo info(GgufFile f, String name, long... dims) {
        GgufFile.TensorInfo t = f.tensors().get(name);
        if (t == null) {
            throw f.fail("has no tensor '" + name + "'; the model is incomplete or of another layout");
        }
        if (!java.util.Arrays.equals(t.dims(), dims)) {
            throw f.fail("gives tensor '" + name + "' dims " + java.util.Arrays.toString(t.dims())
                    + " where its metadata implies " + java.util.Arrays.toString(dims));
        }
        if (t.elements() > Integer.MAX_VALUE - 8) {
            throw f.fail("has tensor '" + name + "' of " + t.elements() + " elements, more than one Java array holds");
        }
        return t;
    }

    private static Tensor vector(GgufFile f, String name, int n) {
        GgufFile.TensorInfo t = info(f, name, n);
        float[] a = new float[n];
        t.type().decode(f.segment(), t.offset(), 0, a, 0, n);
        return Tensor.of(a, n);
    }

    // A [rows, width] table stored as it is (dims [width, rows]): embeddings, the unembedding.
    private static Tensor table(GgufFile f, String name, int rows, int width) {
        GgufFile.TensorInfo t = info(f, name, width, rows);
        float[] a = new float[rows * width];
        t.type().decode(f.segment(), t.offset(), 0, a, 0, a.length);
        return Tensor.of(a, rows, width);
    }

    /*
     * Rows [first, first+count) of a matrix stored [out, in] (dims [in, out]), returned
     * [in, count]. With headDim > 0, rows are moved from interleaved to half-split rotary order
     * within each head.
     */
    private static Tensor matrix(GgufFile f, String name, int in, int outTotal, int first, int count,
                                 int headDim) {
        GgufFile.TensorInfo t = info(f, name, in, outTotal);
        if (t.type() == GgmlType.Q8_0 && in % 32 != 0) {
            throw f.fail("stores '" + name + "' as Q8_0 with rows of " + in + " values, not whole blocks of 32");
        }
        float[] row = new float[in];
        float[] a = new float[in * count];
        for (int o = 0; o < count; o++) {
            t.type().decode(f.segment(), t.offset(), (long) (first + o) * in, row, 0, in);
            int target = headDim > 0 ? Llama2cReader.halfSplitIndex(o, headDim) : o;
            for (int i = 0; i < in; i++) {
                a[i * count + target] = row[i];
            }
        }
        return Tensor.of(a, in, count);
    }

    // The sentencepiece vocabulary in the metadata, with its word-boundary marker as a space.
    private static Llama2cTokenizer tokenizer(GgufFile f, int vocab) {
        Object model = f.metadata().get("tokenizer.ggml.model");
        if (!"llama".equals(model)) {
            throw f.fail("has a '" + model + "' tokenizer; explaint reads only sentencepiece ('llama') "
                    + "vocabularies from GGUF. Load this model from its Hugging Face directory instead");
        }
        if (!(f.metadata().get("tokenizer.ggml.tokens") instanceof List<?> tokens)
                || !(f.metadata().get("tokenizer.ggml.scores") instanceof List<?> scores)
                || tokens.size() != vocab || scores.size() != vocab) {
            throw f.fail("lacks tokenizer.ggml.tokens and tokenizer.ggml.scores with one entry per "
                    + "vocabulary row (" + vocab + ")");
        }
        List<String> pieces = new ArrayList<>(vocab);
        float[] s = new float[vocab];
        for (int i = 0; i < vocab; i++) {
            if (!(tokens.get(i) instanceof String piece) || !(scores.get(i) instanceof Number score)) {
                throw f.fail("has tokenizer entry " + i + " with piece " + tokens.get(i) + " and score "
                        + scores.get(i) + "; pieces must be strings and scores numbers");
            }
            pieces.add(piece.replace('\u2581', ' '));
            s[i] = score.floatValue();
        }
        return Llama2cTokenizer.of(pieces, s);
    }
}
