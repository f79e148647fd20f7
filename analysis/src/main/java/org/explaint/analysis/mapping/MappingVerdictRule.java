package org.explaint.analysis.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stated rule that turns a mapping study's numbers into a verdict on the claim "these
 * embeddings carry the knowledge in these norms".
 *
 * <p>Following the argument of Herasimchyk et al. (2025), a high prediction score is not
 * evidence by itself: the rule asks, on every primary metric,
 * <ol>
 * <li><b>beats chance</b>: the real score exceeds every chance control (all controls except
 * the ceiling) by at least {@code margin}, and every repeated control has p &lt; {@code alpha};
 * </li>
 * <li><b>beats copying</b>: this includes the nearest-neighbour copy baseline, so the mapping
 * adds something beyond "similar words have similar norms";</li>
 * <li><b>resolving power</b>: the ceiling control (nonsense targets that are functions of the
 * embeddings) exceeds the best chance control by at least {@code 2 * margin}; otherwise the
 * pipeline scores nonsense like anything else and the metric cannot carry a claim.</li>
 * </ol>
 * A real score near the ceiling does not strengthen the claim: it says the norms are as
 * predictable as arbitrary functions of the embedding geometry, which is the point of the
 * post-mortem. Even when warranted, the verdict licenses only "the embeddings predict these
 * norms beyond chance and beyond neighbour copying", never that the model uses the features.
 *
 * @param name           the rule's name
 * @param primaryMetrics the metrics the rule checks
 * @param margin         the minimum selectivity over each chance control, in metric units
 * @param alpha          the p-value bound for repeated controls
 * @param ceilingControl the name of the ceiling control
 */
public record MappingVerdictRule(String name, List<String> primaryMetrics, double margin,
                                 double alpha, String ceilingControl) {

    /** The default rule: R^2, cosine, precision@k and neighbourhood accuracy; margin 0.05, alpha 0.05. */
    public static MappingVerdictRule standard() {
        return new MappingVerdictRule("beats-every-control-with-resolving-power",
                List.of("r2", "cosine", "precision_at_k", "neighbour_acc"), 0.05, 0.05,
                new Control.ProjectionTargets().name());
    }

    /** The rule in words, printed with the numbers. */
    public String text() {
        return String.format(Locale.ROOT, "On each of %s: the real score must exceed every chance "
                + "control (all but %s, including the nearest-neighbour copy) by >= %.3f with "
                + "permutation p < %.3f for repeated controls, and the ceiling (%s) must exceed the "
                + "best chance control by >= %.3f so the metric can tell anything apart. Warranted "
                + "means only: the embeddings predict these norms beyond chance and beyond copying "
                + "a neighbour's norms; prediction is not explanation, and a score near the ceiling "
                + "adds no further support.", primaryMetrics, ceilingControl, margin, alpha,
                ceilingControl, 2 * margin);
    }

    /** Applies the rule. */
    public MappingVerdict decide(Map<String, Score> real, List<ControlOutcome> controls) {
        List<String> reasons = new ArrayList<>();
        Map<String, Double> headroom = new LinkedHashMap<>();
        for (String metric : primaryMetrics) {
            double r = real.get(metric).value();
            double bestChance = Double.NEGATIVE_INFINITY;
            double ceiling = Double.NaN;
            for (ControlOutcome c : controls) {
                double v = c.scores().get(metric).value();
                if (c.name().equals(ceilingControl)) {
                    ceiling = v;
                    continue;
                }
                bestChance = Math.max(bestChance, v);
                if (!(r - v >= margin)) {
                    reasons.add(String.format(Locale.ROOT, "%s: real %.4f does not beat %s %.4f by %.3f",
                            metric, r, c.name(), v, margin));
                }
                Double p = c.pValues().get(metric);
                if (p != null && !(p < alpha)) {
                    reasons.add(String.format(Locale.ROOT, "%s: p = %.4f against %s (needs < %.3f)",
                            metric, p, c.name(), alpha));
                }
            }
            if (!Double.isNaN(ceiling) && !(ceiling - bestChance >= 2 * margin)) {
                reasons.add(String.format(Locale.ROOT, "%s: no resolving power, ceiling %.4f vs best "
                        + "chance control %.4f", metric, ceiling, bestChance));
            } else if (!Double.isNaN(ceiling)) {
                // where the real score sits between the best chance control (0) and the ceiling
                // (1); undefined, so left out, where the ceiling does not clear chance
                headroom.put(metric, (r - bestChance) / (ceiling - bestChance));
            }
        }
        return new MappingVerdict(name, text(), reasons.isEmpty(), reasons, headroom);
    }
}
