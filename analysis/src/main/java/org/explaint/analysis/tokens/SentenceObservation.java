package org.explaint.analysis.tokens;

/**
 * What one sentence contributes to the token-correspondence counts.
 *
 * @param sentenceId      index in the corpus
 * @param positions       number of positions (special tokens included)
 * @param heldOut         whether the linear and MLP maps were scored on it (not a training
 *                        sentence)
 * @param hits            {@code [reference][map][layer]} identified positions; the linear and
 *                        MLP entries are zero when {@code heldOut} is false
 * @param rolloutSelfSum  {@code [layer]} sum over positions of the rollout weight on the
 *                        position's own token
 * @param flowSelfSum     {@code [layer]} the same for attention flow, or null when the sentence
 *                        was longer than the flow cap
 */
public record SentenceObservation(int sentenceId, int positions, boolean heldOut, int[][][] hits,
                                  double[] rolloutSelfSum, double[] flowSelfSum) {
}
