package iwae4j.tensor;

/**
 * Matrix multiplication in the three layouts a backward pass needs.
 *
 * <p>All matrices are dense row-major blocks of a {@code float[]} starting at an offset. Every method computes
 * C[m×n] = op(A)·op(B), or adds it into C when {@code accumulate} is true. Only C is modified. Each element of C
 * is one chain of fused multiply-adds in increasing order of the inner index, started from zero and added to C
 * at the end, whichever code path computes it (Vector API register blocks and tails, or plain Java without the
 * Vector API, see {@link Vectorization}); so the result is bit-identical whatever the thread count, the split of
 * the work or the implementation. {@link GemmScalar} is the reference twin.
 */
public final class Gemm {
    /** Multiply-adds above which a product is split over threads; tunable with {@code -Diwae4j.gemm.parallel}. */
    static volatile long parallelThreshold = Long.getLong("iwae4j.gemm.parallel", 1L << 19);
    private static final Kernels KERNELS = Vectorization.KERNELS;

    private Gemm() {
    }

    /** C[m×n] (+)= A[m×k] · B[k×n]. */
    public static void mul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                           int m, int n, int k, boolean accumulate) {
        check("A·B", a, aOff, (long) m * k, b, bOff, (long) k * n, c, cOff, m, n, k);
        KERNELS.mul(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
    }

    /**
     * C[m×n] = A[m×k] · B[k×n] + bias[1×n] broadcast over rows, then tanh when {@code tanh} is set: the affine
     * layer with its bias and activation applied to each block of C right after it is computed. Equal, bit for
     * bit, to {@link #mul} followed by {@link VectorMath#addBiasRows} and {@link VectorMath#tanh}.
     */
    public static void mulAddBias(float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff,
                                  float[] c, int cOff, int m, int n, int k, boolean tanh) {
        check("A·B + bias", a, aOff, (long) m * k, b, bOff, (long) k * n, c, cOff, m, n, k);
        if (biasOff < 0 || biasOff + n > bias.length) {
            throw new IllegalArgumentException("A·B + bias: bias[" + bias.length + "] from " + biasOff + " is shorter than n=" + n);
        }
        if (overlaps(c, cOff, (long) m * n, bias, biasOff, n)) throw new IllegalArgumentException("A·B + bias: C overlaps the bias");
        KERNELS.mulAddBias(a, aOff, b, bOff, bias, biasOff, c, cOff, m, n, k, tanh);
    }

    /** C[m×n] (+)= A[m×k] · B[n×k]ᵀ. */
    public static void mulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                                 int m, int n, int k, boolean accumulate) {
        check("A·Bᵀ", a, aOff, (long) m * k, b, bOff, (long) n * k, c, cOff, m, n, k);
        KERNELS.mulTransB(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
    }

    /** C[m×n] (+)= A[k×m]ᵀ · B[k×n]. */
    public static void mulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                                 int m, int n, int k, boolean accumulate) {
        check("Aᵀ·B", a, aOff, (long) k * m, b, bOff, (long) k * n, c, cOff, m, n, k);
        KERNELS.mulTransA(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
    }

    /** Tensor form of {@link #mul}: c = a·b for rank-2 tensors, shapes checked. */
    public static void mul(Tensor a, Tensor b, Tensor c, boolean accumulate) {
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2 || a.cols() != b.rows()
                || c.rows() != a.rows() || c.cols() != b.cols()) {
            throw new IllegalArgumentException("A·B shape mismatch: A" + a + " B" + b + " C" + c);
        }
        mul(a.data, a.offset, b.data, b.offset, c.data, c.offset, a.rows(), b.cols(), a.cols(), accumulate);
    }

    private static void check(String op, float[] a, int aOff, long aLen, float[] b, int bOff, long bLen,
                              float[] c, int cOff, int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": negative size m=" + m + " n=" + n + " k=" + k);
        }
        long cLen = (long) m * n;
        if (aOff < 0 || aOff + aLen > a.length || bOff < 0 || bOff + bLen > b.length
                || cOff < 0 || cOff + cLen > c.length) {
            throw new IllegalArgumentException(op + ": m=" + m + " n=" + n + " k=" + k + " does not fit the arrays: A "
                    + a.length + " from " + aOff + ", B " + b.length + " from " + bOff + ", C " + c.length + " from " + cOff);
        }
        if (overlaps(c, cOff, cLen, a, aOff, aLen) || overlaps(c, cOff, cLen, b, bOff, bLen)) {
            throw new IllegalArgumentException(op + ": C [" + m + "×" + n + "] overlaps an input (m=" + m
                    + " n=" + n + " k=" + k + ")");
        }
    }

    private static boolean overlaps(float[] x, int xOff, long xLen, float[] y, int yOff, long yLen) {
        return x == y && xLen > 0 && yLen > 0 && xOff < yOff + yLen && yOff < xOff + xLen;
    }
}
