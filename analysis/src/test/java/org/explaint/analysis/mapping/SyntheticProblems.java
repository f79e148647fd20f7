package org.explaint.analysis.mapping;

import java.util.SplittableRandom;

/** Random problems whose answer is known, for the mapping tests. */
final class SyntheticProblems {
    private SyntheticProblems() {
    }

    /** A standard normal table {@code [rows, cols]}. */
    static double[][] gaussian(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] out = new double[rows][cols];
        for (double[] r : out) {
            for (int j = 0; j < cols; j++) {
                r[j] = Control.gaussian(rng);
            }
        }
        return out;
    }

    /** {@code x w + noise * N(0, 1)} with w standard normal. */
    static double[][] linearTargets(double[][] x, int targets, double noise, long seed) {
        double[][] w = gaussian(x[0].length, targets, seed);
        double[][] e = gaussian(x.length, targets, seed + 1);
        double[][] y = new double[x.length][targets];
        for (int i = 0; i < x.length; i++) {
            for (int t = 0; t < targets; t++) {
                double s = 0;
                for (int j = 0; j < x[0].length; j++) {
                    s += x[i][j] * w[j][t];
                }
                y[i][t] = s + noise * e[i][t];
            }
        }
        return y;
    }
}
