package org.explaint.runtime;

import java.util.Arrays;

/**
 * Incremental decoding of a causal model with a key/value cache.
 *
 * <p>Each call to {@link #append} runs only the new tokens through the model; their keys and
 * values join a per-layer cache and every earlier position is read from it, never recomputed.
 * The logits equal those of a full {@link Transformer#forward} over the whole context (the dense
 * layers give bit-identical rows; attention differs only in the rounding of its softmax sum).
 * Hooks are not visited on this path: capture internals with a full forward pass.
 *
 * <p>The cache holds {@code 2 * layers * positions * kvHeads * headDim} floats and grows by
 * doubling up to the model's context length. A session is not thread-safe; the model it runs
 * may be shared by many sessions.
 */
public final class DecoderSession {
    private final Transformer model;
    private final ModelConfig config;
    private final float[][] keys;     // [layer][position, kvHeads * headDim]
    private final float[][] values;   // [layer][position, kvHeads * headDim]
    private int length;

    /**
     * Starts an empty session.
     *
     * @throws ExplaintException when the model is not causal or has no vocabulary head
     */
    public DecoderSession(Transformer model) {
        this.model = model;
        this.config = model.config();
        if (!config.causal() || !model.hasLogitHead()) {
            throw new ExplaintException("incremental decoding needs a causal language model with a "
                    + "vocabulary head; this " + config.family() + " model is "
                    + (config.causal() ? "causal but has no head" : "not causal"));
        }
        keys = new float[config.layers()][];
        values = new float[config.layers()][];
        Arrays.setAll(keys, l -> new float[0]);
        Arrays.setAll(values, l -> new float[0]);
    }

    /** The number of positions in the context so far. */
    public int length() {
        return length;
    }

    /** The model's context length: the most positions a session can hold. */
    public int capacity() {
        return config.maxPositions();
    }

    /** Empties the context (the cache memory is kept for reuse). */
    public void reset() {
        length = 0;
    }

    /**
     * Appends tokens to the context and returns the logits at the last of them.
     *
     * @param ids one or more token ids (a prompt chunk or a single generated token)
     * @return {@code [vocab]} logits predicting the token after the last one appended
     * @throws ExplaintException when the context would exceed the model's length or an id is
     *                           outside the vocabulary
     */
    public float[] append(int... ids) {
        Tensor all = appendAll(ids);
        int vocab = config.vocabSize();
        return Arrays.copyOfRange(all.data(), all.offset() + (ids.length - 1) * vocab,
                all.offset() + ids.length * vocab);
    }

    /**
     * Appends tokens and returns the logits at every one of them.
     *
     * @return {@code [ids.length, vocab]}
     */
    public Tensor appendAll(int... ids) {
        float[] states = advance(ids);
        return model.logits(Tensor.of(states, ids.length, config.hidden()));
    }

    /**
     * Appends tokens and returns only the logits at the last one, computing the vocabulary
     * projection for that single row (the cheap path used during generation).
     */
    public float[] appendLast(int... ids) {
        float[] states = advance(ids);
        int h = config.hidden();
        float[] last = Arrays.copyOfRange(states, (ids.length - 1) * h, ids.length * h);
        return model.logits(Tensor.of(last, 1, h)).toArrayShared();
    }

    private float[] advance(int[] ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("append needs at least one token");
        }
        ensureCapacity(length + ids.length);
        float[] states = model.forwardCached(ids, length, keys, values);
        length += ids.length;
        return states;
    }

    // Grows every layer's cache to hold `positions` (doubling, capped at the context length).
    private void ensureCapacity(int positions) {
        int kvw = config.kvWidth();
        if (keys[0].length >= positions * kvw || positions > config.maxPositions()) {
            return;
        }
        int target = Math.max(positions, Math.max(16, 2 * keys[0].length / kvw));
        target = Math.min(target, config.maxPositions());
        for (int l = 0; l < keys.length; l++) {
            keys[l] = Arrays.copyOf(keys[l], target * kvw);
            values[l] = Arrays.copyOf(values[l], target * kvw);
        }
    }
}
