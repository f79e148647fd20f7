package org.explaint.analysis.tokens;

import org.explaint.text.Encoding;

/**
 * Piece-level attention or attribution turned into word level, as Clark et al. (2019) do:
 * attention to a word is the sum over its pieces, attention from a word the mean over its
 * pieces; special tokens are dropped (their columns are simply not summed, rows are not
 * renormalised).
 *
 * <p>The same rule as {@code org.explaint.analysis.heads.WordAttention}, which reads a captured
 * pattern tensor; this class takes any {@code [query, key]} matrix in double precision, such as
 * a head's pattern multiplied by the rollout below it.
 */
public final class WordAttribution {
    private WordAttribution() {
    }

    /**
     * Word-level attention.
     *
     * @param pieces   {@code [query, key]} piece-level attention (or attribution)
     * @param encoding the piece-to-word alignment
     * @return {@code [fromWord, toWord]}
     */
    public static double[][] of(double[][] pieces, Encoding encoding) {
        int words = encoding.wordCount();
        int n = encoding.length();

        // Sum over key pieces per word.
        double[][] toWords = new double[n][words];
        for (int q = 0; q < n; q++) {
            for (int k = 0; k < n; k++) {
                int w = encoding.wordOf()[k];
                if (w >= 0) {
                    toWords[q][w] += pieces[q][k];
                }
            }
        }

        // Mean over query pieces per word.
        double[][] out = new double[words][words];
        int[] pieceCount = new int[words];
        for (int q = 0; q < n; q++) {
            int w = encoding.wordOf()[q];
            if (w < 0) {
                continue;
            }
            pieceCount[w]++;
            for (int v = 0; v < words; v++) {
                out[w][v] += toWords[q][v];
            }
        }
        for (int w = 0; w < words; w++) {
            for (int v = 0; v < words && pieceCount[w] > 0; v++) {
                out[w][v] /= pieceCount[w];
            }
        }
        return out;
    }

    /** The most-attended word other than {@code from} (lowest index on ties), or -1 for one word. */
    public static int mostAttendedOther(double[][] words, int from) {
        int best = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < words[from].length; v++) {
            if (v != from && words[from][v] > bestValue) {
                bestValue = words[from][v];
                best = v;
            }
        }
        return best;
    }
}
