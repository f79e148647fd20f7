package org.explaint.runtime;

/** A model file, config or tokenizer that is missing, truncated, corrupt or inconsistent. */
public class ModelFormatException extends ExplaintException {
    private static final long serialVersionUID = 1L;

    /** An error naming the file or value that was wrong. */
    public ModelFormatException(String message) {
        super(message);
    }

    /** An error naming the file or value that was wrong, with the low-level cause. */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
