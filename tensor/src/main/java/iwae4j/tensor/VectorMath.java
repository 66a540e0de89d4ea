package iwae4j.tensor;

/**
 * Elementwise kernels. Each reads {@code n} elements of x from {@code xOff} and writes y from {@code yOff};
 * only y is modified, and y may be x itself at the same offset (in place). They run on the Vector API or, without
 * it, in plain Java with the same bits ({@link Vectorization}); the reference twins in double are in
 * {@link ScalarMath}.
 *
 * <p>The transcendental kernels are our own polynomials built from exact IEEE operations (add, mul, fma, div,
 * bit shifts), not the Vector API's {@code lanewise(EXP/TANH/LOG1P)}: those can differ in the last bit between
 * the interpreter's fallback and C2's intrinsic, so a run's numbers would depend on when the JIT compiles.
 *
 * <p>Maximum relative error against {@link Math} in double (held by {@code VectorMathTest}): {@code exp} ≤ 1e-6
 * over [−87, 88]; {@code tanh} ≤ 1e-6 over [−20, 20]; {@code softplus} and {@code logSigmoid} ≤ 1e-6 over
 * [−80, 80].
 */
public final class VectorMath {
    private static final Kernels KERNELS = Vectorization.KERNELS;

    private VectorMath() {
    }

    /** x[xOff..+n) and z[zOff..+n) into y[yOff..+n): each in range; y may be x or z only at the same offset. */
    private static void checkBinary(String op, float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        checkRange(op, x, xOff, y, yOff, n);
        checkRange(op, z, zOff, y, yOff, n);
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

    /** y = eˣ: range reduction x = n·ln2 + r and a degree-6 polynomial; below −87.3 the result is 0, above 88.7 +∞. */
    public static void exp(float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("exp", x, xOff, y, yOff, n);
        KERNELS.exp(x, xOff, y, yOff, n);
    }

    /** y = eˣ, the same polynomial as {@link #exp} (the name the benchmarks compare with {@link #expBuiltin}). */
    public static void expPolynomial(float[] x, int xOff, float[] y, int yOff, int n) {
        exp(x, xOff, y, yOff, n);
    }

    /**
     * y = eˣ with the JDK's {@code lanewise(EXP)} (plain {@link Math#exp} without the Vector API). Not used by the
     * engine: its last bit can depend on the JIT state; kept for the benchmark that compares it with {@link #exp}.
     */
    public static void expBuiltin(float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("exp", x, xOff, y, yOff, n);
        KERNELS.expBuiltin(x, xOff, y, yOff, n);
    }

    /** y = log(x) for positive normal x: x = m·2ᵉ, log(1+f) by the series in s = f/(2+f) to s⁹. */
    public static void log(float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("log", x, xOff, y, yOff, n);
        KERNELS.log(x, xOff, y, yOff, n);
    }

    /** y = tanh(x): the odd rational function x·P(x²)/Q(x²) (Eigen's minimax fit) on x clamped to ±7.9053. */
    public static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("tanh", x, xOff, y, yOff, n);
        KERNELS.tanh(x, xOff, y, yOff, n);
    }

    /** y = log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|)), so it neither overflows nor loses small values. */
    public static void softplus(float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("softplus", x, xOff, y, yOff, n);
        KERNELS.softplus(x, xOff, y, yOff, n);
    }

