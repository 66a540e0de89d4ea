package iwae4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static iwae4j.tensor.Kernels.EXP_C3;
import static iwae4j.tensor.Kernels.EXP_C4;
import static iwae4j.tensor.Kernels.EXP_C5;
import static iwae4j.tensor.Kernels.EXP_C6;
import static iwae4j.tensor.Kernels.EXP_MAX;
import static iwae4j.tensor.Kernels.EXP_MIN;
import static iwae4j.tensor.Kernels.LN2_HI;
import static iwae4j.tensor.Kernels.LN2_LO;
import static iwae4j.tensor.Kernels.LOG2E;
import static iwae4j.tensor.Kernels.ROUND_MAGIC;
import static iwae4j.tensor.Kernels.ROUND_MAGIC_BITS;
import static iwae4j.tensor.Kernels.TANH_CLAMP;

/** The Vector API implementation of {@link VectorMath} (for {@link PanamaKernels}); same contracts, arguments checked by the facade. */
final class PanamaVectorMath {
    private static final VectorSpecies<Float> S = PanamaWidth.FLOATS;
    private static final VectorSpecies<Integer> I = PanamaWidth.INTS;
    private static final int L = S.length();

    /** A per-thread buffer of one vector for the last n mod L elements (see {@link #tail}). */
    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[L]);

    private PanamaVectorMath() {
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

    /**
     * y = eˣ with the JDK's {@code lanewise(EXP)}. Not used by the engine: its result can differ in the last
     * bit between the interpreter's fallback and C2's intrinsic, which would make a run's numbers depend on
     * when the JIT compiles; kept for the benchmark that compares it with {@link #exp}.
     */
    static void expBuiltin(float[] x, int xOff, float[] y, int yOff, int n) {
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
    static void exp(float[] x, int xOff, float[] y, int yOff, int n) {
        expPass(x, xOff, y, yOff, n);
    }

    // The passes below take arrays, not vectors: a helper that passed vectors would box them wherever the
    // JIT declines to inline it (it does, once the helper is compiled on its own). Each body runs over whole
    // vectors; the last n mod L elements go through a zero-padded one-vector buffer, so there are no masked
    // loads, which JDK 17 does not intrinsify at an array's end. Constants are broadcast once, before a body's loop,
    // and passed as vectors (v.max(lo), not v.max(-87.3f)): a scalar argument costs four more levels of inlining, and
    // where a body is inlined deep into a caller (a layer's forward pass through the GEMM's epilogue) C2's depth limit
    // (MaxInlineLevel, 15) then left the broadcast un-intrinsified in some JIT runs, allocating a vector per operation.

    private static void expPass(float[] x, int xOff, float[] y, int yOff, int n) {
        int full = S.loopBound(n);
        expBody(x, xOff, y, yOff, full);
        if (full < n) {
            float[] t = tail(x, xOff + full, n - full);
            expBody(t, 0, t, 0, L);
            System.arraycopy(t, 0, y, yOff + full, n - full);
        }
    }

    /** y = eˣ over n elements, n a multiple of L. */
    private static void expBody(float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector lo = FloatVector.broadcast(S, EXP_MIN), hi = FloatVector.broadcast(S, EXP_MAX), magic = FloatVector.broadcast(S, ROUND_MAGIC);
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S), inf = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
        IntVector magicBits = IntVector.broadcast(I, ROUND_MAGIC_BITS), bias = IntVector.broadcast(I, 127);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector xc = v.max(lo).min(hi);
            FloatVector t = xc.fma(FloatVector.broadcast(S, LOG2E), magic);
            FloatVector nf = t.sub(magic);
            FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            // Taylor coefficients 1/6! .. 1/2!, then 1 + r + r²·p(r)
            FloatVector p = r.fma(FloatVector.broadcast(S, EXP_C6), FloatVector.broadcast(S, EXP_C5));
            p = p.fma(r, FloatVector.broadcast(S, EXP_C4));
            p = p.fma(r, FloatVector.broadcast(S, EXP_C3));
            p = p.fma(r, FloatVector.broadcast(S, 0.5f));
            p = p.fma(r.mul(r), r).add(one);
            IntVector bits = t.reinterpretAsInts().sub(magicBits);
            // 2ⁿ as (n+127)<<23, split in two factors so that n = 128 (x near 88.7) does not overflow the exponent
            IntVector half = bits.lanewise(VectorOperators.ASHR, 1);
            FloatVector s1 = half.add(bias).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector s2 = bits.sub(half).add(bias).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector out = p.mul(s1).mul(s2);
            out = out.blend(zero, v.compare(VectorOperators.LT, lo));
            out = out.blend(inf, v.compare(VectorOperators.GT, hi));
            out.blend(v, v.compare(VectorOperators.NE, v)).intoArray(y, yOff + i); // NaN stays NaN
        }
    }

    /**
     * y = log(x) for positive normal x. x = m·2ᵉ with m in [√½, √2); log(1+f), f = m − 1, by the series
     * 2s + 2s³/3 + … in s = f/(2+f) to s⁹.
     */
    private static void logPass(float[] x, int xOff, float[] y, int yOff, int n) {
        int full = S.loopBound(n);
        logBody(x, xOff, y, yOff, full);
        if (full < n) {
            float[] t = tail(x, xOff + full, n - full);
            for (int q = n - full; q < L; q++) t[q] = 1f; // padding lanes: log(1), not log(0)
            logBody(t, 0, t, 0, L);
            System.arraycopy(t, 0, y, yOff + full, n - full);
        }
    }

    private static void logBody(float[] x, int xOff, float[] y, int yOff, int n) {
        IntVector twoTo23 = IntVector.broadcast(I, 0x4B000000), mantissa = IntVector.broadcast(I, 0x007FFFFF), oneBits = IntVector.broadcast(I, 0x3F800000);
        FloatVector offset = FloatVector.broadcast(S, 8388608f + 127f), sqrt2 = FloatVector.broadcast(S, 1.4142135f);
        FloatVector half = FloatVector.broadcast(S, 0.5f), one = FloatVector.broadcast(S, 1f), two = FloatVector.broadcast(S, 2f);
        for (int i = 0; i < n; i += L) {
            IntVector bits = FloatVector.fromArray(S, x, xOff + i).reinterpretAsInts();
            // the biased exponent as a float through the 2²³ trick (no int-to-float conversion)
            FloatVector e = bits.lanewise(VectorOperators.LSHR, 23).or(twoTo23).reinterpretAsFloats().sub(offset);
            FloatVector m = bits.and(mantissa).or(oneBits).reinterpretAsFloats();
            VectorMask<Float> big = m.compare(VectorOperators.GT, sqrt2);
            m = m.blend(m.mul(half), big);
            e = e.blend(e.add(one), big);
            FloatVector f = m.sub(one);
            FloatVector s = f.div(f.add(two));
            FloatVector z = s.mul(s);
            FloatVector r = z.fma(FloatVector.broadcast(S, 2f / 9), FloatVector.broadcast(S, 2f / 7));
            r = r.fma(z, FloatVector.broadcast(S, 2f / 5));
            r = r.fma(z, FloatVector.broadcast(S, 2f / 3));
            e.fma(FloatVector.broadcast(S, LN2_HI), s.mul(z).fma(r, s.add(s)).add(e.mul(FloatVector.broadcast(S, LN2_LO)))).intoArray(y, yOff + i);
        }
    }

    /**
     * y = tanh(x) in one pass: the odd rational function x·P(x²)/Q(x²) (degrees 13/6, the minimax fit used by
     * Eigen) on x clamped to ±7.9053, where tanh is 1 to float precision.
     */
    static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        int full = S.loopBound(n);
        tanhBody(x, xOff, y, yOff, full);
        if (full < n) {
            float[] t = tail(x, xOff + full, n - full);
            tanhBody(t, 0, t, 0, L);
            System.arraycopy(t, 0, y, yOff + full, n - full);
        }
    }

    private static void tanhBody(float[] x, int xOff, float[] y, int yOff, int n) {
        FloatVector lo = FloatVector.broadcast(S, -TANH_CLAMP), hi = FloatVector.broadcast(S, TANH_CLAMP), tiny = FloatVector.broadcast(S, 0.0004f);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector c = v.max(lo).min(hi);
            FloatVector z = c.mul(c);
            FloatVector p = z.fma(FloatVector.broadcast(S, -2.76076847742355e-16f), FloatVector.broadcast(S, 2.00018790482477e-13f));
            p = p.fma(z, FloatVector.broadcast(S, -8.60467152213735e-11f));
            p = p.fma(z, FloatVector.broadcast(S, 5.12229709037114e-08f));
            p = p.fma(z, FloatVector.broadcast(S, 1.48572235717979e-05f));
            p = p.fma(z, FloatVector.broadcast(S, 6.37261928875436e-04f));
            p = p.fma(z, FloatVector.broadcast(S, 4.89352455891786e-03f));
            p = p.mul(c);
            FloatVector q = z.fma(FloatVector.broadcast(S, 1.19825839466702e-06f), FloatVector.broadcast(S, 1.18534705686654e-04f));
            q = q.fma(z, FloatVector.broadcast(S, 2.26843463243900e-03f));
            q = q.fma(z, FloatVector.broadcast(S, 4.89352518554385e-03f));
            FloatVector out = p.div(q);
            // tiny |x|: tanh(x) = x exactly in float, and keeps the sign of zero
            out.blend(v, v.abs().compare(VectorOperators.LT, tiny)).intoArray(y, yOff + i);
        }
    }

    /** y = log(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)) so it neither overflows nor loses small values. */
    static void softplus(float[] x, int xOff, float[] y, int yOff, int n) {
        softplusOrLogSigmoid(x, xOff, y, yOff, n, false);
    }

    /** y = log σ(x) = −softplus(−x) = min(x, 0) − log1p(e^(−|x|)). */
    static void logSigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        softplusOrLogSigmoid(x, xOff, y, yOff, n, true);
    }

    /** Elements per block of {@link #softplusOrLogSigmoid}: its log1p(e^(−|x|)) values stay in L1 between the two loops. */
    private static final int SOFTPLUS_BLOCK = 256;
    private static final ThreadLocal<float[]> LOG1P = ThreadLocal.withInitial(() -> new float[SOFTPLUS_BLOCK]);

    /**
     * Block by block: {@link #log1pExpOfMinusAbs} into a per-thread buffer, then max(x, 0) + that (softplus) or
     * min(x, 0) − that (log σ), NaN passed through. Two loops and no mask chosen by the flag, because JDK 17's C2
     * often failed to intrinsify the store of the one loop that chose by an all-true or all-false mask, and boxed
     * every vector; the arithmetic, so the bits, are the same.
     */
    private static void softplusOrLogSigmoid(float[] x, int xOff, float[] y, int yOff, int n, boolean logSigmoid) {
        int full = S.loopBound(n);
        float[] l = LOG1P.get();
        for (int i = 0; i < full; i += SOFTPLUS_BLOCK) {
            int m = Math.min(SOFTPLUS_BLOCK, full - i);
            softplusBlock(x, xOff + i, l, y, yOff + i, m, logSigmoid);
        }
        if (full < n) {
            float[] t = tail(x, xOff + full, n - full);
            softplusBlock(t, 0, l, t, 0, L, logSigmoid);
            System.arraycopy(t, 0, y, yOff + full, n - full);
        }
    }

    /** One block of n (a multiple of L, at most the buffer's length) elements: log1p(e^(−|x|)) into l, then y. */
    private static void softplusBlock(float[] x, int xOff, float[] l, float[] y, int yOff, int n, boolean logSigmoid) {
        log1pExpOfMinusAbs(x, xOff, l, n);
        if (logSigmoid) minusLog1p(x, xOff, l, y, yOff, n);
        else plusLog1p(x, xOff, l, y, yOff, n);
    }

    /**
     * l = log1p(e^(−|x|)) for n (a multiple of L) elements: t = e^(−|x|) by the range reduction and polynomial of
     * {@link #expBody} (inputs ≤ 0 only, written out again here because a helper taking vectors would box them),
     * then log1p(t) = 2·atanh(s) with s = t/(2 + t) in [0, 1/3], the odd series 2s·(1 + s²/3 + … + s¹⁴/15)
     * (truncation below 3e-9 relative).
     */
    private static void log1pExpOfMinusAbs(float[] x, int xOff, float[] l, int n) {
        FloatVector lo = FloatVector.broadcast(S, EXP_MIN), magic = FloatVector.broadcast(S, ROUND_MAGIC), one = FloatVector.broadcast(S, 1f);
        FloatVector two = FloatVector.broadcast(S, 2f), zero = FloatVector.zero(S), far = FloatVector.broadcast(S, -EXP_MIN);
        IntVector magicBits = IntVector.broadcast(I, ROUND_MAGIC_BITS), bias = IntVector.broadcast(I, 127);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            FloatVector xc = v.abs().neg().max(lo);
            FloatVector k = xc.fma(FloatVector.broadcast(S, LOG2E), magic);
            FloatVector nf = k.sub(magic);
            FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), xc);
            r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(S, EXP_C6), FloatVector.broadcast(S, EXP_C5));
            p = p.fma(r, FloatVector.broadcast(S, EXP_C4));
            p = p.fma(r, FloatVector.broadcast(S, EXP_C3));
            p = p.fma(r, FloatVector.broadcast(S, 0.5f));
            p = p.fma(r.mul(r), r).add(one);
            // 2ⁿ for n in [−126, 0] is one normal power of two: (n + 127) << 23
            FloatVector t = p.mul(k.reinterpretAsInts().sub(magicBits).add(bias).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            t = t.blend(zero, v.abs().compare(VectorOperators.GT, far));
            FloatVector sv = t.div(t.add(two));
            FloatVector z = sv.mul(sv);
            FloatVector q = z.fma(FloatVector.broadcast(S, 1f / 15), FloatVector.broadcast(S, 1f / 13));
            q = q.fma(z, FloatVector.broadcast(S, 1f / 11));
            q = q.fma(z, FloatVector.broadcast(S, 1f / 9));
            q = q.fma(z, FloatVector.broadcast(S, 1f / 7));
            q = q.fma(z, FloatVector.broadcast(S, 1f / 5));
            q = q.fma(z, FloatVector.broadcast(S, 1f / 3));
            q.mul(z).fma(sv, sv).mul(two).intoArray(l, i);
        }
    }

    /** y = max(x, 0) + l (softplus), NaN passed through; y may be x. */
    private static void plusLog1p(float[] x, int xOff, float[] l, float[] y, int yOff, int n) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.max(zero).add(FloatVector.fromArray(S, l, i)).blend(v, v.compare(VectorOperators.NE, v)).intoArray(y, yOff + i);
        }
    }

    /** y = min(x, 0) − l (log σ), NaN passed through; y may be x. */
    private static void minusLog1p(float[] x, int xOff, float[] l, float[] y, int yOff, int n) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = 0; i < n; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.min(zero).sub(FloatVector.fromArray(S, l, i)).blend(v, v.compare(VectorOperators.NE, v)).intoArray(y, yOff + i);
        }
    }

    /** Elements per block of {@link #softplusBackward}: its scratch stays in L1, and each pass runs many times a step. */
    private static final int SOFTPLUS_GRAD_BLOCK = 128;
    /** Per thread: a block's scratch, five runs of {@link #SOFTPLUS_GRAD_BLOCK} floats (see {@link #softplusBackward}). */
    private static final ThreadLocal<float[]> SOFTPLUS_GRAD = ThreadLocal.withInitial(() -> new float[5 * SOFTPLUS_GRAD_BLOCK]);
    private static final int RH = 0, RL = SOFTPLUS_GRAD_BLOCK, KN = 2 * SOFTPLUS_GRAD_BLOCK, PH = 3 * SOFTPLUS_GRAD_BLOCK, PL = 4 * SOFTPLUS_GRAD_BLOCK;
    /** The exact path's inputs t = x − sp: e^t is a normal float there, so scaling by 2ⁿ is exact. */
    private static final float SOFTPLUS_GRAD_MIN = -87f;
    /** ln 2 = LN2_A + LN2_B + LN2_C: LN2_A has 15 significant bits, so n·LN2_A is exact for |n| < 2⁹ (here |n| ≤ 126). */
    private static final float LN2_A = 0.693145751953125f, LN2_B, LN2_C;
    /** 1/k! for k = 2..6 as float pairs (high, low), whose sums are the double values. */
    private static final float F2H, F2L, F3H, F3L, F4H, F4L, F5H, F5L, F6H, F6L;

    static {
        double rest = (6.93147180369123816490e-01 - LN2_A) + 1.90821492927058770002e-10;   // fdlibm's ln 2, high + low
        LN2_B = (float) rest;
        LN2_C = (float) (rest - LN2_B);
        double[] inv = {0.5, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720};
        float[] h = new float[5], l = new float[5];
        for (int i = 0; i < 5; i++) {
            h[i] = (float) inv[i];
            l[i] = (float) (inv[i] - h[i]);
        }
        F2H = h[0]; F2L = l[0]; F3H = h[1]; F3L = l[1]; F4H = h[2]; F4L = l[2]; F5H = h[3]; F5L = l[3]; F6H = h[4]; F6L = l[4];
    }

    /**
     * dx[i] += g[i] · e with e = (float) StrictMath.exp(x[i] − sp[i]) exactly, the product and sum in float. Each lane
     * takes e^t in double-float arithmetic (a float pair, about 2⁻⁴⁴ relative): t = n·ln 2 + r with r exact to that
     * precision, e^r by its Taylor series to r¹¹ (the terms to r⁶ in pairs), then the pair's high float is StrictMath's
     * float when the low part lies farther than 2⁻³⁹ from half an ulp (StrictMath's double is within an ulp of e^t, so
     * it rounds the same way). Other lanes (rare: the low part within 2⁻³⁹ of half an ulp), t outside [−87, 0], NaN and
     * the last n mod L elements take StrictMath. The tests compare it with the scalar loop on every float t of [−87, 0] and on a sample of all others.
     * Four passes over each block through a per-thread scratch, each small enough for C2 to inline all of its Vector API
     * calls (one method with all of it left some to the Java fallback, which allocates).
     */
    static void softplusBackward(float[] x, int xOff, float[] sp, int spOff, float[] g, int gOff, float[] dx, int dxOff, int n) {
        int full = n - n % L;
        float[] w = SOFTPLUS_GRAD.get();
        for (int i = 0; i < full; i += SOFTPLUS_GRAD_BLOCK) {
            int m = Math.min(SOFTPLUS_GRAD_BLOCK, full - i);
            expReduce(x, xOff + i, sp, spOff + i, w, m);
            expSeriesHigh(w, m);
            expSeriesLow(w, m);
            expGradient(x, xOff + i, sp, spOff + i, g, gOff + i, dx, dxOff + i, w, m);
        }
        PlainJavaKernels.softplusBackwardScalar(x, xOff, sp, spOff, g, gOff, dx, dxOff, full, n);
    }

    /** t = x − sp = n·ln 2 + (rh + rl): rh, rl and ROUND_MAGIC + n into the scratch; m a multiple of L. */
    private static void expReduce(float[] x, int xOff, float[] sp, int spOff, float[] w, int m) {
        FloatVector log2e = FloatVector.broadcast(S, LOG2E), magic = FloatVector.broadcast(S, ROUND_MAGIC);
        FloatVector lnA = FloatVector.broadcast(S, -LN2_A), lnB = FloatVector.broadcast(S, LN2_B), lnC = FloatVector.broadcast(S, LN2_C);
        for (int i = 0; i < m; i += L) {
            FloatVector t = FloatVector.fromArray(S, x, xOff + i).sub(FloatVector.fromArray(S, sp, spOff + i));
            FloatVector k = t.fma(log2e, magic);               // ROUND_MAGIC + n, n = t·log₂e rounded
            FloatVector nf = k.sub(magic);
            FloatVector a = nf.fma(lnA, t);                    // t − n·LN2_A, exact
            FloatVector q = nf.mul(lnB);
            FloatVector qe = nf.fma(lnB, q.neg());             // n·LN2_B − q, exact
            // a − q as a two-sum, the small rest beside it
            FloatVector rh = a.sub(q);
            FloatVector bv = rh.sub(a);
            FloatVector rl = a.sub(rh.sub(bv)).add(q.neg().sub(bv)).sub(qe).sub(nf.mul(lnC));
            rh.intoArray(w, RH + i);
            rl.intoArray(w, RL + i);
            k.intoArray(w, KN + i);
        }
    }

    /** e^rh's series from r¹¹ down to 1/3!: r⁷ on in float, then Horner with float pairs; the pair into the scratch. */
    private static void expSeriesHigh(float[] w, int m) {
        FloatVector f7 = FloatVector.broadcast(S, (float) (1.0 / 5040)), f8 = FloatVector.broadcast(S, (float) (1.0 / 40320));
        FloatVector f9 = FloatVector.broadcast(S, (float) (1.0 / 362880)), f10 = FloatVector.broadcast(S, (float) (1.0 / 3628800));
        FloatVector f11 = FloatVector.broadcast(S, (float) (1.0 / 39916800));
        FloatVector f6h = FloatVector.broadcast(S, F6H), f6l = FloatVector.broadcast(S, F6L), f5h = FloatVector.broadcast(S, F5H);
        FloatVector f5l = FloatVector.broadcast(S, F5L), f4h = FloatVector.broadcast(S, F4H), f4l = FloatVector.broadcast(S, F4L);
        FloatVector f3h = FloatVector.broadcast(S, F3H), f3l = FloatVector.broadcast(S, F3L);
        for (int i = 0; i < m; i += L) {
            FloatVector rh = FloatVector.fromArray(S, w, RH + i);
            FloatVector ph = f11.fma(rh, f10).fma(rh, f9).fma(rh, f8).fma(rh, f7), pl, th, tl, sh;
            // each step (ph, pl)·rh + c: the product exact in (th, tl), c + th exact as |c| ≥ |th|, the rest in pl
            th = ph.mul(rh); tl = ph.fma(rh, th.neg()); sh = f6h.add(th); pl = th.sub(sh.sub(f6h)).add(tl.add(f6l)); ph = sh;
            th = ph.mul(rh); tl = ph.fma(rh, th.neg()).add(pl.mul(rh)); sh = f5h.add(th); pl = th.sub(sh.sub(f5h)).add(tl.add(f5l)); ph = sh;
            th = ph.mul(rh); tl = ph.fma(rh, th.neg()).add(pl.mul(rh)); sh = f4h.add(th); pl = th.sub(sh.sub(f4h)).add(tl.add(f4l)); ph = sh;
            th = ph.mul(rh); tl = ph.fma(rh, th.neg()).add(pl.mul(rh)); sh = f3h.add(th); pl = th.sub(sh.sub(f3h)).add(tl.add(f3l));
            sh.intoArray(w, PH + i);
            pl.intoArray(w, PL + i);
        }
    }

    /** The series' last steps (1/2!, 1, 1), times 1 + rl, normalized: the float nearest e^r and the rest, into the scratch. */
    private static void expSeriesLow(float[] w, int m) {
        FloatVector f2h = FloatVector.broadcast(S, F2H), f2l = FloatVector.broadcast(S, F2L), one = FloatVector.broadcast(S, 1f);
        for (int i = 0; i < m; i += L) {
            FloatVector rh = FloatVector.fromArray(S, w, RH + i), ph = FloatVector.fromArray(S, w, PH + i), pl = FloatVector.fromArray(S, w, PL + i);
            FloatVector th, tl, sh;
            th = ph.mul(rh); tl = ph.fma(rh, th.neg()).add(pl.mul(rh)); sh = f2h.add(th); pl = th.sub(sh.sub(f2h)).add(tl.add(f2l)); ph = sh;
            th = ph.mul(rh); tl = ph.fma(rh, th.neg()).add(pl.mul(rh)); sh = one.add(th); pl = th.sub(sh.sub(one)).add(tl); ph = sh;
            th = ph.mul(rh); tl = ph.fma(rh, th.neg()).add(pl.mul(rh)); sh = one.add(th); pl = th.sub(sh.sub(one)).add(tl); ph = sh;
            // e^(rh + rl) = e^rh·(1 + rl) to the precision kept
            pl = ph.fma(FloatVector.fromArray(S, w, RL + i), pl);
            FloatVector yh = ph.add(pl);
            yh.intoArray(w, PH + i);
            pl.sub(yh.sub(ph)).intoArray(w, PL + i);
        }
    }

    /** dx += g · yh·2ⁿ where that is StrictMath's float, else g · StrictMath's own; m a multiple of L. */
    private static void expGradient(float[] x, int xOff, float[] sp, int spOff, float[] g, int gOff, float[] dx, int dxOff, float[] w, int m) {
        FloatVector one = FloatVector.broadcast(S, 1f), zero = FloatVector.zero(S), lo = FloatVector.broadcast(S, SOFTPLUS_GRAD_MIN);
        FloatVector nan = FloatVector.broadcast(S, Float.NaN);
        FloatVector wide = FloatVector.broadcast(S, 0x1p-24f - 0x1p-39f), narrow = FloatVector.broadcast(S, 0x1p-25f - 0x1p-39f);
        IntVector magicBits = IntVector.broadcast(I, ROUND_MAGIC_BITS), bias = IntVector.broadcast(I, 127);
        for (int i = 0; i < m; i += L) {
            FloatVector yh = FloatVector.fromArray(S, w, PH + i), yl = FloatVector.fromArray(S, w, PL + i);
            FloatVector t = FloatVector.fromArray(S, x, xOff + i).sub(FloatVector.fromArray(S, sp, spOff + i));
            // yh in [0.7, 1.42]: half an ulp is 2⁻²⁴ above 1, 2⁻²⁵ below it and just below 1 itself
            VectorMask<Float> upper = yh.compare(VectorOperators.GT, one).or(yh.compare(VectorOperators.EQ, one).and(yl.compare(VectorOperators.GE, zero)));
            VectorMask<Float> exact = yl.abs().compare(VectorOperators.LT, narrow.blend(wide, upper))
                    .and(t.compare(VectorOperators.GE, lo)).and(t.compare(VectorOperators.LE, zero));
            IntVector k = FloatVector.fromArray(S, w, KN + i).reinterpretAsInts();
            FloatVector e = yh.mul(k.sub(magicBits).add(bias).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            // the lanes left to StrictMath are marked NaN in the scratch and filled by scalar code: no vector is live
            // across that rare branch, so C2 never has to box one for it
            e.blend(nan, exact.not()).intoArray(w, PH + i);
            if (!exact.allTrue()) {
                for (int c = i; c < i + L; c++) if (w[PH + c] != w[PH + c]) w[PH + c] = (float) StrictMath.exp(x[xOff + c] - sp[spOff + c]);
            }
            FloatVector d = FloatVector.fromArray(S, dx, dxOff + i);
            d.add(FloatVector.fromArray(S, g, gOff + i).mul(FloatVector.fromArray(S, w, PH + i))).intoArray(dx, dxOff + i);
        }
    }

    /** y = e^(x − z) elementwise (σ(l) = e^(l − softplus(l)) in the Bernoulli gradient); y may be x or z. */
    static void expOfDifference(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).sub(FloatVector.fromArray(S, z, zOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = x[xOff + i] - z[zOff + i];
        expPass(y, yOff, y, yOff, n);
    }

    /** y = log(x) for positive normal x (the series of {@link #logPass}). */
    static void log(float[] x, int xOff, float[] y, int yOff, int n) {
        logPass(x, xOff, y, yOff, n);
    }

    /** y = x + z elementwise; y may be x or z. */
    static void add(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).add(FloatVector.fromArray(S, z, zOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = x[xOff + i] + z[zOff + i];
    }

    /** Rows per block of {@link #addBiasRows} and {@link #sumRows}: a block of 8,192 floats stays in L1. */
    private static int blockRows(int cols) {
        return Math.max(1, 8_192 / Math.max(1, cols));
    }

    /**
     * y[r·ld + c] = x[r·ld + c] + bias[c]; y may be x. Within a block of rows each vector of the bias is loaded
     * once for the block's rows, and the columns past the last whole vector go column by column, where a call
     * per row spent as long on its few tail columns and its own setup as on the vectors (a small table's rows are
     * 8–40 columns).
     */
    static void addBiasRows(float[] x, int xOff, float[] bias, int bOff, float[] y, int yOff, int rows, int cols, int ld) {
        int whole = S.loopBound(cols), step = blockRows(cols);
        if (ld == cols && whole < cols && rows > 1) {
            addBiasFlat(x, xOff, bias, bOff, y, yOff, rows, cols);
            return;
        }
        for (int r0 = 0; r0 < rows; r0 += step) {
            int r1 = Math.min(rows, r0 + step);
            for (int c = 0; c < whole; c += L) {
                FloatVector b = FloatVector.fromArray(S, bias, bOff + c);
                for (int r = r0; r < r1; r++) {
                    FloatVector.fromArray(S, x, xOff + r * ld + c).add(b).intoArray(y, yOff + r * ld + c);
                }
            }
            for (int c = whole; c < cols; c++) {
                float b = bias[bOff + c];
                for (int r = r0; r < r1; r++) y[yOff + r * ld + c] = x[xOff + r * ld + c] + b;
            }
        }
    }

    /**
     * {@link #addBiasRows} of contiguous rows whose width is not a whole number of vectors, as one flat run of
     * vectors: the lanes of the vector at flat position i need bias[(i + l) mod cols], which is the bias repeated,
     * [bias, bias, …] (cols + L long), read from i mod cols. So a row of 9 columns costs part of one vector
     * instead of nine scalar steps; the same sums, element by element.
     */
    private static void addBiasFlat(float[] x, int xOff, float[] bias, int bOff, float[] y, int yOff, int rows, int cols) {
        float[][] h = PATTERN.get();
        if (h[0].length < cols + L) h[0] = new float[cols + L];
        float[] repeated = h[0];
        for (int t = 0; t < cols + L; t++) repeated[t] = bias[bOff + t % cols];
        int n = rows * cols, i = 0, phase = 0, advance = L % cols;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).add(FloatVector.fromArray(S, repeated, phase)).intoArray(y, yOff + i);
            phase += advance;
            if (phase >= cols) phase -= cols;
        }
        for (; i < n; i++) y[yOff + i] = x[xOff + i] + repeated[i % cols];
    }

    private static final ThreadLocal<float[][]> PATTERN = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * out[c] += Σ_r x[r, c] (row stride cols), added in order of rows as the scalar twin does: within a block of
     * rows each vector of sums stays in a register, so out is read and written once a block, not once a row. Each
     * column's sum is a chain of dependent adds; two vectors of columns go through the rows together, and the
     * columns past the last whole vector (all of them when a row is shorter than a vector: a small table's output
     * layer) as one more vector, so that independent chains overlap instead of waiting on each other (a bias
     * gradient is 4–40 columns over a few hundred rows).
     */
    static void sumRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        int whole = S.loopBound(cols), pairs = whole - whole % (2 * L), step = blockRows(cols);
        for (int r0 = 0; r0 < rows; r0 += step) {
            int r1 = Math.min(rows, r0 + step);
            for (int c = 0; c < pairs; c += 2 * L) {
                FloatVector s0 = FloatVector.fromArray(S, out, outOff + c), s1 = FloatVector.fromArray(S, out, outOff + c + L);
                for (int r = r0, o = xOff + r0 * cols + c; r < r1; r++, o += cols) {
                    s0 = s0.add(FloatVector.fromArray(S, x, o));
                    s1 = s1.add(FloatVector.fromArray(S, x, o + L));
                }
                s0.intoArray(out, outOff + c);
                s1.intoArray(out, outOff + c + L);
            }
            if (pairs < whole) {
                FloatVector s0 = FloatVector.fromArray(S, out, outOff + pairs);
                for (int r = r0, o = xOff + r0 * cols + pairs; r < r1; r++, o += cols) s0 = s0.add(FloatVector.fromArray(S, x, o));
                s0.intoArray(out, outOff + pairs);
            }
            if (whole == cols) continue;
            // the columns past the last whole vector as one vector a row, read from the row's tail on (its lanes past
            // the row hold the next row's first columns and are never stored), on the rows where that read stays
            // inside x; the rows after those column by column
            int tailCols = cols - whole, reach = x.length - L - xOff - whole;
            int vectorRows = reach < 0 ? 0 : Math.min(r1 - r0, Math.max(0, reach / cols + 1 - r0));
            int r = r0, o = xOff + r0 * cols;
            if (vectorRows > 1) {
                float[] t = tail(out, outOff + whole, tailCols);
                FloatVector s = FloatVector.fromArray(S, t, 0);
                for (int end = r0 + vectorRows; r < end; r++, o += cols) s = s.add(FloatVector.fromArray(S, x, o + whole));
                s.intoArray(t, 0);
                System.arraycopy(t, 0, out, outOff + whole, tailCols);
            }
            for (; r < r1; r++, o += cols) {
                for (int c = whole; c < cols; c++) out[outOff + c] += x[o + c];
            }
        }
    }

    /** y = x · z elementwise; y may be x or z. */
    static void mul(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, z, zOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = x[xOff + i] * z[zOff + i];
    }

    /** y += a · x (axpy). */
    static void addScaled(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.broadcast(S, a), FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
    }

    /** A per-thread row of terms for the reductions (see {@link FixedOrderSum}); grows, never shrinks. */
    private static final ThreadLocal<float[][]> TERMS = ThreadLocal.withInitial(() -> new float[1][0]);

    static float[] terms(int n) {
        float[][] h = TERMS.get();
        if (h[0].length < n) h[0] = new float[Math.max(n, 16)];
        return h[0];
    }

    /**
     * One row of a diagonal Gaussian's log-density from log σ: z = (x − μ)·invSigma is written to
     * {@code z} and Σ (−z²/2 − log σ) is returned (the caller adds −n·log(2π)/2). Each term is
     * fma(z², −½, −log σ), summed by {@link FixedOrderSum}; {@link ScalarMath#gaussianRow} is its twin,
     * summing in double. Only {@code z} is modified.
     */
    static float gaussianRow(float[] x, int xOff, float[] mean, int mOff, float[] invSigma, int iOff,
                                    float[] logSigma, int lOff, float[] z, int zOff, int n) {
        if (n < FixedOrderSum.LANES && n < L) {
            // a narrow row (a small table, a latent layer): no vector step and one term per partial sum, so the fixed
            // order is the left-to-right sum (PanamaFixedOrderSum.sumShort), summed as the terms are made
            float s = 0f;
            for (int j = 0; j < n; j++) {
                float zj = (x[xOff + j] - mean[mOff + j]) * invSigma[iOff + j];
                z[zOff + j] = zj;
                s += Math.fma(zj * zj, -0.5f, -logSigma[lOff + j]);
            }
            return s;
        }
        float[] t = terms(n);
        gaussianTerms(x, xOff, mean, mOff, invSigma, iOff, logSigma, lOff, z, zOff, t, n);
        return PanamaFixedOrderSum.sum(t, 0, n);
    }

    /**
     * {@link VectorMath#gaussianRows}: the terms of the whole block as one flat run of vectors (a row of a small
     * table is shorter than a vector), then each row's sum; a row of up to {@link FixedOrderSum#LANES} terms has one
     * term per partial sum, so its fixed-order sum is the left-to-right one.
     */
    static void gaussianRows(float[] x, int xOff, float[] mean, int mOff, float[] logSigma, int lOff, float[] invSigma,
                             float[] z, int zOff, int rows, int cols, float[] out, int outOff) {
        int n = rows * cols;
        float[] t = terms(n);
        gaussianTerms(x, xOff, mean, mOff, invSigma, zOff, logSigma, lOff, z, zOff, t, n);
        if (cols > FixedOrderSum.LANES) {
            for (int r = 0; r < rows; r++) out[outOff + r] = PanamaFixedOrderSum.sum(t, r * cols, cols);
            return;
        }
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            float s = 0f;
            for (int j = 0; j < cols; j++) s += t[o + j];
            out[outOff + r] = s;
        }
    }

    /** z = (x − mean)·invSigma and t = fma(z², −½, −logSigma) over n elements, t from index 0. */
    private static void gaussianTerms(float[] x, int xOff, float[] mean, int mOff, float[] invSigma, int iOff,
                                      float[] logSigma, int lOff, float[] z, int zOff, float[] t, int n) {
        FloatVector minusHalf = FloatVector.broadcast(S, -0.5f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector zi = FloatVector.fromArray(S, x, xOff + i).sub(FloatVector.fromArray(S, mean, mOff + i))
                    .mul(FloatVector.fromArray(S, invSigma, iOff + i));
            zi.intoArray(z, zOff + i);
            zi.mul(zi).fma(minusHalf, FloatVector.fromArray(S, logSigma, lOff + i).neg()).intoArray(t, i);
        }
        for (; i < n; i++) {
            float zi = (x[xOff + i] - mean[mOff + i]) * invSigma[iOff + i];
            z[zOff + i] = zi;
            t[i] = Math.fma(zi * zi, -0.5f, -logSigma[lOff + i]);
        }
    }

    /** {@link VectorMath#gaussianBackward}: g spread over its row's elements once, then one flat pass per gradient. */
    static void gaussianBackward(float[] g, int gOff, float[] z, float[] invSigma, int zOff, int rows, int cols,
                                 float[] xGrad, int xgOff, float[] meanGrad, int mgOff, float[] logSigmaGrad, int sgOff) {
        int n = rows * cols;
        float[] ge = terms(n); // the per-thread scratch of the terms, here g for each element
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            float gr = g[gOff + r];
            for (int j = 0; j < cols; j++) ge[o + j] = gr;
        }
        if (xGrad != null) gaussianMeanGrad(ge, z, invSigma, zOff, xGrad, xgOff, n, true);
        if (meanGrad != null) gaussianMeanGrad(ge, z, invSigma, zOff, meanGrad, mgOff, n, false);
        if (logSigmaGrad != null) gaussianLogSigmaGrad(ge, z, zOff, logSigmaGrad, sgOff, n);
    }

    /** y −= (ge·z)·invSigma when {@code subtract}, else y += it. */
    private static void gaussianMeanGrad(float[] ge, float[] z, float[] invSigma, int zOff, float[] y, int yOff, int n, boolean subtract) {
        int i = 0, bound = S.loopBound(n);
        if (subtract) {
            for (; i < bound; i += L) {
                FloatVector w = FloatVector.fromArray(S, ge, i).mul(FloatVector.fromArray(S, z, zOff + i))
                        .mul(FloatVector.fromArray(S, invSigma, zOff + i));
                FloatVector.fromArray(S, y, yOff + i).sub(w).intoArray(y, yOff + i);
            }
            for (; i < n; i++) y[yOff + i] -= ge[i] * z[zOff + i] * invSigma[zOff + i];
            return;
        }
        for (; i < bound; i += L) {
            FloatVector w = FloatVector.fromArray(S, ge, i).mul(FloatVector.fromArray(S, z, zOff + i))
                    .mul(FloatVector.fromArray(S, invSigma, zOff + i));
            FloatVector.fromArray(S, y, yOff + i).add(w).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += ge[i] * z[zOff + i] * invSigma[zOff + i];
    }

    /** y += ge·(z·z − 1). */
    private static void gaussianLogSigmaGrad(float[] ge, float[] z, int zOff, float[] y, int yOff, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector zi = FloatVector.fromArray(S, z, zOff + i);
            FloatVector.fromArray(S, y, yOff + i).add(FloatVector.fromArray(S, ge, i).mul(zi.mul(zi).sub(one))).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            float zi = z[zOff + i];
            y[yOff + i] += ge[i] * (zi * zi - 1f);
        }
    }

    /** Adam's update of elements [from, to) (see {@link VectorMath#adamUpdate}). */
    static void adamUpdate(float[] theta, float[] g, float[] mp, float[] vp, int from, int to, float beta1, float beta2,
                           float epsilon, float stepSize, float invSqrtC2, boolean zero) {
        FloatVector b1 = FloatVector.broadcast(S, beta1), b2 = FloatVector.broadcast(S, beta2);
        FloatVector ob1 = FloatVector.broadcast(S, 1 - beta1), ob2 = FloatVector.broadcast(S, 1 - beta2);
        FloatVector zeros = FloatVector.zero(S), c2 = FloatVector.broadcast(S, invSqrtC2), eps = FloatVector.broadcast(S, epsilon);
        FloatVector step = FloatVector.broadcast(S, stepSize);
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, mp, i).mul(b1).add(gv.mul(ob1));
            FloatVector vv = FloatVector.fromArray(S, vp, i).mul(b2).add(gv.mul(gv).mul(ob2));
            mv.intoArray(mp, i);
            vv.intoArray(vp, i);
            FloatVector denom = vv.sqrt().mul(c2).add(eps);
            FloatVector.fromArray(S, theta, i).sub(mv.mul(step).div(denom)).intoArray(theta, i);
            if (zero) zeros.intoArray(g, i);
        }
        // scalar tail in the vector body's float order
        PlainJavaKernels.adamScalar(theta, g, mp, vp, i, to, beta1, beta2, epsilon, stepSize, invSqrtC2, zero);
    }

    /**
     * Whether x[off..off+n) holds no NaN or infinity: x − x is 0 for a finite x and NaN otherwise, and a sum of
     * those is NaN exactly when one was; two accumulators keep the loads, not the adds' latency, the bound.
     */
    static boolean allFinite(float[] x, int off, int n) {
        FloatVector acc0 = FloatVector.zero(S), acc1 = FloatVector.zero(S);
        int i = off, end = off + n;
        for (int bound = off + n - n % (2 * L); i < bound; i += 2 * L) {
            FloatVector a = FloatVector.fromArray(S, x, i), b = FloatVector.fromArray(S, x, i + L);
            acc0 = acc0.add(a.sub(a));
            acc1 = acc1.add(b.sub(b));
        }
        if (Float.isNaN(acc0.add(acc1).reduceLanes(VectorOperators.ADD))) return false;
        return PlainJavaKernels.allFiniteScalar(x, i, end);
    }
}
