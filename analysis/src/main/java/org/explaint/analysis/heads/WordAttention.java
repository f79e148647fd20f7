package org.explaint.analysis.heads;

import java.util.List;
import org.explaint.runtime.Tensor;
import org.explaint.text.Encoding;

/**
 * Turns one layer's piece-level attention into word-level attention, the way Clark, Khandelwal,
 * Levy and Manning (2019, "What does BERT look at?") do.
 *
 * <p>Attention <em>to</em> a word is the sum over its pieces (the key columns); attention
 * <em>from</em> a word is the mean over its pieces (the query rows). Special tokens
 * ({@code [CLS]}, {@code [SEP]}, a start token) are dropped, so a word-level row sums to one
 * minus the attention the word's pieces send to special tokens; that mass is measured separately
 * by {@link #specialMass}, because a head that parks most of its attention on {@code [SEP]} is a
 * known confound of the argmax scores.
 */
public final class WordAttention {
    private WordAttention() {
    }

    /**
     * Word-level attention of every head of one layer.
     *
     * @param pattern  the captured {@code blocks.L.attn.pattern}, {@code [head, query, key]}
     * @param encoding the encoding the pass ran on; every word must own at least one piece
     * @return {@code [head, query word, key word]}
     */
    public static float[][][] fromPieces(Tensor pattern, Encoding encoding) {
        int heads = pattern.dim(0);
        int positions = pattern.dim(1);
        List<int[]> piecesOf = encoding.positionsByWord();
        int words = piecesOf.size();
        float[] a = pattern.data();
        int base = pattern.offset();
        float[][][] out = new float[heads][words][words];
        for (int h = 0; h < heads; h++) {
            for (int qw = 0; qw < words; qw++) {
                int[] queries = piecesOf.get(qw);
                float[] row = out[h][qw];

                // Sum each query piece's attention into the word of its key, then average.
                for (int q : queries) {
                    int rowStart = base + (h * positions + q) * positions;
                    for (int k = 0; k < positions; k++) {
                        int kw = encoding.wordOf()[k];
                        if (kw >= 0) {
                            row[kw] += a[rowStart + k];
                        }
                    }
                }
                float scale = 1f / queries.length;
                for (int kw = 0; kw < words; kw++) {
                    row[kw] *= scale;
                }
            }
        }
        return out;
    }

    /**
     * The attention mass each head puts on special tokens: for every query position (special
     * ones included), the sum of its attention to special-token keys, averaged over positions.
     *
     * @param pattern  {@code [head, query, key]}
     * @param encoding the encoding the pass ran on
     * @return {@code [head]}, each in [0, 1]
     */
    public static double[] specialMass(Tensor pattern, Encoding encoding) {
        int heads = pattern.dim(0);
        int positions = pattern.dim(1);
        float[] a = pattern.data();
        int base = pattern.offset();
        double[] out = new double[heads];
        for (int h = 0; h < heads; h++) {
            double sum = 0;
            for (int q = 0; q < positions; q++) {
                int rowStart = base + (h * positions + q) * positions;
                for (int k = 0; k < positions; k++) {
                    if (encoding.isSpecial(k)) {
                        sum += a[rowStart + k];
                    }
                }
            }
            out[h] = sum / positions;
        }
        return out;
    }
}
