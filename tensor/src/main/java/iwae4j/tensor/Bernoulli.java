package iwae4j.tensor;

/**
 * The Bernoulli log-likelihood from logits, row by row, fused: log p(x|l) = Σ_j x_j·l_j − softplus(l_j), and
 * its gradient d/dl = x − σ(l) with σ(l) = exp(l − softplus(l)). The data x has {@code xRows} rows and is tiled
 * over the logits' rows (row r uses row r mod xRows). Each row's sum is one {@link FixedOrderSum} of the terms
 * fma(x, l, −softplus(l)), so results do not depend on the thread count or the implementation
 * ({@link Vectorization}). Reference twins in double: {@link #forwardScalar}, {@link #backwardScalar}.
 */
public final class Bernoulli {
    /** Elements (rows × cols) above which the rows are split over threads. */
    static volatile int parallelThreshold = 1 << 16;
    private static final Kernels KERNELS = Vectorization.KERNELS;

    private Bernoulli() {
    }

    /**
     * out[r] = Σ_j x·l − softplus(l) for each row of the logits; writes softplus(l) into {@code softplus} (for the
     * backward pass). Only {@code softplus} and {@code out} are modified. With {@code softplus} null (no backward
     * pass to come, as in evaluation) each row's softplus goes to a per-thread row buffer; {@code out} is
     * bit-identical.
     */
    public static void forward(float[] x, int xRows, float[] logits, int rows, int cols, float[] softplus, float[] out) {
        check(x, xRows, logits, rows, cols, softplus, out);
        KERNELS.bernoulliForward(x, xRows, logits, rows, cols, softplus, out);
    }

    /** logitsGrad[r, j] += g[r]·(x − exp(l − softplus(l))). Only {@code logitsGrad} is modified. */
    public static void backward(float[] x, int xRows, float[] logits, int rows, int cols, float[] softplus, float[] g, float[] logitsGrad) {
        if (softplus == null) throw new IllegalArgumentException("bernoulli backward: needs the softplus the forward pass stored");
        check(x, xRows, logits, rows, cols, softplus, g);
        if ((long) rows * cols > logitsGrad.length) throw new IllegalArgumentException("bernoulli: gradient buffer too short");
        KERNELS.bernoulliBackward(x, xRows, logits, rows, cols, softplus, g, logitsGrad);
    }

    private static void check(float[] x, int xRows, float[] logits, int rows, int cols, float[] a, float[] out) {
        if (xRows <= 0 || rows % xRows != 0 || (long) xRows * cols > x.length || (long) rows * cols > logits.length
                || (a != null && (long) rows * cols > a.length) || rows > out.length) {
            throw new IllegalArgumentException("bernoulli: x [" + xRows + "×" + cols + "] in " + x.length + ", logits [" + rows + "×" + cols
                    + "] in " + logits.length + ", scratch " + (a == null ? "none" : String.valueOf(a.length)) + ", out " + out.length + " do not fit");
        }
    }

    /** Reference twin of {@link #forward}, summing in double; {@code softplus} may be null. */
    public static void forwardScalar(float[] x, int xRows, float[] logits, int rows, int cols, float[] softplus, float[] out) {
        for (int r = 0; r < rows; r++) {
            int xr = (r % xRows) * cols, o = r * cols;
            double s = 0;
            for (int j = 0; j < cols; j++) {
                float sp = ScalarMath.softplus(logits[o + j]);
                if (softplus != null) softplus[o + j] = sp;
                s += x[xr + j] * logits[o + j] - sp;
            }
            out[r] = (float) s;
        }
    }

    /** Reference twin of {@link #backward}. */
    public static void backwardScalar(float[] x, int xRows, float[] logits, int rows, int cols, float[] softplus, float[] g, float[] logitsGrad) {
        for (int r = 0; r < rows; r++) {
            int xr = (r % xRows) * cols, o = r * cols;
            for (int j = 0; j < cols; j++) {
                logitsGrad[o + j] += g[r] * (x[xr + j] - (float) Math.exp(logits[o + j] - softplus[o + j]));
            }
        }
    }
}
