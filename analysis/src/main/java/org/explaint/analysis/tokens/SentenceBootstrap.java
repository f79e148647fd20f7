package org.explaint.analysis.tokens;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over sentences for a pooled ratio {@code sum(numerator) / sum(denominator)}.
 *
 * <p>Sentences are resampled with replacement; each resample's pooled ratio is computed and the
 * 2.5th and 97.5th percentiles (nearest rank) form the 95% interval. The seed fixes the
 * resamples, so the same inputs give the same interval.
 */
public final class SentenceBootstrap {
    private final int resamples;
    private final long seed;

    /** A bootstrap with this many resamples and this seed. */
    public SentenceBootstrap(int resamples, long seed) {
        if (resamples < 10) {
            throw new IllegalArgumentException("bootstrap needs at least 10 resamples, got " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    /**
     * The pooled ratio and its interval.
     *
     * @param numerator   per sentence, in a fixed (sentence id) order
     * @param denominator per sentence, positive in total
     */
    public Estimate ratio(double[] numerator, double[] denominator) {
        int m = numerator.length;
        double num = 0;
        double den = 0;
        for (int s = 0; s < m; s++) {
            num += numerator[s];
            den += denominator[s];
        }
        if (m == 0 || den == 0) {
            return new Estimate(Double.NaN, new double[] {Double.NaN, Double.NaN}, 0, m);
        }

        // Resample sentences with replacement.
        SplittableRandom rng = new SplittableRandom(seed);
        double[] stats = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double bn = 0;
            double bd = 0;
            for (int s = 0; s < m; s++) {
                int pick = rng.nextInt(m);
                bn += numerator[pick];
                bd += denominator[pick];
            }
            stats[b] = bd == 0 ? num / den : bn / bd;
        }
        Arrays.sort(stats);
        double low = stats[(int) Math.floor(0.025 * (resamples - 1))];
        double high = stats[(int) Math.ceil(0.975 * (resamples - 1))];
        return new Estimate(num / den, new double[] {low, high}, (long) den, m);
    }
}
