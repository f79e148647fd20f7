package org.explaint.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorExpTest {
    @Test
    void expIsWithinTwoUlpsOfMathExpBetweenUnderflowAndTheClamp() {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] in = new float[lanes];
        float[] out = new float[lanes];
        double worst = 0;
        for (float start = -87f; start < 87.5f; start += 0.0137f * lanes) {
            for (int i = 0; i < lanes; i++) {
                in[i] = start + 0.0137f * i;
            }
            VectorMath.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, in, 0)).intoArray(out, 0);
            for (int i = 0; i < lanes; i++) {
                float expected = (float) Math.exp(in[i]);
                worst = Math.max(worst, Math.abs(out[i] - expected) / Math.ulp(expected));
            }
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulp");
    }

    @Test
    void expUnderflowsToZeroIsExactAtZeroAndClampsAbove88() {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        float[] in = new float[lanes];
        in[0] = Float.NEGATIVE_INFINITY;
        in[1] = -100f;
        in[3] = 100f;
        float[] out = new float[lanes];
        VectorMath.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, in, 0)).intoArray(out, 0);
        assertEquals(0f, out[0]);
        assertEquals(0f, out[1]);
        assertEquals(1f, out[2]);
        assertEquals((float) Math.exp(88), out[3], Math.ulp((float) Math.exp(88)) * 2);
    }
}
