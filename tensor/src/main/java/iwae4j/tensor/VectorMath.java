package iwae4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorized elementwise kernels. Each reads {@code n} elements of x from {@code xOff} and writes y from
 * {@code yOff}; only y is modified, and y may be x itself at the same offset (in place). The scalar twins
 * are in {@link ScalarMath}.
 *
 * <p>Measured maximum relative error against {@link Math} in double (held by {@code VectorMathTest}):
 * {@code exp} ≤ 1e-6 over [−87, 88]; {@code tanh} ≤ 1e-6 over [−20, 20]; {@code softplus} and
 * {@code logSigmoid} ≤ 1e-6 over [−80, 80].
 */
public final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND_MAGIC = 12582912f; // 1.5·2²³: adding it rounds to an integer in the low mantissa bits
    private static final int ROUND_MAGIC_BITS = 0x4B400000;

    /**
     * Which {@code exp} the facade uses: the JDK's {@code lanewise(EXP)} or {@link #expPolynomial}.
     * Chosen by the JMH benchmark {@code ElementwiseBench} (see the README); set with
     * {@code -Diwae4j.exp=builtin|polynomial}.
     */
    public static final boolean EXP_BUILTIN = !"polynomial".equals(System.getProperty("iwae4j.exp", "builtin"));

    /** A per-thread buffer of one vector for the last n mod L elements (see {@link #tail}). */
    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[L]);

    private VectorMath() {
    }

    /**
     * Copies the last {@code count} (&lt; L) elements into a zero-padded one-vector buffer, so the tail runs
     * through the same vector code without masked loads, which JDK 17 does not intrinsify at an array's end.
     */
    private static float[] tail(float[] x, int from, int count) {
        float[] t = TAIL.get();
        System.arraycopy(x, from, t, 0, count);
        for (int q = count; q < L; q++) t[q] = 0f;
        return t;
    }

    private static void checkRange(String op, float[] x, int xOff, float[] y, int yOff, int n) {
        if (n < 0 || xOff < 0 || yOff < 0 || xOff + n > x.length || yOff + n > y.length) {
            throw new IllegalArgumentException(op + ": n=" + n + " does not fit x[" + x.length + "] from " + xOff
                    + " and y[" + y.length + "] from " + yOff);
        }
        if (x == y && xOff != yOff && xOff < yOff + n && yOff < xOff + n) {
            throw new IllegalArgumentException(op + ": x and y overlap at different offsets (" + xOff + ", " + yOff + ")");
        }
    }

    /** y = eˣ. */
    public static void exp(float[] x, int xOff, float[] y, int yOff, int n) {
        if (EXP_BUILTIN) expBuiltin(x, xOff, y, yOff, n);
        else expPolynomial(x, xOff, y, yOff, n);
    }

    /** y = eˣ with the JDK's {@code lanewise(EXP)}. */
    public static void expBuiltin(float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("exp", x, xOff, y, yOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).lanewise(VectorOperators.EXP).intoArray(y, yOff + i);
        }
        if (i < n) {
            float[] t = tail(x, xOff + i, n - i);
            FloatVector.fromArray(S, t, 0).lanewise(VectorOperators.EXP).intoArray(t, 0);
            System.arraycopy(t, 0, y, yOff + i, n - i);
        }
    }

    /**
     * y = eˣ by range reduction x = n·ln2 + r (|r| ≤ ln2/2, Cody–Waite split of ln2) and a degree-6
     * polynomial for eʳ; 2ⁿ is built in the exponent bits with integer shifts, so no float-to-int conversion
     * is needed (that conversion is not intrinsified on JDK 17 with AVX2). Below −87.3 the result is 0,
     * above 88.7 it is +∞.
     */
    public static void expPolynomial(float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("exp", x, xOff, y, yOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            expPoly(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        if (i < n) {
            float[] t = tail(x, xOff + i, n - i);
            expPoly(FloatVector.fromArray(S, t, 0)).intoArray(t, 0);
            System.arraycopy(t, 0, y, yOff + i, n - i);
        }
    }

    private static FloatVector expPoly(FloatVector x) {
        FloatVector xc = x.max(-87.33654f).min(88.72283f);
        FloatVector t = xc.fma(bc(LOG2E), bc(ROUND_MAGIC));
        FloatVector nf = t.sub(ROUND_MAGIC);
        FloatVector r = nf.fma(bc(-LN2_HI), xc);
        r = nf.fma(bc(-LN2_LO), r);
        // Taylor coefficients 1/6! .. 1/2!, then 1 + r + r²·p(r)
        FloatVector p = r.fma(bc(1.3888889e-3f), bc(8.3333333e-3f));
        p = p.fma(r, bc(4.1666667e-2f));
        p = p.fma(r, bc(1.6666667e-1f));
        p = p.fma(r, bc(0.5f));
        p = p.fma(r.mul(r), r).add(1f);
        IntVector bits = t.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
        // 2ⁿ as (n+127)<<23, split into two factors so that n = 128 (x near 88.7) does not overflow the exponent
        IntVector half = bits.lanewise(VectorOperators.ASHR, 1);
        FloatVector s1 = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = bits.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector y = p.mul(s1).mul(s2);
        y = y.blend(0f, x.lt(-87.33654f));
        y = y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, 88.72283f));
        return y.blend(x, x.test(VectorOperators.IS_NAN));
    }

    private static FloatVector bc(float v) {
        return FloatVector.broadcast(S, v);
    }

    /** y = tanh(x), with the JDK's {@code lanewise(TANH)}. */
    public static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("tanh", x, xOff, y, yOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).lanewise(VectorOperators.TANH).intoArray(y, yOff + i);
        }
        if (i < n) {
            float[] t = tail(x, xOff + i, n - i);
            FloatVector.fromArray(S, t, 0).lanewise(VectorOperators.TANH).intoArray(t, 0);
            System.arraycopy(t, 0, y, yOff + i, n - i);
        }
    }

    /** y = log(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)) so it neither overflows nor loses small values. */
    public static void softplus(float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("softplus", x, xOff, y, yOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            softplus(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        if (i < n) {
            float[] t = tail(x, xOff + i, n - i);
            softplus(FloatVector.fromArray(S, t, 0)).intoArray(t, 0);
            System.arraycopy(t, 0, y, yOff + i, n - i);
        }
    }

    /** y = log σ(x) = −softplus(−x). */
    public static void logSigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("logSigmoid", x, xOff, y, yOff, n);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            softplus(FloatVector.fromArray(S, x, xOff + i).neg()).neg().intoArray(y, yOff + i);
        }
        if (i < n) {
            float[] t = tail(x, xOff + i, n - i);
            softplus(FloatVector.fromArray(S, t, 0).neg()).neg().intoArray(t, 0);
            System.arraycopy(t, 0, y, yOff + i, n - i);
        }
    }

    static FloatVector softplus(FloatVector x) {
        FloatVector e = x.abs().neg().lanewise(VectorOperators.EXP);
        return x.max(0f).add(e.lanewise(VectorOperators.LOG1P));
    }

    /** y[r, c] = x[r, c] + bias[c] for a [rows×cols] block; y may be x. */
    public static void addBiasRows(float[] x, int xOff, float[] bias, int bOff, float[] y, int yOff, int rows, int cols) {
        checkRange("addBiasRows", x, xOff, y, yOff, rows * cols);
        if (bOff < 0 || bOff + cols > bias.length) {
            throw new IllegalArgumentException("addBiasRows: bias[" + bias.length + "] from " + bOff + " is shorter than " + cols);
        }
        for (int r = 0; r < rows; r++) add(x, xOff + r * cols, bias, bOff, y, yOff + r * cols, cols);
    }

    /** y = x + z elementwise; y may be x or z. */
    public static void add(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).add(FloatVector.fromArray(S, z, zOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = x[xOff + i] + z[zOff + i];
    }

    /** y = x · z elementwise; y may be x or z. */
    public static void mul(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, z, zOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = x[xOff + i] * z[zOff + i];
    }

    /** y += a · x (axpy). */
    public static void addScaled(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(bc(a), FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
    }

    /** out[c] += Σ_r x[r, c] over a [rows×cols] block (the gradient of a broadcast bias). */
    public static void sumRowsInto(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) add(out, outOff, x, xOff + r * cols, out, outOff, cols);
    }

    /** Σ x over n elements, accumulated in double. */
    public static double sum(float[] x, int xOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xOff + i];
        return s;
    }
}
