package org.explaint.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix product {@code y = x @ w (+ bias)} for row-major float32 matrices.
 *
 * <p>A register-tiled kernel: four rows of {@code x} times three vectors' width of {@code w}'s
 * columns are accumulated in twelve vector registers while {@code k} runs over the shared
 * dimension, so each loaded weight vector feeds four fused multiply-adds. Every output is the
 * sum over {@code k} in increasing order, started from zero, whatever tile computed it; a row's
 * result therefore never depends on which other rows share the call, and a batched pass is
 * bit-identical to one sequence at a time.
 */
public final class MatMul {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ROWS = 4;
    private static final int BLOCK = 3 * L;
    /** Columns per panel of a {@link PackedMatrix}: the width one kernel tile covers. */
    static final int PANEL = BLOCK;

    private MatMul() {
    }

    /**
     * Computes {@code y[r][c] = sum_k x[r][k] * w[k][c] + bias[c]}.
     *
     * @param x    input {@code [rows, in]} starting at {@code xOff}
     * @param w    weight {@code [in, out]} starting at {@code wOff}
     * @param bias {@code [out]} starting at {@code bOff}, or null
     * @param y    output {@code [rows, out]} starting at {@code yOff}; must not overlap {@code x}
     */
    public static void multiply(float[] x, int xOff, int rows, int in,
                                float[] w, int wOff, int out,
                                float[] bias, int bOff,
                                float[] y, int yOff) {
        // Column ranges aligned to whole tiles, one per kernel thread for large products.
        ParallelRanges.run(out, BLOCK, (long) rows * in * out,
                (from, to) -> columns(x, xOff, rows, in, w, wOff, out, y, yOff, from, to));
        if (bias != null) {
            addBias(y, yOff, rows, out, bias, bOff);
        }
    }

    // Columns [from, to) of the product; `from` is a multiple of BLOCK.
    private static void columns(float[] x, int xOff, int rows, int in, float[] w, int wOff, int out,
                                float[] y, int yOff, int from, int to) {
        if (rows < ROWS) {
            for (int r = 0; r < rows; r++) {
                streamRow(x, xOff + r * in, in, w, wOff, out, from, to, y, yOff + r * out);
            }
            return;
        }
        for (int c = from; c < to; c += BLOCK) {
            int width = Math.min(BLOCK, to - c);
            int r = 0;
            if (width == BLOCK) {
                for (; r + ROWS <= rows; r += ROWS) {
                    tile4x3(x, xOff + r * in, in, w, wOff + c, out, y, yOff + r * out + c, out);
                }
            }
            for (; r < rows; r++) {
                row(x, xOff + r * in, in, w, wOff + c, out, width, y, yOff + r * out + c);
            }
        }
    }

    /*
     * One row of x times columns [from, to) of w, reading w's rows front to back (a streaming
     * matrix-vector product, the fast order when few rows share each weight). Each output is
     * still the fused sum over k in increasing order from zero, as in the tiled kernels.
     */
    private static void streamRow(float[] x, int x0, int in, float[] w, int w0, int ldw, int from, int to,
                                  float[] y, int y0) {
        java.util.Arrays.fill(y, y0 + from, y0 + to, 0f);
        int full = from + (to - from) / L * L;
        for (int k = 0; k < in; k++) {
            FloatVector b = FloatVector.broadcast(S, x[x0 + k]);
            int wk = w0 + k * ldw;
            int c = from;
            for (; c < full; c += L) {
                FloatVector.fromArray(S, w, wk + c).fma(b, FloatVector.fromArray(S, y, y0 + c))
                        .intoArray(y, y0 + c);
            }
            if (c < to) {
                VectorMask<Float> m = S.indexInRange(c, to);
                FloatVector.fromArray(S, w, wk + c, m).fma(b, FloatVector.fromArray(S, y, y0 + c, m))
                        .intoArray(y, y0 + c, m);
            }
        }
    }

    /**
     * Computes {@code y[r][c] = sum_k x[r][k] * w[firstRow + k][c] + bias[c]} for {@code k < in},
     * over a packed weight; the same sums in the same order as the plain form.
     *
     * @param x        input {@code [rows, in]} starting at {@code xOff}
     * @param w        packed weight {@code [w.in(), out]}; rows {@code [firstRow, firstRow + in)} are used
     * @param bias     {@code [out]} starting at {@code bOff}, or null
     * @param y        output {@code [rows, out]} starting at {@code yOff}; must not overlap {@code x}
     */
    public static void multiply(float[] x, int xOff, int rows, int in, PackedMatrix w, int firstRow,
                                float[] bias, int bOff, float[] y, int yOff) {
        if (firstRow < 0 || firstRow + in > w.in()) {
            throw new IllegalArgumentException("rows " + firstRow + ".." + (firstRow + in)
                    + " outside a packed matrix of " + w.in());
        }
        int out = w.out();
        float[] panels = w.panels();
        for (int c = 0; c < out; c += BLOCK) {
            int width = Math.min(BLOCK, out - c);
            int w0 = ((c / BLOCK) * w.in() + firstRow) * BLOCK;
            int r = 0;
            if (width == BLOCK) {
                for (; r + ROWS <= rows; r += ROWS) {
                    tile4x3(x, xOff + r * in, in, panels, w0, BLOCK, y, yOff + r * out + c, out);
                }
            }
            for (; r < rows; r++) {
                row(x, xOff + r * in, in, panels, w0, BLOCK, width, y, yOff + r * out + c);
            }
        }
        if (bias != null) {
            addBias(y, yOff, rows, out, bias, bOff);
        }
    }

