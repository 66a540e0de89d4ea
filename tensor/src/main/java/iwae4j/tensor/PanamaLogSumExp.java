package iwae4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API implementation of {@link LogSumExp} (for {@link PanamaKernels}); same contracts, arguments checked by the facade. */
final class PanamaLogSumExp {
    private static final VectorSpecies<Float> S = PanamaWidth.FLOATS;
    private static final int L = S.length();

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    private PanamaLogSumExp() {
    }

    /** A per-thread buffer of at least n floats; grows, never shrinks. */
    private static float[] scratch(int n) {
        float[][] h = SCRATCH.get();
        if (h[0].length < n) h[0] = new float[Math.max(n, 16)];
        return h[0];
    }

    /** out[c] = lse over r of x[r, c] (axis 0, the sample axis of a [k, B] array). Modifies out[outOff..+cols). */
    static void columns(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        float[] t = scratch((rows + 2) * L);
        int keep = rows * L; // t[keep..keep+L): the shift, t[keep+L..keep+2L): the max (no vector lives across a call)
        int c = 0;
        FloatVector zero = FloatVector.zero(S), inf = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
        for (int bound = S.loopBound(cols); c < bound; c += L) {
            FloatVector max = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int r = 0; r < rows; r++) max = max.max(FloatVector.fromArray(S, x, xOff + r * cols + c));
            // a column whose max is not finite returns the max itself: avoids −∞ − (−∞)
            FloatVector shift = max.blend(zero, max.abs().compare(VectorOperators.EQ, inf).or(max.compare(VectorOperators.NE, max)));
            for (int r = 0; r < rows; r++) FloatVector.fromArray(S, x, xOff + r * cols + c).sub(shift).intoArray(t, r * L);
            shift.intoArray(t, keep);
            max.intoArray(t, keep + L);
            PanamaVectorMath.exp(t, 0, t, 0, rows * L);
            FloatVector sum = FloatVector.zero(S);
            for (int r = 0; r < rows; r++) sum = sum.add(FloatVector.fromArray(S, t, r * L));
            sum.intoArray(t, 0);
            PanamaVectorMath.log(t, 0, t, 0, L);
            FloatVector sh = FloatVector.fromArray(S, t, keep), mx = FloatVector.fromArray(S, t, keep + L);
            VectorMask<Float> notFinite = mx.abs().compare(VectorOperators.EQ, inf).or(mx.compare(VectorOperators.NE, mx));
            sh.add(FloatVector.fromArray(S, t, 0)).blend(mx, notFinite).intoArray(out, outOff + c);
        }
        // the last cols mod L columns one at a time (masked loads at an array's end allocate on JDK 17), through
        // the same exp and log polynomials and the same row order as a vector lane, so every column gets the
        // bits it would get in a lane whatever the vector length
        for (; c < cols; c++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) max = Math.max(max, x[xOff + r * cols + c]);
            if (Float.isInfinite(max) || Float.isNaN(max)) {
                out[outOff + c] = max;
                continue;
            }
            for (int r = 0; r < rows; r++) t[r] = x[xOff + r * cols + c] - max;
            PanamaVectorMath.exp(t, 0, t, 0, rows);
            float sum = 0f;
            for (int r = 0; r < rows; r++) sum += t[r];
            t[rows] = sum;
            PanamaVectorMath.log(t, rows, t, rows, 1);
            out[outOff + c] = max + t[rows];
        }
    }

    /** out[r] = lse over c of x[r, c] (axis 1). Modifies out[outOff..+rows). */
    static void rows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int base = xOff + r * cols;
            FloatVector maxV = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            int c = 0;
            for (int bound = S.loopBound(cols); c < bound; c += L) maxV = maxV.max(FloatVector.fromArray(S, x, base + c));
            float max = maxV.reduceLanes(VectorOperators.MAX);
            for (; c < cols; c++) max = Math.max(max, x[base + c]);
            if (Float.isInfinite(max) || Float.isNaN(max)) {
                out[outOff + r] = max;
                continue;
            }
            float[] t = scratch(cols);
            for (c = 0; c < cols; c++) t[c] = x[base + c] - max;
            PanamaVectorMath.exp(t, 0, t, 0, cols);
            out[outOff + r] = max + (float) StrictMath.log(PanamaFixedOrderSum.sum(t, 0, cols));
        }
    }
}
