package org.explaint.analysis.mapping;

import java.util.List;
import java.util.Map;

/**
 * The verdict of a mapping study under a stated rule.
 *
 * @param rule      the rule's name
 * @param ruleText  the rule in words
 * @param warranted whether the (narrow) claim in the rule text is warranted
 * @param reasons   every check that failed; empty when warranted
 * @param position  per primary metric, where the real score lies between the best chance
 *                  control (0) and the ceiling control (1); only for metrics whose ceiling
 *                  clears chance (elsewhere the position means nothing)
 */
public record MappingVerdict(String rule, String ruleText, boolean warranted, List<String> reasons,
                             Map<String, Double> position) {
}
