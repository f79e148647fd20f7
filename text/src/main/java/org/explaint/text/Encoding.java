package org.explaint.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of tokenising one text: ids, their pieces, and the word each piece belongs to.
 *
 * @param ids      token ids, one per position
 * @param pieces   the piece text of each position
 * @param wordOf   for each position, the 0-based index of the word it came from, or -1 for a
 *                 special token ({@code [CLS]}, {@code [SEP]}, a start token)
 * @param segments segment ids per position (all 0 for single texts)
 */
public record Encoding(int[] ids, List<String> pieces, int[] wordOf, int[] segments) {

    /** Checks that every per-position array has one entry per id. */
    public Encoding {
        if (pieces.size() != ids.length || wordOf.length != ids.length || segments.length != ids.length) {
            throw new IllegalArgumentException("encoding arrays differ in length: ids " + ids.length
                    + ", pieces " + pieces.size() + ", wordOf " + wordOf.length + ", segments " + segments.length);
        }
        pieces = List.copyOf(pieces);
    }

    /** Number of positions. */
    public int length() {
        return ids.length;
    }

    /** Number of words (one more than the largest word index). */
    public int wordCount() {
        int max = -1;
        for (int w : wordOf) {
            max = Math.max(max, w);
        }
        return max + 1;
    }

    /** The positions of each word, in order: {@code [word] -> positions}. */
    public List<int[]> positionsByWord() {
        int words = wordCount();
        List<List<Integer>> lists = new ArrayList<>();
        for (int w = 0; w < words; w++) {
            lists.add(new ArrayList<>());
        }
        for (int p = 0; p < ids.length; p++) {
            if (wordOf[p] >= 0) {
                lists.get(wordOf[p]).add(p);
            }
        }
        List<int[]> out = new ArrayList<>(words);
        for (List<Integer> l : lists) {
            out.add(l.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** Whether position {@code p} is a special token. */
    public boolean isSpecial(int p) {
        return wordOf[p] < 0;
    }
}
