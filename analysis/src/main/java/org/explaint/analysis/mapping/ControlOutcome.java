package org.explaint.analysis.mapping;

import java.util.Map;

/**
 * What one control scored, and how the real run compares with it.
 *
 * @param name        the control's report name
 * @param description what the control destroys or keeps
 * @param runs        number of cross-validation runs (seeds) behind the scores
 * @param scores      metric name to score
 * @param pValues     metric name to permutation p-value {@code (1 + #{control >= real}) / (R + 1)};
 *                    empty for a control run once
 * @param selectivity metric name to real score minus control score
 */
public record ControlOutcome(String name, String description, int runs, Map<String, Score> scores,
                             Map<String, Double> pValues, Map<String, Double> selectivity) {
}
