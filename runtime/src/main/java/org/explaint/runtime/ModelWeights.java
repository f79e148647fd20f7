package org.explaint.runtime;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A model's parameters under explaint's canonical names and layouts.
 *
 * <p>Format readers translate whatever a file calls a tensor into these names, so the runtime
 * never knows where a weight came from. Matrices of linear layers are stored {@code [in, out]}
 * (the product is {@code x @ W}); embedding and unembedding tables are {@code [vocab, hidden]}.
 * <pre>
 * embed.token [vocab, hidden]   embed.position [maxPositions, hidden]   embed.segment [types, hidden]
 * embed.norm.weight|bias [hidden]
 * blocks.L.attn.q.weight [hidden, heads*headDim]     blocks.L.attn.q.bias [heads*headDim]
 * blocks.L.attn.k.weight|v.weight [hidden, kvHeads*headDim]  (biases likewise, optional)
 * blocks.L.attn.o.weight [heads*headDim, hidden]     blocks.L.attn.o.bias [hidden]
 * blocks.L.attn_norm.weight|bias   the norm after attention (POST) or before it (PRE)
 * blocks.L.mlp.up.weight [hidden, mlp]   blocks.L.mlp.gate.weight [hidden, mlp] (gated only)
 * blocks.L.mlp.down.weight [mlp, hidden] (biases optional)
 * blocks.L.mlp_norm.weight|bias    the norm after the MLP (POST) or before it (PRE)
 * final_norm.weight|bias           pre-norm models
 * mlm.dense.weight [hidden, hidden], mlm.dense.bias, mlm.norm.weight|bias   masked-LM transform
 * unembed.weight [vocab, hidden] (absent: tied to embed.token)   unembed.bias [vocab]
 * </pre>
 * Biases and RMSNorm's missing bias are simply absent.
 */
public final class ModelWeights {
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    /** Adds or replaces a tensor. */
    public ModelWeights put(String name, Tensor tensor) {
        tensors.put(name, tensor);
        return this;
    }

    /** Whether a tensor of this name is present. */
    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor of this name, or null. */
    public Tensor find(String name) {
        return tensors.get(name);
    }

    /** The tensor of this name, checked against the expected shape. */
    public Tensor require(String name, int... shape) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new ModelFormatException("the model has no weight '" + name + "' (expected shape "
                    + Arrays.toString(shape) + "); the file is incomplete or of another architecture");
        }
        check(name, t, shape);
        return t;
    }

    /** The tensor of this name checked against the shape, or null where it is absent. */
    public Tensor optional(String name, int... shape) {
        Tensor t = tensors.get(name);
        if (t != null) {
            check(name, t, shape);
        }
        return t;
    }

    /** All names, in insertion order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    /** Number of float parameters held. */
    public long parameterCount() {
        long n = 0;
        for (Tensor t : tensors.values()) {
            n += t.size();
        }
        return n;
    }

    /** The name of a block weight, e.g. {@code block(2, "attn.q.weight")}. */
    public static String block(int layer, String suffix) {
        return "blocks." + layer + "." + suffix;
    }

    private static void check(String name, Tensor t, int[] shape) {
        if (!Arrays.equals(t.shape(), shape)) {
            throw new ModelFormatException("weight '" + name + "' has shape " + Arrays.toString(t.shape())
                    + " but the model's config needs " + Arrays.toString(shape)
                    + "; the weights and the config do not belong together");
        }
    }
}
