package org.explaint.analysis.heads;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one sentence contributes to a head-probing run, in integers, so that sums over
 * sentences do not depend on the order they are added in.
 *
 * <p>Per-head arrays are indexed {@code [layer * heads + head]}.
 *
 * @param index        the sentence's 0-based position in the corpus (orders the bootstrap)
 * @param relations    per universal relation, and under {@link SentenceScorer#ALL} every
 *                     dependent that is neither {@code punct} nor {@code root}
 * @param treeCorrect  per head, gold edges recovered by the maximum-spanning-tree decoding
 *                     (undirected, unlabeled)
 * @param treeEdges    gold edges of the sentence: its words minus one
 * @param specialMass  per head, the mean attention mass on special tokens, in units of
 *                     {@link #MASS_UNIT} (fixed point, so sums are exact)
 */
public record SentenceTally(int index, Map<String, RelationTally> relations, int[] treeCorrect,
                            int treeEdges, long[] specialMass) {
    /** The fixed-point unit of {@link #specialMass}: 1e-9. */
    public static final double MASS_UNIT = 1e-9;

    /** Copies the map, sorted by relation, so the tally cannot change and serialises stably. */
    public SentenceTally {
        relations = Collections.unmodifiableMap(new TreeMap<>(relations));
    }
}
