package org.explaint.analysis.tokens;

import java.util.Arrays;

/**
 * The maps fitted per state layer and reference, with the training sentences they saw.
 *
 * <p>Serializable when its maps are (the fitted {@link RidgeMap} and {@link TanhMlpMap} are), so
 * a distributed run fits once and ships the maps to its workers.
 *
 * @param linear             {@code [reference ordinal][layer]} ridge maps
 * @param mlp                {@code [reference ordinal][layer]} tanh MLP maps
 * @param trainingSentences  the sentence ids the maps were fitted on, ascending
 * @param trainingPositions  how many positions (rows) each map was fitted on
 */
public record FittedMaps(StateMap[][] linear, StateMap[][] mlp, int[] trainingSentences,
                         int trainingPositions) implements java.io.Serializable {

    /** The map of a kind for a reference and layer ({@link StateMap#identity()} for IDENTITY). */
    public StateMap map(MapKind kind, Reference reference, int layer) {
        return switch (kind) {
            case IDENTITY -> StateMap.identity();
            case LINEAR -> linear[reference.ordinal()][layer];
            case MLP -> mlp[reference.ordinal()][layer];
        };
    }

    /** Whether the maps were fitted on this sentence. */
    public boolean sawSentence(int sentenceId) {
        return Arrays.binarySearch(trainingSentences, sentenceId) >= 0;
    }
}
