package org.explaint.analysis.tokens;

/** A map from one layer's states to the input space, applied row by row. */
@FunctionalInterface
public interface StateMap {
    /**
     * Maps states.
     *
     * @param states {@code [position, hidden]}
     * @return {@code [position, hidden]} in the input space; may be {@code states} itself
     */
    float[][] apply(float[][] states);

    /** The identity map. */
    static StateMap identity() {
        return states -> states;
    }
}