    /** Adds {@code bias[c]} to every row of {@code y [rows, out]}. */
    public static void addBias(float[] y, int yOff, int rows, int out, float[] bias, int bOff) {
        for (int r = 0; r < rows; r++) {
            int base = yOff + r * out;
            int c = 0;
            for (; c + L <= out; c += L) {
                FloatVector.fromArray(S, y, base + c).add(FloatVector.fromArray(S, bias, bOff + c))
                        .intoArray(y, base + c);
            }
            for (; c < out; c++) {
                y[base + c] += bias[bOff + c];
            }
        }
    }

    // Four rows by 3*L columns, no tails.
    private static void tile4x3(float[] x, int x0, int in, float[] w, int w0, int ldw,
                                float[] y, int y0, int ldy) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00;
        int x1 = x0 + in, x2 = x1 + in, x3 = x2 + in;
        for (int k = 0; k < in; k++) {
            int wk = w0 + k * ldw;
            FloatVector w0v = FloatVector.fromArray(S, w, wk);
            FloatVector w1v = FloatVector.fromArray(S, w, wk + L);
            FloatVector w2v = FloatVector.fromArray(S, w, wk + 2 * L);
            FloatVector b = FloatVector.broadcast(S, x[x0 + k]);
            a00 = w0v.fma(b, a00);
            a01 = w1v.fma(b, a01);
            a02 = w2v.fma(b, a02);
            b = FloatVector.broadcast(S, x[x1 + k]);
            a10 = w0v.fma(b, a10);
            a11 = w1v.fma(b, a11);
            a12 = w2v.fma(b, a12);
            b = FloatVector.broadcast(S, x[x2 + k]);
            a20 = w0v.fma(b, a20);
            a21 = w1v.fma(b, a21);
            a22 = w2v.fma(b, a22);
            b = FloatVector.broadcast(S, x[x3 + k]);
            a30 = w0v.fma(b, a30);
            a31 = w1v.fma(b, a31);
            a32 = w2v.fma(b, a32);
        }
        a00.intoArray(y, y0);
        a01.intoArray(y, y0 + L);
        a02.intoArray(y, y0 + 2 * L);
        a10.intoArray(y, y0 + ldy);
        a11.intoArray(y, y0 + ldy + L);
        a12.intoArray(y, y0 + ldy + 2 * L);
        a20.intoArray(y, y0 + 2 * ldy);
        a21.intoArray(y, y0 + 2 * ldy + L);
        a22.intoArray(y, y0 + 2 * ldy + 2 * L);
        a30.intoArray(y, y0 + 3 * ldy);
        a31.intoArray(y, y0 + 3 * ldy + L);
        a32.intoArray(y, y0 + 3 * ldy + 2 * L);
    }

    // One row by up to 3*L columns; lanes past the edge are masked off. Same order of sums as tile4x3.
    private static void row(float[] x, int x0, int in, float[] w, int w0, int ldw, int width,
                            float[] y, int y0) {
        VectorMask<Float> m0 = S.indexInRange(0, width);
        VectorMask<Float> m1 = S.indexInRange(L, width);
        VectorMask<Float> m2 = S.indexInRange(2 * L, width);
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0;
        boolean full = width == BLOCK;
        for (int k = 0; k < in; k++) {
            int wk = w0 + k * ldw;
            FloatVector b = FloatVector.broadcast(S, x[x0 + k]);
            if (full) {
                a0 = FloatVector.fromArray(S, w, wk).fma(b, a0);
                a1 = FloatVector.fromArray(S, w, wk + L).fma(b, a1);
                a2 = FloatVector.fromArray(S, w, wk + 2 * L).fma(b, a2);
            } else {
                a0 = FloatVector.fromArray(S, w, wk, m0).fma(b, a0);
                if (width > L) {
                    a1 = FloatVector.fromArray(S, w, wk + L, m1).fma(b, a1);
                }
                if (width > 2 * L) {
                    a2 = FloatVector.fromArray(S, w, wk + 2 * L, m2).fma(b, a2);
                }
            }
        }
        a0.intoArray(y, y0, m0);
        if (width > L) {
            a1.intoArray(y, y0 + L, m1);
        }
        if (width > 2 * L) {
            a2.intoArray(y, y0 + 2 * L, m2);
        }
    }
}
