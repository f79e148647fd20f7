package org.explaint.analysis.tokens;

/**
 * Receives every sentence's states during a token-correspondence run, so another analysis (the
 * claim re-scorer) can share its forward passes. Called from worker threads: implementations
 * must be thread-safe and must not rely on call order.
 */
@FunctionalInterface
public interface SentenceListener {
    /** Called once per sentence. */
    void accept(SentenceStates states);

    /** A listener that does nothing. */
    static SentenceListener none() {
        return states -> { };
    }
}