    /** y = log σ(x) = −softplus(−x) = min(x, 0) − log1p(e^(−|x|)). */
    public static void logSigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("logSigmoid", x, xOff, y, yOff, n);
        KERNELS.logSigmoid(x, xOff, y, yOff, n);
    }

    /** y = e^(x − z) elementwise (σ(l) = e^(l − softplus(l)) in the Bernoulli gradient); y may be x or z. */
    public static void expOfDifference(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        checkBinary("expOfDifference", x, xOff, z, zOff, y, yOff, n);
        KERNELS.expOfDifference(x, xOff, z, zOff, y, yOff, n);
    }

    /**
     * The softplus's backward pass: dx[i] += g[i] · σ(x[i]), with σ(x) = e^(x − softplus(x)) taken from the forward
     * pass's sp = softplus(x) so it never overflows. The exponential is exactly {@code (float) StrictMath.exp} of the
     * float difference, and the product and sum are in float, so every backend, width and JDK gives the same bits as
     * that scalar loop; the Vector API's is several times faster, and the σ floor's softplus is in every table's step.
     * dx may not overlap x, sp or g except as the same array at the same offset.
     */
    public static void softplusBackward(float[] x, int xOff, float[] sp, int spOff, float[] g, int gOff, float[] dx, int dxOff, int n) {
        checkBinary("softplusBackward", x, xOff, sp, spOff, dx, dxOff, n);
        checkRange("softplusBackward", g, gOff, dx, dxOff, n);
        KERNELS.softplusBackward(x, xOff, sp, spOff, g, gOff, dx, dxOff, n);
    }

    /** y[r, c] = x[r, c] + bias[c] for a [rows×cols] block; y may be x. */
    public static void addBiasRows(float[] x, int xOff, float[] bias, int bOff, float[] y, int yOff, int rows, int cols) {
        checkRange("addBiasRows", x, xOff, y, yOff, rows * cols);
        if (bOff < 0 || bOff + cols > bias.length) {
            throw new IllegalArgumentException("addBiasRows: bias[" + bias.length + "] from " + bOff + " is shorter than " + cols);
        }
        KERNELS.addBiasRows(x, xOff, bias, bOff, y, yOff, rows, cols, cols);
    }

    /** y = x + z elementwise; y may be x or z. */
    public static void add(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        checkBinary("add", x, xOff, z, zOff, y, yOff, n);
        KERNELS.add(x, xOff, z, zOff, y, yOff, n);
    }

    /** y = x · z elementwise; y may be x or z. */
    public static void mul(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        checkBinary("mul", x, xOff, z, zOff, y, yOff, n);
        KERNELS.multiply(x, xOff, z, zOff, y, yOff, n);
    }

    /** y += a · x (axpy, one fused multiply-add per element). */
    public static void addScaled(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        checkRange("addScaled", x, xOff, y, yOff, n);
        KERNELS.addScaled(a, x, xOff, y, yOff, n);
    }

    /** out[c] += Σ_r x[r, c] over a [rows×cols] block (the gradient of a broadcast bias). */
    public static void sumRowsInto(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        if (rows < 0 || cols < 0 || xOff < 0 || (long) xOff + (long) rows * cols > x.length || outOff < 0 || outOff + cols > out.length) {
            throw new IllegalArgumentException("sumRowsInto: [" + rows + "×" + cols + "] from " + xOff + " in x[" + x.length
                    + "] into out[" + out.length + "] from " + outOff + " does not fit");
        }
        KERNELS.sumRows(x, xOff, rows, cols, out, outOff);
    }

    /** Σ x over n elements, accumulated in double. */
    public static double sum(float[] x, int xOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[xOff + i];
        return s;
    }

    /**
     * One row of a diagonal Gaussian's log-density from log σ: z = (x − μ)·invSigma is written to {@code z} and
     * Σ (−z²/2 − log σ) is returned (the caller adds −n·log(2π)/2). Each term is fma(z², −½, −log σ), summed by
     * {@link FixedOrderSum}; {@link ScalarMath#gaussianRow} is its twin in double. Only {@code z} is modified.
     */
    public static float gaussianRow(float[] x, int xOff, float[] mean, int mOff, float[] invSigma, int iOff,
                                    float[] logSigma, int lOff, float[] z, int zOff, int n) {
        if (n < 0 || xOff < 0 || mOff < 0 || iOff < 0 || lOff < 0 || zOff < 0 || xOff + n > x.length || mOff + n > mean.length
                || iOff + n > invSigma.length || lOff + n > logSigma.length || zOff + n > z.length) {
            throw new IllegalArgumentException("gaussianRow: n=" + n + " does not fit the arrays");
        }
        return KERNELS.gaussianRow(x, xOff, mean, mOff, invSigma, iOff, logSigma, lOff, z, zOff, n);
    }

    /**
     * {@link #gaussianRow} over a block of {@code rows} contiguous rows of {@code cols}: z = (x − μ)·invSigma is
     * written at zOff (invSigma lies as z does), and out[outOff + r] = Σ_j (−z²/2 − log σ) of row r, the same bits
     * as {@link #gaussianRow} row by row. One call for the block, because a small table's row is shorter than a
     * vector. Only z and out are modified; they may not overlap the inputs.
     */
    public static void gaussianRows(float[] x, int xOff, float[] mean, int mOff, float[] logSigma, int lOff, float[] invSigma,
                                    float[] z, int zOff, int rows, int cols, float[] out, int outOff) {
        int n = checkBlock("gaussianRows", rows, cols);
        checkRange("gaussianRows", x, xOff, z, zOff, n);
        checkRange("gaussianRows", mean, mOff, z, zOff, n);
        checkRange("gaussianRows", logSigma, lOff, invSigma, zOff, n);
        checkRange("gaussianRows", invSigma, zOff, z, zOff, n);
        if (outOff < 0 || outOff + rows > out.length) {
            throw new IllegalArgumentException("gaussianRows: out[" + out.length + "] from " + outOff + " is shorter than " + rows);
        }
        KERNELS.gaussianRows(x, xOff, mean, mOff, logSigma, lOff, invSigma, z, zOff, rows, cols, out, outOff);
    }

    /**
     * The backward pass of {@link #gaussianRows} over the same block, for the gradient g[gOff + r] of row r's
     * log-density: with w = g·z·invSigma (multiplied left to right), xGrad −= w, meanGrad += w and
     * logSigmaGrad += g·(z·z − 1), element by element, each at its own offset; a null gradient is skipped. The
     * gradients may not overlap z, invSigma, g or each other.
     */
    public static void gaussianBackward(float[] g, int gOff, float[] z, float[] invSigma, int zOff, int rows, int cols,
                                        float[] xGrad, int xgOff, float[] meanGrad, int mgOff, float[] logSigmaGrad, int sgOff) {
        int n = checkBlock("gaussianBackward", rows, cols);
        checkRange("gaussianBackward", z, zOff, invSigma, zOff, n);
        if (gOff < 0 || gOff + rows > g.length) {
            throw new IllegalArgumentException("gaussianBackward: g[" + g.length + "] from " + gOff + " is shorter than " + rows);
        }
        if (xGrad != null) checkRange("gaussianBackward", z, zOff, xGrad, xgOff, n);
        if (meanGrad != null) checkRange("gaussianBackward", z, zOff, meanGrad, mgOff, n);
        if (logSigmaGrad != null) checkRange("gaussianBackward", z, zOff, logSigmaGrad, sgOff, n);
        KERNELS.gaussianBackward(g, gOff, z, invSigma, zOff, rows, cols, xGrad, xgOff, meanGrad, mgOff, logSigmaGrad, sgOff);
    }

    private static int checkBlock(String op, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": a block of " + rows + " rows × " + cols + " columns");
        }
        return rows * cols;
    }

    /** Whether x[off..off+n) holds no NaN and no infinity (a vector pass: the trainer checks every gradient each step). */
    public static boolean allFinite(float[] x, int off, int n) {
        if (n < 0 || off < 0 || (long) off + n > x.length) {
            throw new IllegalArgumentException("allFinite: " + n + " elements from " + off + " do not fit x[" + x.length + "]");
        }
        return KERNELS.allFinite(x, off, n);
    }

    /**
     * Adam's update of elements [from, to): m = m·β₁ + g·(1 − β₁), v = v·β₂ + g²·(1 − β₂),
     * θ −= m·stepSize / (√v·invSqrtC2 + ε), in that float order for every element; then g = 0 if {@code zero}.
     * Modifies theta, m, v (and g).
     */
    public static void adamUpdate(float[] theta, float[] g, float[] m, float[] v, int from, int to, float beta1, float beta2,
                                  float epsilon, float stepSize, float invSqrtC2, boolean zero) {
        if (from < 0 || from > to || to > theta.length || to > g.length || to > m.length || to > v.length) {
            throw new IllegalArgumentException("adamUpdate: [" + from + ", " + to + ") does not fit the arrays");
        }
        KERNELS.adamUpdate(theta, g, m, v, from, to, beta1, beta2, epsilon, stepSize, invSqrtC2, zero);
    }
}
