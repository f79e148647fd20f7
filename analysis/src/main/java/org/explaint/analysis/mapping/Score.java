package org.explaint.analysis.mapping;

import java.util.Arrays;

/**
 * A score with an interval.
 *
 * @param value    the point estimate
 * @param low      lower end of the interval
 * @param high     upper end of the interval
 * @param interval how the interval was made, e.g. {@code "folds: mean +- 1.96 SE"}
 */
public record Score(double value, double low, double high, String interval) {

    /**
     * A pooled score with a normal-approximation 95% interval from per-fold scores:
     * {@code value +- 1.96 sd(folds) / sqrt(k)}.
     */
    public static Score overFolds(double pooled, double[] perFold) {
        double[] v = Arrays.stream(perFold).filter(d -> !Double.isNaN(d)).toArray();
        if (v.length < 2) {
            return new Score(pooled, Double.NaN, Double.NaN, "folds: too few to estimate");
        }
        double mean = Arrays.stream(v).average().orElse(0);
        double ss = 0;
        for (double d : v) {
            ss += (d - mean) * (d - mean);
        }
        double se = Math.sqrt(ss / (v.length - 1) / v.length);
        return new Score(pooled, pooled - 1.96 * se, pooled + 1.96 * se,
                "95% over " + v.length + " folds: pooled +- 1.96 SE of fold scores");
    }

    /** The mean of repeated control runs with the 2.5 and 97.5 percentiles of the runs. */
    public static Score overRuns(double[] runs) {
        double[] v = Arrays.stream(runs).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return new Score(Double.NaN, Double.NaN, Double.NaN, "no runs");
        }
        double mean = Arrays.stream(v).average().orElse(0);
        return new Score(mean, quantile(v, 0.025), quantile(v, 0.975),
                "2.5-97.5 percentiles over " + v.length + " seeded runs");
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
