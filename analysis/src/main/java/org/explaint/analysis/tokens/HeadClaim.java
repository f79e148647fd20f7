package org.explaint.analysis.tokens;

/**
 * One attention-based relation claim read from a head-probing result: "head (layer, head) tracks
 * this relation".
 *
 * @param relation         the relation (universal label, or {@code all})
 * @param count            arcs of the relation in the probing run
 * @param layer            0-based block of the best head
 * @param head             0-based head
 * @param direction        {@code dep->head} or {@code head->dep}
 * @param score            the score the probing run reported
 * @param baselineOffset   the best fixed offset's k
 * @param baselineScore    the offset baseline's score
 * @param baselineCi       the offset baseline's 95% interval {@code [low, high]}
 *
 * <p>Serializable, so a distributed run reads the claims once and sends them to its workers.
 */
public record HeadClaim(String relation, int count, int layer, int head, String direction, double score,
                        int baselineOffset, double baselineScore, double[] baselineCi)
        implements java.io.Serializable {

    /** Label of the dependent-attends-to-head direction. */
    public static final String DEP_TO_HEAD = "dep->head";
    /** Label of the head-attends-to-dependent direction. */
    public static final String HEAD_TO_DEP = "head->dep";

    /** Checks the direction label. */
    public HeadClaim {
        if (!DEP_TO_HEAD.equals(direction) && !HEAD_TO_DEP.equals(direction)) {
            throw new IllegalArgumentException("relation '" + relation + "': direction must be '"
                    + DEP_TO_HEAD + "' or '" + HEAD_TO_DEP + "', got '" + direction + "'");
        }
    }

    /** Whether the dependent's row is read (dep->head). */
    public boolean fromDependent() {
        return DEP_TO_HEAD.equals(direction);
    }

    /** Whether a treebank arc belongs to this claim's relation ({@code all}: every non-punct arc). */
    public boolean covers(String arcRelation) {
        return relation.equals("all") ? !arcRelation.equals("punct") : relation.equals(arcRelation);
    }
}
