package org.explaint.runtime;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits: greedy at temperature 0, otherwise seeded sampling with
 * optional nucleus (top-p) truncation (Holtzman et al., 2020).
 *
 * <p>Greedy picks the lowest id among equal maxima. Sampling divides the logits by the
 * temperature, takes the softmax, keeps the smallest set of most probable tokens whose mass
 * reaches {@code topP} (all tokens when {@code topP >= 1}), and draws from it with a
 * {@link SplittableRandom} seeded once, so a seed reproduces a whole generation.
 */
public final class TokenSampler {
    private final float temperature;
    private final float topP;
    private final SplittableRandom random;

    /**
     * @param temperature 0 for greedy decoding, otherwise a positive divisor of the logits
     * @param topP        nucleus mass in (0, 1]
     * @param seed        seed of the random draws (unused when greedy)
     */
    public TokenSampler(float temperature, float topP, long seed) {
        if (!(temperature >= 0f) || !Float.isFinite(temperature)) {
            throw new ExplaintException("temperature must be 0 (greedy) or a positive number, got "
                    + temperature);
        }
        if (!(topP > 0f && topP <= 1f)) {
            throw new ExplaintException("top-p must be in (0, 1], got " + topP);
        }
        this.temperature = temperature;
        this.topP = topP;
        this.random = new SplittableRandom(seed);
    }

    /** The index of the largest logit (the first of equal maxima). */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Chooses the next token id from {@code [vocab]} logits. */
    public int next(float[] logits) {
        if (temperature == 0f) {
            return argmax(logits);
        }

        // Softmax of the tempered logits, in double for a stable cumulative sum.
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }

        // Most probable first; keep the nucleus whose mass reaches topP.
        Integer[] order = new Integer[p.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        double mass = 0;
        int kept = 0;
        while (kept < order.length) {
            mass += p[order[kept++]] / sum;
            if (mass >= topP) {
                break;
            }
        }

        // One draw within the nucleus.
        double u = random.nextDouble() * mass * sum;
        double acc = 0;
        for (int r = 0; r < kept; r++) {
            acc += p[order[r]];
            if (u < acc) {
                return order[r];
            }
        }
        return order[kept - 1];
    }
}
