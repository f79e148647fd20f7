package org.explaint.runtime;

/**
 * One input sequence: token ids and, for encoders with segment embeddings, segment ids.
 *
 * @param ids      token ids, one per position
 * @param segments segment (token type) ids of the same length, or null for all zeros
 */
public record TokenSequence(int[] ids, int[] segments) {
    /** Checks that the segment ids, when given, match the ids in length. */
    public TokenSequence {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException("a sequence needs at least one token");
        }
        if (segments != null && segments.length != ids.length) {
            throw new IllegalArgumentException("segment ids (" + segments.length
                    + ") and token ids (" + ids.length + ") differ in length");
        }
    }

    /** A sequence with all segment ids zero. */
    public static TokenSequence of(int... ids) {
        return new TokenSequence(ids, null);
    }

    /** Number of positions. */
    public int length() {
        return ids.length;
    }

    /** The segment id at a position (0 when none were given). */
    public int segment(int position) {
        return segments == null ? 0 : segments[position];
    }
}
