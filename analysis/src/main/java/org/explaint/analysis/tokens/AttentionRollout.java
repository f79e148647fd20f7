package org.explaint.analysis.tokens;

/**
 * Attention rollout after Abnar and Zuidema (2020, "Quantifying Attention Flow in
 * Transformers"): the product over blocks of {@code (A + I) / 2}, where {@code A} is a block's
 * head-averaged pattern, rows renormalised to sum to 1.
 *
 * <p>{@code rollout(0)} is the identity (the input itself); {@code rollout(l)} says how much of
 * the state at position {@code i} after {@code l} blocks is attributed to input token {@code j}.
 */
public final class AttentionRollout {
    private AttentionRollout() {
    }

    /**
     * The residual-mixed attention {@code (A + I) / 2} with rows renormalised.
     *
     * @param attention {@code [query, key]} head-averaged pattern
     * @return {@code [query, key]}
     */
    public static double[][] withResidual(double[][] attention) {
        int n = attention.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                out[i][j] = 0.5 * attention[i][j] + (i == j ? 0.5 : 0.0);
                sum += out[i][j];
            }
            for (int j = 0; j < n; j++) {
                out[i][j] /= sum;
            }
        }
        return out;
    }

    /**
     * Rollouts below every state layer.
     *
     * @param attention {@code [block, query, key]} head-averaged patterns
     * @return {@code [blocks + 1][position, inputToken]}: entry {@code l} is the rollout through
     *         blocks {@code 0..l-1}; entry 0 is the identity
     */
    public static double[][][] rollouts(double[][][] attention) {
        int blocks = attention.length;
        int n = attention.length == 0 ? 0 : attention[0].length;
        double[][][] out = new double[blocks + 1][][];
        out[0] = identity(n);
        for (int l = 0; l < blocks; l++) {
            out[l + 1] = multiply(withResidual(attention[l]), out[l]);
        }
        return out;
    }

    /** The identity matrix of size n. */
    static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    /** {@code a * b} for square matrices. */
    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i][k];
                if (aik == 0) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    out[i][j] += aik * b[k][j];
                }
            }
        }
        return out;
    }
}
