package iwae4j.tensor;

/**
 * The plain-Java backend, for JVMs without {@code jdk.incubator.vector}: element by element the same
 * operations as the Vector API kernels ({@link PanamaKernels}) in the same order — each lanewise add, multiply,
 * fused multiply-add ({@link Math#fma}), min/max, bit operation and blend written out — and the same fixed-order
 * reductions, so they give the same bits, only slower and on one thread. Arguments are checked by the facades.
 */
final class PlainJavaKernels implements Kernels {
    @Override
    public String description() {
        return "plain-Java kernels (no jdk.incubator.vector)";
    }

    // ---- elementwise transcendental functions (PanamaVectorMath's bodies, one lane at a time) ----

    /** eʳ on |r| ≤ ln2/2: 1 + r + r²·(Taylor coefficients 1/2! .. 1/6!), as the vector bodies compute it. */
    private static float expOfReduced(float r) {
        float p = Math.fma(r, EXP_C6, EXP_C5);
        p = Math.fma(p, r, EXP_C4);
        p = Math.fma(p, r, EXP_C3);
        p = Math.fma(p, r, 0.5f);
        return Math.fma(p, r * r, r) + 1f;
    }

    static float exp(float v) {
        float xc = Math.min(Math.max(v, EXP_MIN), EXP_MAX);
        float t = Math.fma(xc, LOG2E, ROUND_MAGIC);
        float nf = t - ROUND_MAGIC;
        float r = Math.fma(nf, -LN2_HI, xc);
        r = Math.fma(nf, -LN2_LO, r);
        float p = expOfReduced(r);
        int bits = Float.floatToRawIntBits(t) - ROUND_MAGIC_BITS;
        int half = bits >> 1;
        float s1 = Float.intBitsToFloat((half + 127) << 23);
        float s2 = Float.intBitsToFloat((bits - half + 127) << 23);
        float out = p * s1 * s2;
        if (v < EXP_MIN) out = 0f;
        if (v > EXP_MAX) out = Float.POSITIVE_INFINITY;
        if (v != v) out = v;
        return out;
    }

    static float log(float x) {
        int bits = Float.floatToRawIntBits(x);
        float e = Float.intBitsToFloat((bits >>> 23) | 0x4B000000) - (8388608f + 127f);
        float m = Float.intBitsToFloat((bits & 0x007FFFFF) | 0x3F800000);
        if (m > 1.4142135f) {
            m = m * 0.5f;
            e = e + 1f;
        }
        float f = m - 1f;
        float s = f / (f + 2f);
        float z = s * s;
        float r = Math.fma(z, 2f / 9, 2f / 7);
        r = Math.fma(r, z, 2f / 5);
        r = Math.fma(r, z, 2f / 3);
        return Math.fma(e, LN2_HI, Math.fma(s * z, r, s + s) + e * LN2_LO);
    }

    static float tanh(float v) {
        float c = Math.min(Math.max(v, -TANH_CLAMP), TANH_CLAMP);
        float z = c * c;
        float p = Math.fma(z, -2.76076847742355e-16f, 2.00018790482477e-13f);
        p = Math.fma(p, z, -8.60467152213735e-11f);
        p = Math.fma(p, z, 5.12229709037114e-08f);
        p = Math.fma(p, z, 1.48572235717979e-05f);
        p = Math.fma(p, z, 6.37261928875436e-04f);
        p = Math.fma(p, z, 4.89352455891786e-03f);
        p = p * c;
        float q = Math.fma(z, 1.19825839466702e-06f, 1.18534705686654e-04f);
        q = Math.fma(q, z, 2.26843463243900e-03f);
        q = Math.fma(q, z, 4.89352518554385e-03f);
        float out = p / q;
        return Math.abs(v) < 0.0004f ? v : out;
    }

    static float softplusOrLogSigmoid(float v, boolean logSigmoid) {
        float xc = Math.max(-Math.abs(v), EXP_MIN);
        float k = Math.fma(xc, LOG2E, ROUND_MAGIC);
        float nf = k - ROUND_MAGIC;
        float r = Math.fma(nf, -LN2_HI, xc);
        r = Math.fma(nf, -LN2_LO, r);
        float p = expOfReduced(r);
        float t = p * Float.intBitsToFloat((Float.floatToRawIntBits(k) - ROUND_MAGIC_BITS + 127) << 23);
        if (Math.abs(v) > -EXP_MIN) t = 0f;
        float sv = t / (t + 2f);
        float z = sv * sv;
        float q = Math.fma(z, 1f / 15, 1f / 13);
        q = Math.fma(q, z, 1f / 11);
        q = Math.fma(q, z, 1f / 9);
        q = Math.fma(q, z, 1f / 7);
        q = Math.fma(q, z, 1f / 5);
        q = Math.fma(q, z, 1f / 3);
        float l = Math.fma(q * z, sv, sv) * 2f;
        float out = logSigmoid ? Math.min(v, 0f) - l : Math.max(v, 0f) + l;
        return v != v ? v : out;
    }

