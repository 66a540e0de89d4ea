package iwae4j.tensor;

/**
 * The one float reduction every kernel uses: term j goes to partial sum j mod {@link #LANES}, in increasing j,
 * each partial sum starting from zero; then the partial sums are added in lane order, starting from zero. The
 * order is fixed by this definition alone, not by the vector length, the JIT or the JDK (the Vector API's
 * {@code reduceLanes(ADD)} leaves its order unspecified, and C2 on JDK 25 uses another one than the interpreter).
 * {@link #sumScalar} is the plain-Java twin and gives the same bits.
 */
public final class FixedOrderSum {
    /** Partial sums of a reduction: 16, one 512-bit vector of floats. */
    public static final int LANES = 16;
    private static final Kernels KERNELS = Vectorization.KERNELS;

    private FixedOrderSum() {
    }

    /** Σ t[off..off+n) in the fixed order of this class. Nothing is modified. */
    public static float sum(float[] t, int off, int n) {
        if (n < 0 || off < 0 || (long) off + n > t.length) {
            throw new IllegalArgumentException("sum: n=" + n + " from " + off + " does not fit t[" + t.length + "]");
        }
        return KERNELS.sum(t, off, n);
    }

    /** The plain-Java twin of {@link #sum}: the same partial sums in the same order, so the same bits. */
    public static float sumScalar(float[] t, int off, int n) {
        return PlainJavaKernels.sum(t, off, n, new float[LANES]);
    }
}
