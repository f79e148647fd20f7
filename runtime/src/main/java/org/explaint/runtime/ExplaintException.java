package org.explaint.runtime;

/**
 * An error the user can act on: a bad file, a bad value, a missing input.
 *
 * <p>Its message is one paragraph naming what was wrong and what to do. The command line prints
 * the message alone, without a stack trace, and exits non-zero; anything else is a bug.
 */
public class ExplaintException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message meant for the user. */
    public ExplaintException(String message) {
        super(message);
    }

    /** An error with a message meant for the user and the low-level cause. */
    public ExplaintException(String message, Throwable cause) {
        super(message, cause);
    }
}
