package org.explaint.analysis.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.explaint.runtime.Tensor;
import org.explaint.text.Encoding;
import org.junit.jupiter.api.Test;

class WordAttentionTest {
    // [CLS] a1 a2 b [SEP]: word 0 has two pieces, word 1 one.
    private static final Encoding ENCODING = new Encoding(new int[] {1, 5, 6, 7, 2},
            List.of("[CLS]", "a1", "a2", "b", "[SEP]"), new int[] {-1, 0, 0, 1, -1}, new int[5]);

    private static Tensor pattern() {
        float[] rows = {
            1.0f, 0.0f, 0.0f, 0.0f, 0.0f,
            0.1f, 0.2f, 0.3f, 0.4f, 0.0f,
            0.0f, 0.5f, 0.1f, 0.2f, 0.2f,
            0.2f, 0.2f, 0.2f, 0.2f, 0.2f,
            0.0f, 0.0f, 0.0f, 0.0f, 1.0f};
        return Tensor.of(rows, 1, 5, 5);
    }

    @Test
    void sumsOverKeyPiecesAndAveragesOverQueryPieces() {
        float[][][] w = WordAttention.fromPieces(pattern(), ENCODING);

        // Word 0 from its pieces: rows (0.5, 0.4) and (0.6, 0.2), mean (0.55, 0.3).
        assertArrayEquals(new float[] {0.55f, 0.3f}, w[0][0], 1e-6f);
        assertArrayEquals(new float[] {0.4f, 0.2f}, w[0][1], 1e-6f);
    }

    @Test
    void specialMassAveragesOverAllQueryPositions() {
        double[] mass = WordAttention.specialMass(pattern(), ENCODING);
        assertEquals((1.0 + 0.1 + 0.2 + 0.4 + 1.0) / 5, mass[0], 1e-6);
    }
}
