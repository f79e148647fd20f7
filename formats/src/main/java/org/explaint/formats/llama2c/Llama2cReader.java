package org.explaint.formats.llama2c;

import static org.explaint.runtime.ModelWeights.block;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.explaint.formats.LoadedModel;
import org.explaint.runtime.ModelConfig;
import org.explaint.runtime.ModelFormatException;
import org.explaint.runtime.ModelWeights;
import org.explaint.runtime.Tensor;
import org.explaint.runtime.Transformer;
import org.explaint.text.Llama2cTokenizer;

/**
 * Reads a llama2.c checkpoint ({@code .bin}, Karpathy's llama2.c "version 0" export, 2023) into
 * the runtime's canonical weights.
 *
 * <p>The file is a header of seven little-endian int32 ({@code dim, hidden_dim, n_layers,
 * n_heads, n_kv_heads, vocab_size, seq_len}; a negative {@code vocab_size} means an unshared
 * classifier is stored last) followed by float32 arrays in llama2.c's order: token embedding,
 * attention RMSNorm weights, wq, wk, wv, wo, MLP RMSNorm weights, w1 (gate), w2 (down), w3 (up),
 * the final RMSNorm weight, two legacy rotary tables (skipped) and, when unshared, the classifier.
 * Matrices are stored {@code [out, in]} per layer and are transposed to the runtime's
 * {@code [in, out]} while being copied out of the memory-mapped file (one copy, no intermediate).
 */
public final class Llama2cReader {
    private static final int HEADER_BYTES = 7 * Integer.BYTES;
    private static final ValueLayout.OfFloat FLOAT_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_LE =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Llama2cReader() {
    }

