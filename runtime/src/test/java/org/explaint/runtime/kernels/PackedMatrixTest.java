package org.explaint.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedMatrixTest {
    @Test
    void packedProductIsBitIdenticalToThePlainOne() {
        Random random = new Random(7);
        int[][] sizes = {{1, 5, 3}, {7, 64, 100}, {9, 384, 1536}, {4, 33, 49}, {13, 96, 384}};
        for (int[] size : sizes) {
            int rows = size[0];
            int in = size[1];
            int out = size[2];
            float[] x = fill(random, rows * in);
            float[] w = fill(random, in * out);
            float[] bias = fill(random, out);
            float[] plain = new float[rows * out];
            float[] packed = new float[rows * out];
            MatMul.multiply(x, 0, rows, in, w, 0, out, bias, 0, plain, 0);
            MatMul.multiply(x, 0, rows, in, PackedMatrix.pack(w, 0, in, out), 0, bias, 0, packed, 0);
            assertArrayEquals(plain, packed, 0f);
        }
    }

    @Test
    void aRangeOfRowsMatchesThePlainProductOverThoseRows() {
        Random random = new Random(11);
        int in = 96;
        int out = 100;
        int first = 32;
        int count = 32;
        float[] w = fill(random, in * out);
        float[] x = fill(random, 3 * count);
        float[] plain = new float[3 * out];
        float[] packed = new float[3 * out];
        MatMul.multiply(x, 0, 3, count, w, first * out, out, null, 0, plain, 0);
        MatMul.multiply(x, 0, 3, count, PackedMatrix.pack(w, 0, in, out), first, null, 0, packed, 0);
        assertArrayEquals(plain, packed, 0f);
    }

    private static float[] fill(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }
}
