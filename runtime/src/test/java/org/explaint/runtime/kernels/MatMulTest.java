package org.explaint.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatMulTest {

    @Test
    void matchesNaiveProductForAwkwardSizes() {
        SplittableRandom rng = new SplittableRandom(42);
        for (int[] size : new int[][] {{1, 1, 1}, {3, 5, 7}, {4, 48, 48}, {9, 33, 100}, {17, 384, 1536}}) {
            int rows = size[0], in = size[1], out = size[2];
            float[] x = fill(rng, rows * in);
            float[] w = fill(rng, in * out);
            float[] b = fill(rng, out);
            float[] y = new float[rows * out];
            MatMul.multiply(x, 0, rows, in, w, 0, out, b, 0, y, 0);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < out; c++) {
                    double expect = b[c];
                    for (int k = 0; k < in; k++) {
                        expect += (double) x[r * in + k] * w[k * out + c];
                    }
                    assertEquals(expect, y[r * out + c], 1e-4 * Math.sqrt(in), "at " + r + "," + c);
                }
            }
        }
    }

    @Test
    void largeProductsSplitOverThreadsGiveTheSameBitsAsOneRowAtATime() {
        SplittableRandom rng = new SplittableRandom(9);
        int rows = 6, in = 96, out = 5003;
        float[] x = fill(rng, rows * in);
        float[] w = fill(rng, in * out);
        float[] all = new float[rows * out];
        MatMul.multiply(x, 0, rows, in, w, 0, out, null, 0, all, 0);
        for (int r = 0; r < rows; r++) {
            float[] one = new float[out];
            MatMul.multiply(x, r * in, 1, in, w, 0, out, null, 0, one, 0);
            for (int c = 0; c < out; c++) {
                assertEquals(all[r * out + c], one[c], 0f, "at " + r + "," + c);
                float expect = 0f;
                for (int k = 0; k < in; k++) {
                    expect = Math.fma(x[r * in + k], w[k * out + c], expect);
                }
                assertEquals(expect, one[c], 0f, "fused sum in k order at " + r + "," + c);
            }
        }
    }

    @Test
    void aRowsResultDoesNotDependOnItsNeighbours() {
        SplittableRandom rng = new SplittableRandom(1);
        int in = 70, out = 130;
        float[] x = fill(rng, 7 * in);
        float[] w = fill(rng, in * out);
        float[] all = new float[7 * out];
        MatMul.multiply(x, 0, 7, in, w, 0, out, null, 0, all, 0);
        for (int r = 0; r < 7; r++) {
            float[] one = new float[out];
            MatMul.multiply(x, r * in, 1, in, w, 0, out, null, 0, one, 0);
            for (int c = 0; c < out; c++) {
                assertEquals(Float.floatToIntBits(all[r * out + c]), Float.floatToIntBits(one[c]));
            }
        }
    }

    @Test
    void geluMatchesTheErfDefinition() {
        float[] xs = {-6f, -3f, -1f, -0.5f, 0f, 0.25f, 1f, 2.5f, 5f, -2f, 3f, 0.1f, -0.1f, 4f, -4f, 7f, 0.7f};
        float[] g = xs.clone();
        VectorMath.geluErf(g, 0, g.length);
        for (int i = 0; i < xs.length; i++) {
            double x = xs[i];
            double expect = 0.5 * x * (1 + erfReference(x / Math.sqrt(2)));
            assertEquals(expect, g[i], 1e-6, "gelu(" + x + ")");
        }
    }

    // erf by its Maclaurin series, accurate in double for |x| < 5.
    private static double erfReference(double x) {
        double sum = 0;
        double term = x;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    private static float[] fill(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return a;
    }
}