    @Override
    public void exp(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = exp(x[xOff + i]);
    }

    @Override
    public void expBuiltin(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = (float) Math.exp(x[xOff + i]);
    }

    @Override
    public void log(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = log(x[xOff + i]);
    }

    @Override
    public void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = tanh(x[xOff + i]);
    }

    @Override
    public void softplus(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = softplusOrLogSigmoid(x[xOff + i], false);
    }

    @Override
    public void logSigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = softplusOrLogSigmoid(x[xOff + i], true);
    }

    @Override
    public void expOfDifference(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = exp(x[xOff + i] - z[zOff + i]);
    }

    @Override
    public void softplusBackward(float[] x, int xOff, float[] sp, int spOff, float[] g, int gOff, float[] dx, int dxOff, int n) {
        softplusBackwardScalar(x, xOff, sp, spOff, g, gOff, dx, dxOff, 0, n);
    }

    /** Elements from..to−1 of {@link #softplusBackward}, the scalar loop the Vector API kernel equals; also that kernel's tail. */
    static void softplusBackwardScalar(float[] x, int xOff, float[] sp, int spOff, float[] g, int gOff, float[] dx, int dxOff, int from, int to) {
        for (int i = from; i < to; i++) dx[dxOff + i] += g[gOff + i] * (float) StrictMath.exp(x[xOff + i] - sp[spOff + i]);
    }

    @Override
    public void add(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = x[xOff + i] + z[zOff + i];
    }

    @Override
    public void addBiasRows(float[] x, int xOff, float[] bias, int bOff, float[] y, int yOff, int rows, int cols, int ld) {
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * ld, yo = yOff + r * ld;
            for (int c = 0; c < cols; c++) y[yo + c] = x[xo + c] + bias[bOff + c];
        }
    }

    @Override
    public void sumRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * cols;
            for (int c = 0; c < cols; c++) out[outOff + c] += x[xo + c];
        }
    }

    @Override
    public void multiply(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = x[xOff + i] * z[zOff + i];
    }

    @Override
    public void addScaled(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
    }

    // ---- the fixed-order reduction and the kernels that use it ----

    /** {@link FixedOrderSum}'s definition; {@code partial} is 16 floats of scratch. */
    static float sum(float[] t, int off, int n, float[] partial) {
        java.util.Arrays.fill(partial, 0f);
        for (int j = 0; j < n; j++) partial[j % FixedOrderSum.LANES] += t[off + j];
        float s = 0f;
        for (int q = 0; q < FixedOrderSum.LANES; q++) s += partial[q];
        return s;
    }

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[FixedOrderSum.LANES], new float[0]});

    /** A per-thread scratch of {@link FixedOrderSum#LANES} floats. */
    static float[] partial() {
        return SCRATCH.get()[0];
    }

    private static float[] row(int n) {
        float[][] h = SCRATCH.get();
        if (h[1].length < n) h[1] = new float[Math.max(n, 16)];
        return h[1];
    }

    @Override
    public float sum(float[] t, int off, int n) {
        return sum(t, off, n, partial());
    }

    @Override
    public float gaussianRow(float[] x, int xOff, float[] mean, int mOff, float[] invSigma, int iOff,
                             float[] logSigma, int lOff, float[] z, int zOff, int n) {
        float[] t = row(n);
        for (int j = 0; j < n; j++) {
            float zj = (x[xOff + j] - mean[mOff + j]) * invSigma[iOff + j];
            z[zOff + j] = zj;
            t[j] = Math.fma(zj * zj, -0.5f, -logSigma[lOff + j]);
        }
        return sum(t, 0, n, partial());
    }

    @Override
    public void gaussianRows(float[] x, int xOff, float[] mean, int mOff, float[] logSigma, int lOff, float[] invSigma,
                             float[] z, int zOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            out[outOff + r] = gaussianRow(x, xOff + o, mean, mOff + o, invSigma, zOff + o, logSigma, lOff + o, z, zOff + o, cols);
        }
    }

    @Override
    public void gaussianBackward(float[] g, int gOff, float[] z, float[] invSigma, int zOff, int rows, int cols,
                                 float[] xGrad, int xgOff, float[] meanGrad, int mgOff, float[] logSigmaGrad, int sgOff) {
        for (int r = 0, o = 0; r < rows; r++, o += cols) {
            float gr = g[gOff + r];
            for (int j = 0; j < cols; j++) {
                float zj = z[zOff + o + j], w = gr * zj * invSigma[zOff + o + j];
                if (xGrad != null) xGrad[xgOff + o + j] -= w;
                if (meanGrad != null) meanGrad[mgOff + o + j] += w;
                if (logSigmaGrad != null) logSigmaGrad[sgOff + o + j] += gr * (zj * zj - 1f);
            }
        }
    }

    @Override
    public void bernoulliForward(float[] x, int xRows, float[] logits, int rows, int cols, float[] softplus, float[] out) {
        bernoulli(false, x, xRows, logits, rows, cols, softplus, out, null);
    }

    @Override
    public void bernoulliBackward(float[] x, int xRows, float[] logits, int rows, int cols, float[] softplus, float[] g,
                                  float[] logitsGrad) {
        bernoulli(true, x, xRows, logits, rows, cols, softplus, g, logitsGrad);
    }

    /** Bernoulli forward (out[r] = Σ x·l − softplus(l)) or backward (lg += g[r]·(x − σ(l))), as PanamaBernoulli's rows. */
    private static void bernoulli(boolean back, float[] x, int xRows, float[] logits, int rows, int cols, float[] sp, float[] rowBuf, float[] lg) {
        float[] t = row(cols);
        for (int r = 0; r < rows; r++) {
            int xr = (r % xRows) * cols, o = r * cols;
            if (!back) {
                for (int j = 0; j < cols; j++) {
                    float s = softplusOrLogSigmoid(logits[o + j], false);
                    if (sp != null) sp[o + j] = s;
                    t[j] = Math.fma(x[xr + j], logits[o + j], -s);
                }
                rowBuf[r] = sum(t, 0, cols, partial());
            } else {
                float g = rowBuf[r];
                for (int j = 0; j < cols; j++) {
                    float sigma = exp(logits[o + j] - sp[o + j]);
                    lg[o + j] = Math.fma(x[xr + j] - sigma, g, lg[o + j]);
                }
            }
        }
    }

    @Override
    public void logSumExpColumns(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        for (int c = 0; c < cols; c++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) max = Math.max(max, x[xOff + r * cols + c]);
            if (Float.isInfinite(max) || Float.isNaN(max)) {
                out[outOff + c] = max;
                continue;
            }
            float sum = 0f;
            for (int r = 0; r < rows; r++) sum += exp(x[xOff + r * cols + c] - max);
            out[outOff + c] = max + log(sum);
        }
    }

    @Override
    public void logSumExpRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        float[] t = row(cols);
        for (int r = 0; r < rows; r++) {
            int base = xOff + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, x[base + c]);
            if (Float.isInfinite(max) || Float.isNaN(max)) {
                out[outOff + r] = max;
                continue;
            }
            for (int c = 0; c < cols; c++) t[c] = exp(x[base + c] - max);
            out[outOff + r] = max + (float) StrictMath.log(sum(t, 0, cols, partial()));
        }
    }

    // ---- matrix products: each element one fma chain over the inner index from zero, as PanamaGemm ----

    @Override
    public void mul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k, boolean accumulate) {
        gemm(a, aOff, k, 1, b, bOff, n, 1, c, cOff, m, n, k, accumulate, null, 0, false);
    }

    @Override
    public void mulAddBias(float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff, float[] c, int cOff,
                           int m, int n, int k, boolean tanh) {
        gemm(a, aOff, k, 1, b, bOff, n, 1, c, cOff, m, n, k, false, bias, biasOff, tanh);
    }

    @Override
    public void mulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k, boolean accumulate) {
        gemm(a, aOff, 1, m, b, bOff, n, 1, c, cOff, m, n, k, accumulate, null, 0, false);
    }

    @Override
    public void mulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k, boolean accumulate) {
        gemm(a, aOff, k, 1, b, bOff, 1, k, c, cOff, m, n, k, accumulate, null, 0, false);
    }

    /** Rows of C's inner side computed together (a block's packed columns and sums stay in L2). */
    private static final int BLOCK_ROWS = 256;
    /** Terms of the inner sum packed at a time. */
    private static final int BLOCK_TERMS = 256;

    /** Per-thread buffers of {@link #gemm}: the packed columns of a block, the sums, and one column of the other operand. */
    private static final class GemmBuffers {
        float[][] packed = new float[0][], sums = new float[0][];
        float[] other = new float[BLOCK_TERMS];
    }

    private static final ThreadLocal<GemmBuffers> GEMM_BUFFERS = ThreadLocal.withInitial(GemmBuffers::new);

    private static float[][] rows(float[][] held, int count, int length) {
        float[][] r = held.length >= count ? held : java.util.Arrays.copyOf(held, count);
        for (int i = 0; i < count; i++) if (r[i] == null || r[i].length < length) r[i] = new float[length];
        return r;
    }

    /**
     * C (+)= A·B with element (i, p) of A at a[aOff + i·ars + p·acs] and (p, j) of B at b[bOff + p·brs + j·bcs]; then
     * + bias[j] and tanh if given. Each element is one chain of fused multiply-adds over p from zero, as in the Vector
     * API's products, so the bits are theirs. The longer side of C runs in the inner loop over a block of up to
     * {@link #BLOCK_ROWS}, reading the packed columns of its operand as separate arrays from index 0: C2 vectorizes
     * such a loop (a row of a few columns, or a loop over an array at an offset, stays scalar). When C is wider than
     * tall its columns are the inner side (fma(x, y, s) is fma(y, x, s), so swapping the operands keeps every chain).
     */
    private static void gemm(float[] a, int aOff, int ars, int acs, float[] b, int bOff, int brs, int bcs, float[] c, int cOff,
                             int m, int n, int k, boolean accumulate, float[] bias, int biasOff, boolean tanh) {
        boolean swap = n > m;
        // X: the inner side's operand, element (r, p) at x[xOff + r·xrs + p·xps]; Y: the other, (p, q) at y[yOff + p·yps + q·yqs]
        float[] x = swap ? b : a, y = swap ? a : b;
        int xOff = swap ? bOff : aOff, xrs = swap ? bcs : ars, xps = swap ? brs : acs;
        int yOff = swap ? aOff : bOff, yps = swap ? acs : brs, yqs = swap ? ars : bcs;
        int inner = swap ? n : m, outer = swap ? m : n;
        int blocks = Math.max(1, (inner + BLOCK_ROWS - 1) / BLOCK_ROWS), per = (inner + blocks - 1) / blocks;
        GemmBuffers buf = GEMM_BUFFERS.get();
        float[][] packed = buf.packed = rows(buf.packed, Math.min(k, BLOCK_TERMS), per);
        float[][] sums = buf.sums = rows(buf.sums, outer, per);
        float[] other = buf.other;
        for (int r0 = 0; r0 < inner; r0 += per) {
            int len = Math.min(per, inner - r0);
            for (int q = 0; q < outer; q++) java.util.Arrays.fill(sums[q], 0, len, 0f);
            for (int p0 = 0; p0 < k; p0 += BLOCK_TERMS) {
                int terms = Math.min(BLOCK_TERMS, k - p0);
                for (int t = 0; t < terms; t++) {
                    float[] col = packed[t];
                    for (int r = 0, xi = xOff + r0 * xrs + (p0 + t) * xps; r < len; r++, xi += xrs) col[r] = x[xi];
                }
                for (int q = 0; q < outer; q++) {
                    for (int t = 0, yi = yOff + p0 * yps + q * yqs; t < terms; t++, yi += yps) other[t] = y[yi];
                    chain(packed, other, terms, sums[q], len);
                }
            }
            for (int q = 0; q < outer; q++) {
                float[] s = sums[q];
                for (int r = 0; r < len; r++) {
                    int i = swap ? q : r0 + r, j = swap ? r0 + r : q, ci = cOff + i * n + j;
                    float v = accumulate ? c[ci] + s[r] : s[r];
                    if (bias != null) v = v + bias[biasOff + j];
                    c[ci] = tanh ? tanh(v) : v;
                }
            }
        }
    }

    /** s[r] = fma(packed[t][r], other[t], s[r]) for t = 0, 1, … in order, four terms a pass over s (the same chain). */
    private static void chain(float[][] packed, float[] other, int terms, float[] s, int len) {
        int t = 0;
        for (; t + 4 <= terms; t += 4) {
            float[] c0 = packed[t], c1 = packed[t + 1], c2 = packed[t + 2], c3 = packed[t + 3];
            float o0 = other[t], o1 = other[t + 1], o2 = other[t + 2], o3 = other[t + 3];
            for (int r = 0; r < len; r++) {
                s[r] = Math.fma(c3[r], o3, Math.fma(c2[r], o2, Math.fma(c1[r], o1, Math.fma(c0[r], o0, s[r]))));
            }
        }
        for (; t < terms; t++) {
            float[] c0 = packed[t];
            float o0 = other[t];
            for (int r = 0; r < len; r++) s[r] = Math.fma(c0[r], o0, s[r]);
        }
    }

    // ---- normal draws: PanamaNormals' block, one pair at a time ----

    @Override
    public void normals(float[] out, int off, int n, long key) {
        long mix = Normals.mix(key);
        int pairs = Normals.PAIRS;
        int ka0 = (int) key, kb0 = (int) (key >>> 32), ka1 = (int) mix, kb1 = (int) (mix >>> 32);
        for (int b = 0; 2 * pairs * b < n; b++) {
            for (int j = 0; j < pairs && 2 * pairs * b + j < n; j++) { // pairs past n would write nothing
                int c = b * pairs + j;
                float u = (uniform(c + ka0, kb0) - 2f) * -1f;
                float theta = (uniform(c + ka1, kb1) - 1.5f) * TWO_PI;
                float r = (float) Math.sqrt(log(u) * -2f);
                boolean hi = theta > HALF_PI, lo = theta < -HALF_PI;
                float t = theta;
                if (hi) t = PI - theta;
                if (lo) t = -PI - theta;
                float z = t * t;
                float sp = Math.fma(z, -1f / 39916800, 1f / 362880);
                sp = Math.fma(sp, z, -1f / 5040);
                sp = Math.fma(sp, z, 1f / 120);
                sp = Math.fma(sp, z, -1f / 6);
                float sin = Math.fma(sp * z, t, t);
                float cp = Math.fma(z, 1f / 479001600, -1f / 3628800);
                cp = Math.fma(cp, z, 1f / 40320);
                cp = Math.fma(cp, z, -1f / 720);
                cp = Math.fma(cp, z, 1f / 24);
                cp = Math.fma(cp, z, -0.5f);
                float cos = Math.fma(cp, z, 1f);
                float rc = r * cos;
                int i1 = 2 * pairs * b + j, i2 = i1 + pairs;
                if (i1 < n) out[off + i1] = hi || lo ? -rc : rc;
                if (i2 < n) out[off + i2] = r * sin;
            }
        }
    }

    /** 1 + the top 23 bits of two keyed lowbias32 rounds of x, as a float in [1, 2). */
    private static float uniform(int x, int kb) {
        x = Normals.lowbias32(x) ^ kb;
        x = Normals.lowbias32(x);
        return Float.intBitsToFloat((x >>> 9) | 0x3F800000);
    }

    // ---- Adam ----

    @Override
    public void adamUpdate(float[] theta, float[] g, float[] m, float[] v, int from, int to, float beta1, float beta2,
                           float epsilon, float stepSize, float invSqrtC2, boolean zero) {
        adamScalar(theta, g, m, v, from, to, beta1, beta2, epsilon, stepSize, invSqrtC2, zero);
    }

    @Override
    public boolean allFinite(float[] x, int off, int n) {
        return allFiniteScalar(x, off, off + n);
    }

    /** Whether x[from..to) holds no NaN or infinity; also the Vector API kernel's tail. */
    static boolean allFiniteScalar(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(x[i])) return false;
        }
        return true;
    }

    /** Adam on [from, to) in the vector body's float order; also the Vector API kernel's tail. */
    static void adamScalar(float[] theta, float[] g, float[] m, float[] v, int from, int to, float beta1, float beta2, float epsilon,
                     float stepSize, float invSqrtC2, boolean zero) {
        for (int i = from; i < to; i++) {
            m[i] = m[i] * beta1 + g[i] * (1 - beta1);
            v[i] = v[i] * beta2 + g[i] * g[i] * (1 - beta2);
            theta[i] = theta[i] - m[i] * stepSize / ((float) Math.sqrt(v[i]) * invSqrtC2 + epsilon);
            if (zero) g[i] = 0f;
        }
    }
}
