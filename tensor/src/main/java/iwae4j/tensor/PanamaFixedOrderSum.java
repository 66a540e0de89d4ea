package iwae4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API implementation of {@link FixedOrderSum} (for {@link PanamaKernels}). */
final class PanamaFixedOrderSum {
    private static final int LANES = FixedOrderSum.LANES;
    private static final VectorSpecies<Float> R = PanamaWidth.FLOATS.length() >= LANES ? FloatVector.SPECIES_512 : PanamaWidth.FLOATS;
    private static final int RL = R.length();
    private static final ThreadLocal<float[]> PARTIAL = ThreadLocal.withInitial(() -> new float[LANES]);

    private PanamaFixedOrderSum() {
    }

    /** Σ t[off..off+n) in the fixed order of this class. Nothing is modified. */
    static float sum(float[] t, int off, int n) {
        if (n < LANES) return sumShort(t, off, n);
        if (RL != LANES) return sumThroughArray(R, t, off, n);
        float[] p = PARTIAL.get();
        int j = 0, whole = n - n % LANES;
        FloatVector acc = FloatVector.zero(R);
        for (; j < whole; j += LANES) acc = acc.add(FloatVector.fromArray(R, t, off + j));
        acc.intoArray(p, 0);
        return finish(p, t, off, j, n);
    }

    /**
     * {@link #sum} of fewer than {@link #LANES} terms: each partial sum holds one term, so the fixed order is the plain
     * left-to-right sum from zero (the empty partial sums add +0, which changes nothing), without the partial sums.
     */
    static float sumShort(float[] t, int off, int n) {
        float s = 0f;
        for (int j = 0; j < n; j++) s += t[off + j];
        return s;
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
}
