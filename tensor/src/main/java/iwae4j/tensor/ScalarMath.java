package iwae4j.tensor;

/**
 * Scalar reference twins of the {@link VectorMath} and {@link LogSumExp} kernels, in plain loops over
 * {@link Math}. Same arguments and meaning as the vector versions.
 */
public final class ScalarMath {
    private ScalarMath() {
    }

    public static void exp(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = (float) Math.exp(x[xOff + i]);
    }

    public static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = (float) Math.tanh(x[xOff + i]);
    }

    /** log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|)). */
    public static float softplus(float x) {
        return (float) (Math.max(x, 0.0) + log1p(Math.exp(-Math.abs(x))));
    }

    /** fdlibm's ln 2 in a high part with trailing zeros and a low part, and its series for log(1 + f) in s = f / (2 + f). */
    private static final double LN2_HI = 0x1.62e42feep-1, LN2_LO = 0x1.a39ef35793c76p-33;
    private static final double LP1 = 0x1.5555555555593p-1, LP2 = 0x1.999999997fa04p-2, LP3 = 0x1.2492494229359p-2,
            LP4 = 0x1.c71c51d8e78afp-3, LP5 = 0x1.7466496cb03dep-3, LP6 = 0x1.39a09d078c69fp-3, LP7 = 0x1.2f112df3e5244p-3;

    /**
     * log(1 + x), the same double as {@link StrictMath#log1p} for every x: on [0, 1] by fdlibm's algorithm (the one
     * StrictMath specifies) written out here, elsewhere by StrictMath itself. Why: on JDK 17 StrictMath.log1p is a
     * native call that no JIT inlines, and the softplus of every binary cell of a table's likelihood pays it.
     */
    public static double log1p(double x) {
        if (!(x >= 0 && x <= 1)) return StrictMath.log1p(x);
        int hx = highWord(x), k, hu;
        double f, c = 0;
        if (hx < 0x3fda827a) {                       // x < √2 − 1: f = x itself
            if (hx < 0x3e200000) return hx < 0x3c900000 ? x : x - x * x * 0.5;   // x < 2⁻²⁹
            k = 0;
            f = x;
            hu = 1;
        } else {                                     // 1 + x = 2ᵏ·(1 + f) with √2/2 ≤ 1 + f < √2, c the rounding of 1 + x
            double u = 1.0 + x;
            hu = highWord(u);
            k = (hu >> 20) - 1023;
            c = (k > 0 ? 1.0 - (u - x) : x - (u - 1.0)) / u;
            hu &= 0x000fffff;
            if (hu < 0x6a09e) {
                u = withHighWord(u, hu | 0x3ff00000);
            } else {
                k += 1;
                u = withHighWord(u, hu | 0x3fe00000);
                hu = (0x00100000 - hu) >> 2;
            }
            f = u - 1.0;
        }
        double hfsq = 0.5 * f * f;
        if (hu == 0) {                               // |f| < 2⁻²⁰
            if (f == 0) return k == 0 ? 0 : k * LN2_HI + (c + k * LN2_LO);
            double r = hfsq * (1.0 - 0.66666666666666666 * f);
            return k == 0 ? f - r : k * LN2_HI - ((r - (k * LN2_LO + c)) - f);
        }
        double s = f / (2.0 + f), z = s * s;
        double r = z * (LP1 + z * (LP2 + z * (LP3 + z * (LP4 + z * (LP5 + z * (LP6 + z * LP7))))));
        return k == 0 ? f - (hfsq - s * (hfsq + r)) : k * LN2_HI - ((hfsq - (s * (hfsq + r) + (k * LN2_LO + c))) - f);
    }

    private static int highWord(double x) {
        return (int) (Double.doubleToRawLongBits(x) >>> 32);
    }

    private static double withHighWord(double x, int high) {
        return Double.longBitsToDouble(((long) high << 32) | (Double.doubleToRawLongBits(x) & 0xffffffffL));
    }

    public static void softplus(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = softplus(x[xOff + i]);
    }

    public static void logSigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = -softplus(-x[xOff + i]);
    }

    public static void addBiasRows(float[] x, int xOff, float[] bias, int bOff, float[] y, int yOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) y[yOff + r * cols + c] = x[xOff + r * cols + c] + bias[bOff + c];
        }
    }

    public static void add(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = x[xOff + i] + z[zOff + i];
    }

    public static void mul(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = x[xOff + i] * z[zOff + i];
    }

    public static void sumRowsInto(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[outOff + c] += x[xOff + r * cols + c];
        }
    }

    public static void logSumExpColumns(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        logSumExpColumns(x, xOff, rows, cols, cols, out, outOff);
    }

    /** Log-sum-exp over axis 0 of the first {@code cols} columns of a block whose rows are {@code stride} apart. */
    static void logSumExpColumns(float[] x, int xOff, int rows, int cols, int stride, float[] out, int outOff) {
        for (int c = 0; c < cols; c++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) max = Math.max(max, x[xOff + r * stride + c]);
            if (rows == 0 || Float.isInfinite(max) || Float.isNaN(max)) {
                out[outOff + c] = max;
                continue;
            }
            float s = 0f;
            for (int r = 0; r < rows; r++) s += (float) Math.exp(x[xOff + r * stride + c] - max);
            out[outOff + c] = max + (float) Math.log(s);
        }
    }

    public static void logSumExpRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, x[xOff + r * cols + c]);
            if (cols == 0 || Float.isInfinite(max) || Float.isNaN(max)) {
                out[outOff + r] = max;
                continue;
            }
            float s = 0f;
            for (int c = 0; c < cols; c++) s += (float) Math.exp(x[xOff + r * cols + c] - max);
            out[outOff + r] = max + (float) Math.log(s);
        }
    }

    /** Scalar twin of {@link VectorMath#gaussianRow}, summing in double. */
    public static float gaussianRow(float[] x, int xOff, float[] mean, int mOff, float[] invSigma, int iOff,
                                    float[] logSigma, int lOff, float[] z, int zOff, int n) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            float zj = (x[xOff + j] - mean[mOff + j]) * invSigma[iOff + j];
            z[zOff + j] = zj;
            sum += -0.5 * zj * zj - logSigma[lOff + j];
        }
        return (float) sum;
    }
}
