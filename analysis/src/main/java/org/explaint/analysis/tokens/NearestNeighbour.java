package org.explaint.analysis.tokens;

/**
 * The identifiability check of Brunner et al. (2020, "On Identifiability in Transformers"): is
 * the (mapped) state at position {@code i} nearest by cosine to position {@code i}'s reference
 * among all positions of the same sentence?
 *
 * <p>Every position counts, special tokens included. Ties go to the lowest position, so a
 * state equally close to two references is identified only when its own is the first of them.
 * Brunner et al. use a nearest-neighbour lookup in the same way; this class works per sentence
 * (candidates are the sentence's own positions), not over the whole vocabulary.
 */
public final class NearestNeighbour {
    private NearestNeighbour() {
    }

    /**
     * Counts the identified positions.
     *
     * @param mapped    {@code [position, hidden]} states mapped to the input space
     * @param reference {@code [position, hidden]} the reference rows
     * @return how many positions {@code i} have {@code argmax_j cos(mapped_i, reference_j) == i}
     */
    public static int identifiedCount(float[][] mapped, float[][] reference) {
        int n = reference.length;
        double[] refNorm = new double[n];
        for (int j = 0; j < n; j++) {
            refNorm[j] = Math.sqrt(dot(reference[j], reference[j]));
        }
        int hits = 0;
        for (int i = 0; i < n; i++) {
            if (nearest(mapped[i], reference, refNorm) == i) {
                hits++;
            }
        }
        return hits;
    }

    /** The index of the reference row nearest by cosine to {@code x} (lowest index on ties). */
    static int nearest(float[] x, float[][] reference, double[] refNorm) {
        double xNorm = Math.sqrt(dot(x, x));
        int best = -1;
        double bestCos = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < reference.length; j++) {
            double denominator = xNorm * refNorm[j];
            double cos = denominator == 0 ? 0 : dot(x, reference[j]) / denominator;
            if (cos > bestCos) {
                bestCos = cos;
                best = j;
            }
        }
        return best;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += (double) a[k] * b[k];
        }
        return s;
    }
}
