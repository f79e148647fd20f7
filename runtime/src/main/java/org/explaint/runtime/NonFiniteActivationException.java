package org.explaint.runtime;

/**
 * A NaN or an infinity appeared at a hook point during a forward pass. The weights were checked
 * when the model was built, so the value was produced by the computation itself (an overflow in
 * a model run far outside its training range) or put there by an intervention.
 */
public final class NonFiniteActivationException extends ExplaintException {
    private static final long serialVersionUID = 1L;
    private final String hook;
    private final int sequence;
    private final int position;

    /**
     * @param hook     the hook point whose value is not finite, e.g. {@code blocks.3.attn.z}
     * @param sequence the sequence of the batch
     * @param position the position within that sequence
     * @param column   the column within the row (hidden unit, or head * headDim + unit)
     * @param value    the value found
     */
    public NonFiniteActivationException(String hook, int sequence, int position, int column, float value) {
        super("the forward pass produced " + value + " at hook '" + hook + "' (sequence " + sequence
                + ", position " + position + ", column " + column + "); the weights are finite, so the "
                + "activations overflowed or an intervention wrote it; no score is computed from it");
        this.hook = hook;
        this.sequence = sequence;
        this.position = position;
    }

    /** The hook point, which names the layer: {@code blocks.L....}. */
    public String hook() {
        return hook;
    }

    /** The sequence of the batch. */
    public int sequence() {
        return sequence;
    }

    /** The position within the sequence. */
    public int position() {
        return position;
    }
}
