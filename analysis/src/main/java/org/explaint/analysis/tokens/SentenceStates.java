package org.explaint.analysis.tokens;

/**
 * The states and attention of one sentence, as the token-correspondence analysis needs them.
 *
 * @param sentenceId     index of the sentence in the corpus (0-based)
 * @param states         {@code [layer, position, hidden]} state layers as {@link StateLayers}
 *                       defines them; {@code states[0]} is the {@code embed} hook
 * @param tokenEmbedding {@code [position, hidden]} raw token embedding rows ({@code embed.token},
 *                       without positions, segments or norm)
 * @param attention      {@code [block, query, key]} each block's attention pattern averaged
 *                       over heads
 * @param headPatterns   {@code [block][head, query, key]} the per-head patterns flattened per
 *                       block, or null when not captured
 */
public record SentenceStates(int sentenceId, float[][][] states, float[][] tokenEmbedding,
                             double[][][] attention, float[][] headPatterns) {

    /** Number of positions. */
    public int length() {
        return tokenEmbedding.length;
    }

    /** The reference rows for one of the two references. */
    public float[][] reference(Reference reference) {
        return reference == Reference.EMBED ? states[0] : tokenEmbedding;
    }
}
