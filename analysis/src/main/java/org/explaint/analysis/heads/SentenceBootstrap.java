package org.explaint.analysis.heads;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap confidence intervals for a share of hits, resampling sentences.
 *
 * <p>Each resample draws as many sentences as the corpus has, with replacement, from a seeded
 * generator; the share is recomputed as the resampled hits over the resampled totals (a ratio
 * estimator, so long sentences weigh more, as in the full-corpus share). The same resamples are
 * used for every relation and for the baseline, so intervals are comparable and reproducible.
 */
public final class SentenceBootstrap {
    private final int[][] multiplicity;

    /**
     * Draws the resamples.
     *
     * @param sentences number of sentences in the corpus
     * @param resamples number of bootstrap resamples
     * @param seed      the generator's seed
     */
    public SentenceBootstrap(int sentences, int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be positive, got " + resamples);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        multiplicity = new int[resamples][sentences];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < sentences; i++) {
                multiplicity[r][rng.nextInt(sentences)]++;
            }
        }
    }

    /**
     * The central 95% percentile interval of the share {@code sum(hits) / sum(totals)}.
     *
     * @param hits   per sentence, in corpus order
     * @param totals per sentence, in corpus order
     * @return {@code [low, high]}, or null when no resample has a positive total
     */
    public double[] interval(int[] hits, int[] totals) {
        double[] shares = new double[multiplicity.length];
        int m = 0;
        for (int[] weights : multiplicity) {
            long h = 0;
            long t = 0;
            for (int i = 0; i < weights.length; i++) {
                h += (long) weights[i] * hits[i];
                t += (long) weights[i] * totals[i];
            }
            if (t > 0) {
                shares[m++] = (double) h / t;
            }
        }
        if (m == 0) {
            return null;
        }
        double[] s = Arrays.copyOf(shares, m);
        Arrays.sort(s);
        int lo = (int) Math.floor(0.025 * m);
        int hi = Math.max(lo, (int) Math.ceil(0.975 * m) - 1);
        return new double[] {s[lo], s[hi]};
    }
}
