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

    private static ModelConfig llamaConfig(GgufFile f) {
        int hidden = f.number("llama.embedding_length").intValue();
        int heads = f.number("llama.attention.head_count").intValue();
        int kvHeads = f.number("llama.attention.head_count_kv", heads).intValue();
        return new ModelConfig("llama", vocab(f), hidden, f.number("llama.block_count").intValue(), heads,
                kvHeads, hidden / heads, f.number("llama.feed_forward_length").intValue(),
                f.number("llama.context_length").intValue(), 0, ModelConfig.Norm.RMS_NORM,
                f.number("llama.attention.layer_norm_rms_epsilon", 1e-5f).floatValue(),
                ModelConfig.NormPlacement.PRE, false, ModelConfig.PositionEncoding.ROTARY,
                f.number("llama.rope.freq_base", 10000f).floatValue(), ModelConfig.Activation.SILU_GATED, true);
    }

    private static ModelConfig gpt2Config(GgufFile f) {
        int hidden = f.number("gpt2.embedding_length").intValue();
        int heads = f.number("gpt2.attention.head_count").intValue();
        return new ModelConfig("gpt2", vocab(f), hidden, f.number("gpt2.block_count").intValue(), heads, heads,
                hidden / heads, f.number("gpt2.feed_forward_length").intValue(),
                f.number("gpt2.context_length").intValue(), 0, ModelConfig.Norm.LAYER_NORM,
                f.number("gpt2.attention.layer_norm_epsilon", 1e-5f).floatValue(),
                ModelConfig.NormPlacement.PRE, false, ModelConfig.PositionEncoding.LEARNED, 0f,
                ModelConfig.Activation.GELU_TANH, true);
    }

    private static int vocab(GgufFile f) {
        GgufFile.TensorInfo t = f.tensors().get("token_embd.weight");
        if (t == null || t.dims().length != 2) {
            throw f.fail("has no 2-dimensional token_embd.weight tensor");
        }
        return Math.toIntExact(t.dims()[1]);
    }

    private static ModelWeights llamaWeights(GgufFile f) {
        ModelConfig c = llamaConfig(f);
        ModelWeights w = new ModelWeights();
        Tensor embedding = table(f, "token_embd.weight");
        w.put("embed.token", embedding);
        for (int l = 0; l < c.layers(); l++) {
            String b = "blk." + l + ".";
            w.put(block(l, "attn_norm.weight"), vector(f, b + "attn_norm.weight"));
            w.put(block(l, "attn.q.weight"), matrix(f, b + "attn_q.weight", 0, -1, c.headDim()));
            w.put(block(l, "attn.k.weight"), matrix(f, b + "attn_k.weight", 0, -1, c.headDim()));
            w.put(block(l, "attn.v.weight"), matrix(f, b + "attn_v.weight", 0, -1, 0));
            w.put(block(l, "attn.o.weight"), matrix(f, b + "attn_output.weight", 0, -1, 0));
            w.put(block(l, "mlp_norm.weight"), vector(f, b + "ffn_norm.weight"));
            w.put(block(l, "mlp.gate.weight"), matrix(f, b + "ffn_gate.weight", 0, -1, 0));
            w.put(block(l, "mlp.up.weight"), matrix(f, b + "ffn_up.weight", 0, -1, 0));
            w.put(block(l, "mlp.down.weight"), matrix(f, b + "ffn_down.weight", 0, -1, 0));
        }
        w.put("final_norm.weight", vector(f, "output_norm.weight"));
        w.put("unembed.weight", f.tensors().containsKey("output.weight") ? table(f, "output.weight") : embedding);
        return w;
    }

    private static ModelWeights gpt2Weights(GgufFile f) {
        ModelConfig c = gpt2Config(f);
        int h = c.hidden();
        ModelWeights w = new ModelWeights();
        Tensor embedding = table(f, "token_embd.weight");
        w.put("embed.token", embedding);
        w.put("embed.position", table(f, "position_embd.weight"));
        for (int l = 0; l < c.layers(); l++) {
            String b = "blk." + l + ".";
            w.put(block(l, "attn_norm.weight"), vector(f, b + "attn_norm.weight"));
            w.put(block(l, "attn_norm.bias"), vector(f, b + "attn_norm.bias"));
            String[] parts = {"q", "k", "v"};
            Tensor qkvBias = vector(f, b + "attn_qkv.bias");
            for (int i = 0; i < 3; i++) {
                w.put(block(l, "attn." + parts[i] + ".weight"), matrix(f, b + "attn_qkv.weight", i * h, h, 0));
                float[] bias = java.util.Arrays.copyOfRange(qkvBias.data(), i * h, (i + 1) * h);
                w.put(block(l, "attn." + parts[i] + ".bias"), Tensor.of(bias, h));
            }
            w.put(block(l, "attn.o.weight"), matrix(f, b + "attn_output.weight", 0, -1, 0));
            w.put(block(l, "attn.o.bias"), vector(f, b + "attn_output.bias"));
            w.put(block(l, "mlp_norm.weight"), vector(f, b + "ffn_norm.weight"));
            w.put(block(l, "mlp_norm.bias"), vector(f, b + "ffn_norm.bias"));
            w.put(block(l, "mlp.up.weight"), matrix(f, b + "ffn_up.weight", 0, -1, 0));
            w.put(block(l, "mlp.up.bias"), vector(f, b + "ffn_up.bias"));
            w.put(block(l, "mlp.down.weight"), matrix(f, b + "ffn_down.weight", 0, -1, 0));
            w.put(block(l, "mlp.down.bias"), vector(f, b + "ffn_down.bias"));
        }
        w.put("final_norm.weight", vector(f, "output_norm.weight"));
        w.put("final_norm.bias", vector(f, "output_norm.bias"));
        w.put("unembed.weight", f.tensors().containsKey("output.weight") ? table(f, "output.weight") : embedding);
        return w;
    }

    private static GgufFile.TensorInfo info(GgufFile f, String name, int rank) {
        GgufFile.TensorInfo t = f.tensors().get(name);
        if (t == null) {
            throw f.fail("has no tensor '" + name + "'; the model is incomplete or of another layout");
        }
        if (t.dims().length != rank) {
            throw f.fail("gives tensor '" + name + "' " + t.dims().length + " dimensions where "
                    + rank + " are expected");
        }
        if (t.elements() > Integer.MAX_VALUE - 8) {
            throw f.fail("has tensor '" + name + "' of " + t.elements() + " elements, more than one Java array holds");
        }
        return t;
    }

    private static Tensor vector(GgufFile f, String name) {
        GgufFile.TensorInfo t = info(f, name, 1);
        int n = (int) t.elements();
        float[] a = new float[n];
        t.type().decode(f.segment(), t.offset(), 0, a, 0, n);
        return Tensor.of(a, n);
    }

    // A [rows, width] table stored as it is (dims [width, rows]): embeddings, the unembedding.
    private static Tensor table(GgufFile f, String name) {
        GgufFile.TensorInfo t = info(f, name, 2);
        int width = (int) t.dims()[0];
        int rows = (int) t.dims()[1];
        float[] a = new float[rows * width];
        t.type().decode(f.segment(), t.offset(), 0, a, 0, a.length);
        return Tensor.of(a, rows, width);
    }

    /*
     * Rows [first, first+count) (count -1: all) of a matrix stored [out, in], returned [in, count].
     * With headDim > 0, rows are moved from interleaved to half-split rotary order within each head.
     */
    private static Tensor matrix(GgufFile f, String name, int first, int count, int headDim) {
        GgufFile.TensorInfo t = info(f, name, 2);
        int in = (int) t.dims()[0];
        int out = count < 0 ? (int) t.dims()[1] : count;
        if (t.type() == GgmlType.Q8_0 && in % 32 != 0) {
            throw f.fail("stores '" + name + "' as Q8_0 with rows of " + in + " values, not whole blocks of 32");
        }
        float[] row = new float[in];
        float[] a = new float[in * out];
        for (int o = 0; o < out; o++) {
            t.type().decode(f.segment(), t.offset(), (long) (first + o) * in, row, 0, in);
            int target = headDim > 0 ? Llama2cReader.halfSplitIndex(o, headDim) : o;
            for (int i = 0; i < in; i++) {
                a[i * out + target] = row[i];
            }
        }
        return Tensor.of(a, in, out);
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
            pieces.add(String.valueOf(tokens.get(i)).replace('\u2581', ' '));
            s[i] = ((Number) scores.get(i)).floatValue();
        }
        return Llama2cTokenizer.of(pieces, s);
    }
}
