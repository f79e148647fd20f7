package org.explaint.analysis.tokens;

/**
 * What one sentence contributes to the re-scoring of the claims, per claim in claim order.
 *
 * @param sentenceId   index in the corpus
 * @param arcs         arcs of the claim's relation in the sentence
 * @param rawHits      hits of the head's own attention
 * @param rolloutHits  hits of the head's attention re-attributed through the rollout below it
 */
public record ClaimObservation(int sentenceId, int[] arcs, int[] rawHits, int[] rolloutHits) {
}
