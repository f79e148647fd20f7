package org.explaint.runtime.kernels;

/**
 * A weight matrix {@code [in, out]} re-laid as column panels for {@link MatMul}.
 *
 * <p>Panel {@code p} holds columns {@code [p * MatMul.PANEL, (p + 1) * MatMul.PANEL)} of every
 * row, one row after the other: {@code panels[(p * in + k) * PANEL + j] = w[k][p * PANEL + j]}.
 * The product then reads each panel front to back instead of striding through whole rows of
 * {@code w}, which keeps the kernel's loads sequential and in cache. The last panel is padded
 * with zeros. Only the layout changes: products over a packed matrix add the same terms in the
 * same order as over the plain one, so their results are bit-identical.
 */
public final class PackedMatrix {
    private final float[] panels;   // [panel, in, PANEL]
    private final int in;
    private final int out;

    private PackedMatrix(float[] panels, int in, int out) {
        this.panels = panels;
        this.in = in;
        this.out = out;
    }

    /**
     * Packs a row-major matrix {@code w [in, out]} that starts at {@code wOff}; {@code w} itself
     * is left as it was.
     */
    public static PackedMatrix pack(float[] w, int wOff, int in, int out) {
        int block = MatMul.PANEL;
        int count = (out + block - 1) / block;
        float[] panels = new float[Math.multiplyExact(Math.multiplyExact(count, in), block)];
        for (int p = 0; p < count; p++) {
            int c = p * block;
            int width = Math.min(block, out - c);
            for (int k = 0; k < in; k++) {
                System.arraycopy(w, wOff + k * out + c, panels, (p * in + k) * block, width);
            }
        }
        return new PackedMatrix(panels, in, out);
    }

    /** Rows of the original matrix. */
    public int in() {
        return in;
    }

    /** Columns of the original matrix. */
    public int out() {
        return out;
    }

    float[] panels() {
        return panels;
    }
}
