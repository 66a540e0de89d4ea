package iwae4j.tensor;

/**
 * Log-sum-exp over one axis of a row-major [rows×cols] block, max-subtracted: lse(x) = m + log Σ exp(x − m)
 * with m = max x. A column (or row) whose max is ±∞ or NaN gives that max (all −∞ gives −∞, never NaN); an
 * empty axis gives −∞. Values near ±1e30 are exact up to rounding because only differences from the max are
 * exponentiated. Sums run in a fixed order (over rows in row order for axis 0, by {@link FixedOrderSum} for
 * axis 1), so results do not depend on the vector length, the JIT or the implementation ({@link Vectorization}).
 * The reference twins are in {@link ScalarMath}.
 */
public final class LogSumExp {
    private static final Kernels KERNELS = Vectorization.KERNELS;

    private LogSumExp() {
    }

    /** out[c] = lse over r of x[r, c] (axis 0, the sample axis of a [k, B] array). Modifies out[outOff..+cols). */
    public static void columns(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        check("logSumExp(axis 0)", x, xOff, rows, cols, out, outOff, cols);
        KERNELS.logSumExpColumns(x, xOff, rows, cols, out, outOff);
    }

    /** out[r] = lse over c of x[r, c] (axis 1). Modifies out[outOff..+rows). */
    public static void rows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        check("logSumExp(axis 1)", x, xOff, rows, cols, out, outOff, rows);
        KERNELS.logSumExpRows(x, xOff, rows, cols, out, outOff);
    }

    private static void check(String op, float[] x, int xOff, int rows, int cols, float[] out, int outOff, int outLen) {
        if (rows < 0 || cols < 0 || xOff < 0 || (long) xOff + (long) rows * cols > x.length || outOff < 0
                || outOff + outLen > out.length) {
            throw new IllegalArgumentException(op + ": [" + rows + "×" + cols + "] from " + xOff + " in x[" + x.length
                    + "] into out[" + out.length + "] from " + outOff + " does not fit");
        }
        if (x == out && outOff < xOff + rows * cols && xOff < outOff + outLen) {
            throw new IllegalArgumentException(op + ": out overlaps x");
        }
    }
}
