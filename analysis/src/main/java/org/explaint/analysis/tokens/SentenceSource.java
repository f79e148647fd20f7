package org.explaint.analysis.tokens;

/**
 * Gives the states of a sentence by its corpus index; the only way map fitting sees data, so the
 * ids it asks for are exactly the sentences it learned from.
 */
@FunctionalInterface
public interface SentenceSource {
    /** The states of sentence {@code sentenceId}. */
    SentenceStates states(int sentenceId);
}
