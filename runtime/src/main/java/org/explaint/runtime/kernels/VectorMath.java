package org.explaint.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** Element-wise and row-wise kernels: dot products, activations, softmax, norms. */
public final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    // Abramowitz and Stegun 7.1.26: erf to within 1.5e-7 absolute, vectorisable.
    private static final float ERF_P = 0.3275911f;
    private static final float A1 = 0.254829592f;
    private static final float A2 = -0.284496736f;
    private static final float A3 = 1.421413741f;
    private static final float A4 = -1.453152027f;
    private static final float A5 = 1.061405429f;
    private static final float INV_SQRT2 = 0.70710678118654752f;

    // exp by range reduction, x = n ln2 + r, and Cephes' polynomial for exp(r) (about 1 ulp).
    private static final float EXP_LOW = -87.33654f;     // below: exp underflows to 0
    private static final float EXP_HIGH = 88f;           // above: clamped, exp(88) = 1.65e38
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;        // 1.5 * 2^23: adding it rounds to an integer
    private static final float[] EXP_POLY = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f,
        4.1665795894e-2f, 1.6666665459e-1f, 5.0000001201e-1f};
    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;

    // Shuffles that fold a vector onto its lower half, then quarter, and so on (see sumLanes).
    private static final VectorShuffle<Float>[] FOLDS = folds();

    private VectorMath() {
    }

    /**
     * The sum of a vector's lanes, always in the same pairwise order.
     *
     * <p>{@code reduceLanes(ADD)} leaves the order of additions to the implementation, and the
     * interpreted and the compiled Vector API do differ, so the same input could give results
     * differing in the last bit before and after the JIT warms up. Folding with explicit shuffles
     * fixes the order, which keeps whole runs bit-reproducible.
     */
    public static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> fold : FOLDS) {
            v = v.add(v.rearrange(fold));
        }
        return v.lane(0);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] folds = new VectorShuffle[steps];
        for (int s = 0, half = L / 2; s < steps; s++, half /= 2) {
            int[] lanes = new int[L];
            for (int i = 0; i < L; i++) {
                lanes[i] = (i + half) % L;
            }
            folds[s] = VectorShuffle.fromArray(S, lanes, 0);
        }
        return folds;
    }

    /** {@code sum_i a[aOff+i] * b[bOff+i]} for {@code i < n}. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= n; i += L) {
            acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
        }
        float sum = sumLanes(acc);
        for (; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    /** {@code y[yOff+i] += alpha * x[xOff+i]} for {@code i < n}. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(a, FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /** The index of the first NaN or infinity among {@code x[off .. off+n-1]}, or -1 if all are finite. */
    public static int firstNonFinite(float[] x, int off, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            if (!FloatVector.fromArray(S, x, off + i).test(VectorOperators.IS_FINITE).allTrue()) {
                break;
            }
        }
        for (; i < n; i++) {
            if (!Float.isFinite(x[off + i])) {
                return i;
            }
        }
        return -1;
    }

    /** {@code y[i] += x[i]} for {@code i < n}. */
    public static void add(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, xOff + i).add(FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += x[xOff + i];
        }
    }

    /** GELU with the exact (erf) form, in place: {@code x * (1 + erf(x / sqrt 2)) / 2}. */
    public static void geluErf(float[] x, int off, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i);
            FloatVector z = v.mul(INV_SQRT2);
            FloatVector az = z.abs();
            FloatVector t = FloatVector.broadcast(S, 1f).div(az.mul(ERF_P).add(1f));
            FloatVector poly = t.mul(A5).add(A4).mul(t).add(A3).mul(t).add(A2).mul(t).add(A1).mul(t);
            FloatVector erfAbs = poly.mul(exp(az.mul(az).neg())).neg().add(1f);
            FloatVector erf = erfAbs.blend(erfAbs.neg(), z.compare(VectorOperators.LT, 0f));
            v.mul(0.5f).mul(erf.add(1f)).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            float v = x[off + i];
            x[off + i] = 0.5f * v * (1f + erf(v * INV_SQRT2));
        }
    }

    /** GELU with the tanh approximation (GPT-2, original BERT), in place. */
    public static void geluTanh(float[] x, int off, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i);
            FloatVector inner = v.mul(v).mul(v).mul(0.044715f).add(v).mul(SQRT_2_OVER_PI);
            v.mul(0.5f).mul(inner.lanewise(VectorOperators.TANH).add(1f)).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            float v = x[off + i];
            x[off + i] = 0.5f * v * (1f + (float) Math.tanh(SQRT_2_OVER_PI * (v + 0.044715f * v * v * v)));
        }
    }

    /** SiLU in place: {@code x / (1 + exp(-x))}. */
    public static void silu(float[] x, int off, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, off + i);
            v.div(exp(v.neg()).add(1f)).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            float v = x[off + i];
            x[off + i] = v / (1f + (float) Math.exp(-v));
        }
    }

    /** {@code x[i] *= y[i]} for {@code i < n}. */
    public static void multiply(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(x, xOff + i);
        }
        for (; i < n; i++) {
            x[xOff + i] *= y[yOff + i];
        }
    }

    /**
     * Softmax of one row in place. Cells equal to {@code -Infinity} (masked) become 0; a row that
     * is entirely masked becomes all zeros rather than NaN.
     */
    public static void softmax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(x, off, off + n, 0f);
            return;
        }
        float sum = 0f;
        int i = 0;
        FloatVector mv = FloatVector.broadcast(S, max);
        FloatVector acc = FloatVector.zero(S);
        for (; i + L <= n; i += L) {
            FloatVector e = exp(FloatVector.fromArray(S, x, off + i).sub(mv));
            e.intoArray(x, off + i);
            acc = acc.add(e);
        }
        sum = sumLanes(acc);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, off + i).mul(inv).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= inv;
        }
    }

    /** LayerNorm of each row of {@code x [rows, n]} into {@code y}; {@code bias} may be null. */
    public static void layerNorm(float[] x, int xOff, int rows, int n, float[] gamma, float[] bias,
                                 float eps, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            int xb = xOff + r * n;
            int yb = yOff + r * n;
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[xb + i];
            }
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) {
                double d = x[xb + i] - mean;
                var += d * d;
            }
            var /= n;
            float inv = (float) (1.0 / Math.sqrt(var + eps));
            float m = (float) mean;
            for (int i = 0; i < n; i++) {
                float v = (x[xb + i] - m) * inv * gamma[i];
                y[yb + i] = bias == null ? v : v + bias[i];
            }
        }
    }

    /** RMSNorm of each row of {@code x [rows, n]} into {@code y}: {@code x / rms(x) * gamma}. */
    public static void rmsNorm(float[] x, int xOff, int rows, int n, float[] gamma, float eps,
                               float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            int xb = xOff + r * n;
            int yb = yOff + r * n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                ss += (double) x[xb + i] * x[xb + i];
            }
            float inv = (float) (1.0 / Math.sqrt(ss / n + eps));
            for (int i = 0; i < n; i++) {
                y[yb + i] = x[xb + i] * inv * gamma[i];
            }
        }
    }

    /**
     * {@code exp} of each lane, within about 1 ulp, built only from additions, multiplications,
     * fused multiply-adds and bit operations. Unlike {@code lanewise(EXP)}, whose compiled form
     * calls a vector math library while interpreted code does not, it gives the same bits in
     * every tier of compilation, so a sentence's numbers do not depend on how warm the JVM is.
     * Lanes below -87.3 (including -Infinity) give exactly 0.
     */
    public static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(EXP_LOW).min(EXP_HIGH);

        // n = round(c / ln2), r = c - n ln2 in two parts for accuracy.
        FloatVector n = c.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), c);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);

        // exp(r) = 1 + r + r^2 * p(r).
        FloatVector p = FloatVector.broadcast(S, EXP_POLY[0]);
        for (int i = 1; i < EXP_POLY.length; i++) {
            p = p.fma(r, FloatVector.broadcast(S, EXP_POLY[i]));
        }
        FloatVector e = p.mul(r.mul(r)).add(r).add(1f);

        // Times 2^n, built in the exponent bits.
        FloatVector scale = n.convert(VectorOperators.F2I, 0).reinterpretAsInts().add(127)
                .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return e.mul(scale).blend(0f, x.compare(VectorOperators.LT, EXP_LOW));
    }

    /** The error function, to within 1.5e-7 (Abramowitz and Stegun 7.1.26). */
    public static float erf(float z) {
        float az = Math.abs(z);
        float t = 1f / (1f + ERF_P * az);
        float poly = ((((A5 * t + A4) * t + A3) * t + A2) * t + A1) * t;
        float r = 1f - poly * (float) Math.exp(-az * az);
        return z < 0 ? -r : r;
    }
}
