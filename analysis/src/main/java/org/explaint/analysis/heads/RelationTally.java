package org.explaint.analysis.heads;

import java.util.ArrayList;
import java.util.List;

/**
 * What one sentence contributes to the scores of one relation: how many dependents could be
 * scored in each direction, how many of them each head got right, and the relative offsets the
 * fixed-offset baseline needs.
 *
 * <p>Arrays are indexed {@code [direction ordinal]} and {@code [direction ordinal][layer * heads +
 * head]}. {@code offsets[direction]} lists, per scored dependent, the offset from the attending
 * word to the word it should find: {@code head - dependent} for {@link Direction#DEP_TO_HEAD},
 * {@code dependent - head} for {@link Direction#HEAD_TO_DEP}.
 *
 * @param count   scored dependents per direction
 * @param hits    hits per direction and head
 * @param offsets target offsets per direction, one per scored dependent
 */
public record RelationTally(int[] count, int[][] hits, int[][] offsets) {

    /** Hits of one head in one direction. */
    public int hits(Direction direction, int layerHead) {
        return hits[direction.ordinal()][layerHead];
    }

    /** Scored dependents in one direction. */
    public int count(Direction direction) {
        return count[direction.ordinal()];
    }

    /** How many scored dependents the offset baseline with offset {@code k} gets right. */
    public int offsetHits(Direction direction, int k) {
        int n = 0;
        for (int offset : offsets[direction.ordinal()]) {
            if (offset == k) {
                n++;
            }
        }
        return n;
    }

    /** A tally under construction, for {@link SentenceScorer}. */
    static final class Builder {
        private final int[] count = new int[2];
        private final int[][] hits;
        private final List<List<Integer>> offsets = List.of(new ArrayList<>(), new ArrayList<>());

        Builder(int layerHeads) {
            hits = new int[2][layerHeads];
        }

        void dependent(Direction direction, int offset) {
            count[direction.ordinal()]++;
            offsets.get(direction.ordinal()).add(offset);
        }

        void hit(Direction direction, int layerHead) {
            hits[direction.ordinal()][layerHead]++;
        }

        RelationTally build() {
            int[][] o = new int[2][];
            for (int d = 0; d < 2; d++) {
                o[d] = offsets.get(d).stream().mapToInt(Integer::intValue).toArray();
            }
            return new RelationTally(count, hits, o);
        }
    }
}
