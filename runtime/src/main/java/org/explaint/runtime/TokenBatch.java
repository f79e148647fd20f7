package org.explaint.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Several sequences run in one forward pass.
 *
 * <p>The runtime packs the real tokens of all sequences into one matrix for the dense layers and
 * runs attention per sequence, so no position ever attends to padding and every sequence gets
 * exactly the numbers it would get alone. Padded input in the usual {@code [batch, length]} form
 * with an attention mask (left or right padding) is accepted by {@link #fromPadded}.
 */
public final class TokenBatch {
    private final List<TokenSequence> sequences;

    /** A batch of the given sequences, in order. */
    public TokenBatch(List<TokenSequence> sequences) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one sequence");
        }
        this.sequences = List.copyOf(sequences);
    }

    /** A batch of one sequence. */
    public static TokenBatch of(TokenSequence sequence) {
        return new TokenBatch(List.of(sequence));
    }

    /**
     * A batch from padded rows: positions whose mask is 0 are padding and are dropped.
     *
     * @param ids      {@code [batch, length]} token ids
     * @param mask     {@code [batch, length]} 1 for real tokens, 0 for padding; the real tokens of
     *                 a row must be contiguous (left or right padding)
     * @param segments {@code [batch, length]} segment ids, or null
     */
    public static TokenBatch fromPadded(int[][] ids, int[][] mask, int[][] segments) {
        List<TokenSequence> out = new ArrayList<>();
        for (int b = 0; b < ids.length; b++) {
            int first = -1;
            int last = -1;
            for (int p = 0; p < ids[b].length; p++) {
                if (mask[b][p] != 0) {
                    if (first < 0) {
                        first = p;
                    } else if (last != p - 1) {
                        throw new IllegalArgumentException("row " + b + " of the attention mask has a gap at "
                                + "position " + (last + 1) + "; only left or right padding is supported");
                    }
                    last = p;
                }
            }
            if (first < 0) {
                throw new IllegalArgumentException("row " + b + " of the attention mask is all padding");
            }
            int[] rowIds = java.util.Arrays.copyOfRange(ids[b], first, last + 1);
            int[] rowSeg = segments == null ? null : java.util.Arrays.copyOfRange(segments[b], first, last + 1);
            out.add(new TokenSequence(rowIds, rowSeg));
        }
        return new TokenBatch(out);
    }

    /** The sequences, in order. */
    public List<TokenSequence> sequences() {
        return sequences;
    }

    /** Number of sequences. */
    public int size() {
        return sequences.size();
    }

    /** Total number of real tokens. */
    public int tokenCount() {
        int n = 0;
        for (TokenSequence s : sequences) {
            n += s.length();
        }
        return n;
    }
}
