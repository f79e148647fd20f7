package org.explaint.analysis.tokens;

/**
 * A rate or mean with its 95% interval.
 *
 * @param rate      the point estimate (pooled over positions)
 * @param ci        {@code [low, high]}, percentile bootstrap over sentences
 * @param positions positions the estimate pools
 * @param sentences sentences the estimate pools
 */
public record Estimate(double rate, double[] ci, long positions, int sentences) {
}
