package org.explaint.runtime;

/**
 * An edit applied to an activation during the forward pass; the edited value flows on.
 *
 * <p>The tensor handed over is the runtime's own working memory for that hook point and that
 * sequence, in the shape {@link HookNames} documents. Edit it in place: zero a head's slice,
 * copy in a value captured from another input, scale a direction.
 */
@FunctionalInterface
public interface Intervention {
    /**
     * Edits {@code value} in place.
     *
     * @param hook     the hook point name, e.g. {@code blocks.3.attn.pattern}
     * @param sequence the index of the sequence within the batch
     * @param value    the activation, editable
     */
    void edit(String hook, int sequence, Tensor value);

    /** Zeroes one head of an attention hook whose shape starts {@code [head, ...]} (pattern, scores). */
    static Intervention zeroHeadPattern(int head) {
        return (hook, sequence, value) -> value.slice(head).fill(0f);
    }

    /** Zeroes one head of a per-position head hook {@code [position, head, headDim]} (q, k, v, z). */
    static Intervention zeroHead(int head) {
        return (hook, sequence, value) -> {
            for (int p = 0; p < value.dim(0); p++) {
                value.slice(p).slice(head).fill(0f);
            }
        };
    }

    /** Replaces the activation with a value of the same shape (activation patching). */
    static Intervention patch(Tensor replacement) {
        return (hook, sequence, value) -> value.copyFrom(replacement);
    }
}