    /**
     * Loads a checkpoint and the tokenizer found beside it: {@code tok<vocab>.bin} (as llama2.c
     * names custom vocabularies) or {@code tokenizer.bin}.
     *
     * @throws ModelFormatException when a file is missing, truncated or inconsistent
     */
    public static LoadedModel read(Path bin) {
        Transformer model = readTransformer(bin);
        Path dir = bin.toAbsolutePath().getParent();
        for (String name : List.of("tok" + model.config().vocabSize() + ".bin", "tokenizer.bin")) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return assemble(bin, model, candidate);
            }
        }
        throw new ModelFormatException("no tokenizer beside the llama2.c checkpoint " + bin + ": looked for "
                + "tok" + model.config().vocabSize() + ".bin and tokenizer.bin in " + dir
                + "; put the tokenizer .bin there or pass it explicitly");
    }

    /** Loads a checkpoint with the given llama2.c tokenizer file. */
    public static LoadedModel read(Path bin, Path tokenizerBin) {
        return assemble(bin, readTransformer(bin), tokenizerBin);
    }

    private static LoadedModel assemble(Path bin, Transformer model, Path tokenizerBin) {
        Llama2cTokenizer tokenizer = Llama2cTokenizer.read(tokenizerBin);
        if (tokenizer.vocabularySize() != model.config().vocabSize()) {
            throw new ModelFormatException("the tokenizer " + tokenizerBin + " has "
                    + tokenizer.vocabularySize() + " tokens but the checkpoint " + bin + " has a vocabulary of "
                    + model.config().vocabSize() + "; they do not belong together");
        }
        return new LoadedModel(bin.toString(), model, tokenizer, bin, "llama2c");
    }

    /** Reads the checkpoint's weights into a runtime (without a tokenizer). */
    public static Transformer readTransformer(Path bin) {
        try (FileChannel ch = FileChannel.open(bin, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (size < HEADER_BYTES) {
                throw new ModelFormatException("the llama2.c checkpoint " + bin + " has " + size
                        + " bytes, fewer than its 28-byte header; the file is truncated");
            }
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            int[] header = new int[7];
            for (int i = 0; i < 7; i++) {
                header[i] = file.get(INT_LE, (long) i * Integer.BYTES);
            }
            ModelConfig config = config(bin, header);
            boolean shared = header[5] > 0;
            long floats = floatCount(config, shared);
            long expected = floats < 0 || floats > (Long.MAX_VALUE - HEADER_BYTES) / 4 ? -1
                    : HEADER_BYTES + 4L * floats;
            if (size != expected) {
                throw new ModelFormatException("the llama2.c checkpoint " + bin + " has " + size + " bytes but "
                        + "its header (dim " + header[0] + ", hidden_dim " + header[1] + ", layers " + header[2]
                        + ", heads " + header[3] + ", kv heads " + header[4] + ", vocab " + header[5]
                        + ", seq_len " + header[6] + ") implies "
                        + (expected < 0 ? "more than 2^63 bytes or a matrix beyond 2^31 values" : expected)
                        + "; the file is truncated or not a llama2.c version-0 export");
            }
            return new Transformer(config, new Cursor(file).weights(config, shared));
        } catch (IOException e) {
            throw new ModelFormatException("cannot read the llama2.c checkpoint " + bin + ": " + e.getMessage(), e);
        }
    }

    // The runtime configuration a llama2.c header describes.
    private static ModelConfig config(Path bin, int[] h) {
        int dim = h[0];
        int heads = h[3];
        for (int i = 0; i < 7; i++) {
            if ((i == 5 ? Math.abs(h[i]) : h[i]) <= 0) {
                throw new ModelFormatException("header field " + i + " of the llama2.c checkpoint " + bin
                        + " is " + h[i] + "; every size must be positive, so this is not a llama2.c file");
            }
        }
        if (dim % heads != 0 || heads % h[4] != 0 || (dim / heads) % 2 != 0) {
            throw new ModelFormatException("the llama2.c checkpoint " + bin + " has dim " + dim + ", "
                    + heads + " heads and " + h[4] + " kv heads, which do not divide into even heads");
        }
        return new ModelConfig("llama", Math.abs(h[5]), dim, h[2], heads, h[4], dim / heads, h[1], h[6], 0,
                ModelConfig.Norm.RMS_NORM, 1e-5f, ModelConfig.NormPlacement.PRE, false,
                ModelConfig.PositionEncoding.ROTARY, 10000f, ModelConfig.Activation.SILU_GATED, true);
    }

    /*
     * The number of floats the header implies, or -1 when it passes 2^63 or one of its
     * matrices would not fit a Java array. Exact arithmetic matters: a forged header whose
     * product wraps around could otherwise "match" a small file and size huge arrays.
     */
    private static long floatCount(ModelConfig c, boolean shared) {
        long dim = c.hidden();
        long kv = c.kvWidth();
        long layers = c.layers();
        long largest = Math.max(Math.max((long) c.vocabSize(), dim), c.mlpHidden()) * dim;
        if (largest > Integer.MAX_VALUE - 8) {
            return -1;
        }
        try {
            long perLayer = 2 * dim + 2 * dim * dim + 2 * dim * kv   // norms, wq, wo, wk, wv
                    + 3 * dim * c.mlpHidden();                        // w1, w2, w3
            long n = Math.addExact(c.vocabSize() * dim, Math.multiplyExact(layers, perLayer));
            n = Math.addExact(n, dim + (long) c.maxPositions() * c.headDim());   // final norm, rotary tables
            return shared ? n : Math.addExact(n, c.vocabSize() * dim);
        } catch (ArithmeticException overflow) {
            return -1;
        }
    }

    // Reads the float arrays in file order.
    private static final class Cursor {
        private final MemorySegment file;
        private long at = HEADER_BYTES;

        Cursor(MemorySegment file) {
            this.file = file;
        }

        ModelWeights weights(ModelConfig c, boolean shared) {
            int dim = c.hidden();
            int kv = c.kvWidth();
            int m = c.mlpHidden();
            int layers = c.layers();
            ModelWeights w = new ModelWeights();
            Tensor embedding = Tensor.of(plain(c.vocabSize() * dim), c.vocabSize(), dim);
            w.put("embed.token", embedding);
            perLayerVectors(w, layers, dim, "attn_norm.weight");
            perLayerMatrices(w, layers, dim, dim, "attn.q.weight", c.headDim());
            perLayerMatrices(w, layers, kv, dim, "attn.k.weight", c.headDim());
            perLayerMatrices(w, layers, kv, dim, "attn.v.weight", 0);
            perLayerMatrices(w, layers, dim, dim, "attn.o.weight", 0);
            perLayerVectors(w, layers, dim, "mlp_norm.weight");
            perLayerMatrices(w, layers, m, dim, "mlp.gate.weight", 0);
            perLayerMatrices(w, layers, dim, m, "mlp.down.weight", 0);
            perLayerMatrices(w, layers, m, dim, "mlp.up.weight", 0);
            w.put("final_norm.weight", Tensor.of(plain(dim), dim));
            at += 4L * c.maxPositions() * c.headDim();   // freq_cis_real and freq_cis_imag, unused
            w.put("unembed.weight", shared ? embedding : Tensor.of(plain(c.vocabSize() * dim), c.vocabSize(), dim));
            return w;
        }

        private float[] plain(int n) {
            float[] a = new float[n];
            MemorySegment.copy(file, FLOAT_LE, at, a, 0, n);
            at += 4L * n;
            return a;
        }

        private void perLayerVectors(ModelWeights w, int layers, int n, String name) {
            for (int l = 0; l < layers; l++) {
                w.put(block(l, name), Tensor.of(plain(n), n));
            }
        }

        /*
         * Per layer a matrix stored [out, in], copied into [in, out]. When headDim > 0 the
         * output rows are also reordered within each head: llama2.c rotates interleaved pairs
         * (2i, 2i+1) while the runtime rotates half-split pairs (i, i + headDim/2), as Hugging Face
         * Llama does. Moving row 2i to i and row 2i+1 to i + headDim/2 (the inverse of the
         * permutation in Hugging Face's Llama conversion script) makes the two conventions
         * compute the same attention scores, because q.k is a sum over dimensions and query and
         * key are permuted alike.
         */
        private void perLayerMatrices(ModelWeights w, int layers, int out, int in, String name, int headDim) {
            float[] row = new float[in];
            for (int l = 0; l < layers; l++) {
                float[] t = new float[out * in];
                for (int o = 0; o < out; o++) {
                    MemorySegment.copy(file, FLOAT_LE, at + 4L * o * in, row, 0, in);
                    int target = headDim > 0 ? halfSplitIndex(o, headDim) : o;
                    for (int i = 0; i < in; i++) {
                        t[i * out + target] = row[i];
                    }
                }
                at += 4L * out * in;
                w.put(block(l, name), Tensor.of(t, in, out));
            }
        }
    }

    /**
     * Where output row {@code o} of a query or key matrix whose heads rotate interleaved pairs
     * (2i, 2i+1) goes when its heads rotate half-split pairs (i, i + headDim/2); shared by the
     * GGUF reader, whose Llama files use the interleaved order too.
     */
    public static int halfSplitIndex(int o, int headDim) {
        int head = o / headDim;
        int d = o % headDim;
        int half = headDim / 2;
        return head * headDim + (d % 2 == 0 ? d / 2 : half + d / 2);
    }
}
