package iwae4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one float reduction every kernel uses: term j goes to partial sum j mod {@link #LANES}, in increasing
 * j, each partial sum starting from zero; then the partial sums are added in lane order, starting from zero.
 * The order is fixed by this definition alone, not by the vector length, the JIT or the JDK (the Vector
 * API's {@code reduceLanes(ADD)} leaves its order unspecified, and C2 on JDK 25 uses a different one than
 * the interpreter). {@link #sumScalar} is the scalar twin and gives the same bits.
 */
public final class FixedOrderSum {
    /** Partial sums of a reduction: 16, one 512-bit vector of floats. */
    public static final int LANES = 16;
    private static final VectorSpecies<Float> R = FloatVector.SPECIES_PREFERRED.length() >= LANES
            ? FloatVector.SPECIES_512 : FloatVector.SPECIES_PREFERRED;
    private static final int RL = R.length();
    private static final ThreadLocal<float[]> PARTIAL = ThreadLocal.withInitial(() -> new float[LANES]);

    private FixedOrderSum() {
    }

    /** Σ t[off..off+n) in the fixed order of this class. Nothing is modified. */
    public static float sum(float[] t, int off, int n) {
        if (RL != LANES) return sumThroughArray(R, t, off, n);
        float[] p = PARTIAL.get();
        int j = 0, whole = n - n % LANES;
        FloatVector acc = FloatVector.zero(R);
        for (; j < whole; j += LANES) acc = acc.add(FloatVector.fromArray(R, t, off + j));
        acc.intoArray(p, 0);
        return finish(p, t, off, j, n);
    }

    /** {@link #sum} for vectors shorter than {@link #LANES}: the partial sums stay in an array. */
    static float sumThroughArray(VectorSpecies<Float> r, float[] t, int off, int n) {
        float[] p = PARTIAL.get();
        java.util.Arrays.fill(p, 0f);
        int j = 0, whole = n - n % LANES;
        for (; j < whole; j += LANES) {
            for (int q = 0; q < LANES; q += r.length()) {
                FloatVector.fromArray(r, p, q).add(FloatVector.fromArray(r, t, off + j + q)).intoArray(p, q);
            }
        }
        return finish(p, t, off, j, n);
    }

    /** Adds the tail t[j..n) into its partial sums, then the partial sums in lane order. */
    private static float finish(float[] p, float[] t, int off, int j, int n) {
        for (; j < n; j++) p[j % LANES] += t[off + j];
        float s = 0f;
        for (int q = 0; q < LANES; q++) s += p[q];
        return s;
    }

    /** The scalar twin of {@link #sum}: the same partial sums in the same order, so the same bits. */
    public static float sumScalar(float[] t, int off, int n) {
        float[] p = new float[LANES];
        for (int j = 0; j < n; j++) p[j % LANES] += t[off + j];
        float s = 0f;
        for (int q = 0; q < LANES; q++) s += p[q];
        return s;
    }
}
