package org.explaint.analysis.tokens;

/**
 * Settings of a token-correspondence run.
 *
 * @param threads        worker threads (each runs its own forward passes)
 * @param seed           seed of the train/held-out split, the MLP and the bootstrap
 * @param trainFraction  share of sentences the linear and MLP maps are fitted on (the rest are
 *                       held out and scored)
 * @param flowMaxLength  attention flow is computed only for sentences of at most this many
 *                       positions (special tokens included); 0 turns flow off
 * @param resamples      bootstrap resamples for the 95% intervals
 * @param maps           map fitting settings
 */
public record CorrespondenceSettings(int threads, long seed, double trainFraction, int flowMaxLength,
                                     int resamples, MapFitter.Settings maps) {
    /** Checks the ranges. */
    public CorrespondenceSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("train fraction must lie in (0, 1), got " + trainFraction);
        }
        if (flowMaxLength < 0) {
            throw new IllegalArgumentException("flow length cap must be >= 0, got " + flowMaxLength);
        }
    }

    /**
     * Defaults: 1 thread, 30% training sentences, flow up to 20 positions, 1000 resamples.
     *
     * <p>Flow costs about n^4 per sentence of n positions (one max-flow per layer, position and
     * input token); the cap of 20 keeps a full EWT dev run short while covering most sentences.
     */
    public static CorrespondenceSettings defaults(long seed) {
        return new CorrespondenceSettings(1, seed, 0.3, 20, 1000, MapFitter.Settings.defaults(seed));
    }

    /** The same settings with another thread count. */
    public CorrespondenceSettings withThreads(int count) {
        return new CorrespondenceSettings(count, seed, trainFraction, flowMaxLength, resamples, maps);
    }

    /** The same settings with another flow cap. */
    public CorrespondenceSettings withFlowMaxLength(int cap) {
        return new CorrespondenceSettings(threads, seed, trainFraction, cap, resamples, maps);
    }
}
