package org.explaint.runtime;

/**
 * The shape and wiring of a transformer, independent of the file it was loaded from.
 *
 * <p>One record describes BERT-family encoders (post-norm, learned positions, GELU),
 * GPT-2 (pre-norm, learned positions, tanh GELU, causal) and the Llama family (pre-norm RMSNorm,
 * rotary positions, SwiGLU, grouped-query attention, causal). The runtime reads nothing else
 * about the architecture, so a new family that fits these switches needs no new forward code.
 *
 * @param family            a short name for messages and metadata: {@code bert}, {@code gpt2},
 *                          {@code llama}
 * @param vocabSize         rows of the token embedding
 * @param hidden            width of the residual stream
 * @param layers            number of transformer blocks
 * @param heads             query heads per block
 * @param kvHeads           key/value heads per block; equal to {@code heads} without grouping
 * @param headDim           width of one head
 * @param mlpHidden         width of the MLP's inner layer
 * @param maxPositions      longest sequence the position table (or the model's training) allows
 * @param typeVocabSize     rows of the segment embedding, 0 where there is none
 * @param norm              LayerNorm or RMSNorm
 * @param normEpsilon       the norm's epsilon
 * @param normPlacement     POST (BERT: norm after each residual add) or PRE (GPT-2, Llama)
 * @param embeddingNorm     whether a norm follows the embedding sum (BERT)
 * @param positions         LEARNED table or ROTARY
 * @param ropeTheta         rotary base, used when positions is ROTARY
 * @param activation        the MLP's activation
 * @param causal            whether a position attends only to itself and earlier positions
 */
public record ModelConfig(
        String family,
        int vocabSize,
        int hidden,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int mlpHidden,
        int maxPositions,
        int typeVocabSize,
        Norm norm,
        float normEpsilon,
        NormPlacement normPlacement,
        boolean embeddingNorm,
        PositionEncoding positions,
        float ropeTheta,
        Activation activation,
        boolean causal) {

    /** Which normalisation the blocks use. */
    public enum Norm { LAYER_NORM, RMS_NORM }

    /** Where the norms sit relative to the residual adds. */
    public enum NormPlacement { PRE, POST }

    /** How positions enter the model. */
    public enum PositionEncoding { LEARNED, ROTARY }

    /** The MLP's non-linearity; SILU_GATED is SwiGLU (silu(gate) * up). */
    public enum Activation { GELU_ERF, GELU_TANH, SILU_GATED }

    /** Checks every size so that a corrupt config fails here, not deep in a kernel. */
    public ModelConfig {
        positive("vocabSize", vocabSize);
        positive("hidden", hidden);
        positive("layers", layers);
        positive("heads", heads);
        positive("kvHeads", kvHeads);
        positive("headDim", headDim);
        positive("mlpHidden", mlpHidden);
        positive("maxPositions", maxPositions);
        if (typeVocabSize < 0) {
            throw new IllegalArgumentException("typeVocabSize must not be negative, got " + typeVocabSize);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads (" + heads + ") must be a multiple of kvHeads ("
                    + kvHeads + ")");
        }
        if (positions == PositionEncoding.ROTARY && headDim % 2 != 0) {
            throw new IllegalArgumentException("rotary positions need an even headDim, got " + headDim);
        }
        if (!(normEpsilon > 0f) || !Float.isFinite(normEpsilon)) {
            throw new IllegalArgumentException("normEpsilon must be a positive number, got " + normEpsilon);
        }
        if (family == null || norm == null || normPlacement == null || positions == null
                || activation == null) {
            throw new IllegalArgumentException("family, norm, normPlacement, positions and activation "
                    + "must all be given");
        }
    }

    /** Width of all query heads together. */
    public int queryWidth() {
        return heads * headDim;
    }

    /** Width of all key (or value) heads together. */
    public int kvWidth() {
        return kvHeads * headDim;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
