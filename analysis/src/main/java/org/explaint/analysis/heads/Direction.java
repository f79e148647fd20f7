package org.explaint.analysis.heads;

/**
 * Which way a head's attention is read when it is compared with a dependency arc.
 *
 * <p>{@link #DEP_TO_HEAD}: the dependent's row; a hit when the dependent's most-attended other
 * word is its syntactic head. {@link #HEAD_TO_DEP}: the head's row; a hit when the head's
 * most-attended other word is this dependent.
 */
public enum Direction {
    /** The dependent attends to its head. */
    DEP_TO_HEAD("dep->head"),
    /** The head attends to its dependent. */
    HEAD_TO_DEP("head->dep");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    /** The label used in JSON output: {@code dep->head} or {@code head->dep}. */
    public String label() {
        return label;
    }
}
