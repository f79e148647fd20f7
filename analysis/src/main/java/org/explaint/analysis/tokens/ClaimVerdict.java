package org.explaint.analysis.tokens;

/**
 * A re-scored relation claim with its verdict.
 *
 * <p>In {@code rawScore} and {@code rolloutScore} the estimate's {@code positions} counts arcs.
 * A claim whose relation has no arc in the run's sentences is labelled not warranted: there is
 * nothing to support it.
 *
 * @param relation          the relation
 * @param layer             0-based block of the head
 * @param head              0-based head
 * @param direction         {@code dep->head} or {@code head->dep}
 * @param reportedScore     the score in the head-probing file
 * @param rawScore          the head's score recomputed on this run's sentences
 * @param rolloutScore      the score after re-attributing the head's attention to input tokens
 * @param baselineScore     the offset baseline's score (from the head-probing file)
 * @param baselineCi        its interval
 * @param identifiability   identity identifiability of the block's input states against embed
 * @param arcs              arcs scored in this run
 * @param verdict           {@code warranted}, {@code weak} or {@code not warranted}
 */
public record ClaimVerdict(String relation, int layer, int head, String direction, double reportedScore,
                           Estimate rawScore, Estimate rolloutScore, double baselineScore, double[] baselineCi,
                           double identifiability, long arcs, String verdict) {
}
