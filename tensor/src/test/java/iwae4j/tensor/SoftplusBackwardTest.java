package iwae4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath#softplusBackward} adds exactly g · (float) StrictMath.exp(x − sp), the scalar loop's float, with the
 * Vector API's double-float path: on a sample of every kind of float input here, and on every input of that path's
 * domain in the slow test.
 */
class SoftplusBackwardTest {
    private static final long SEED = 23L;
    private static final Kernels VECTOR_API = new PanamaKernels();

    /** dx = 0 + 1 · e(t) for t = x − 0, by the kernel; the number of elements whose bits differ from the scalar float. */
    private static long differences(Kernels kernels, float[] t) {
        int n = t.length;
        float[] zeros = new float[n], ones = new float[n], dx = new float[n];
        java.util.Arrays.fill(ones, 1f);
        kernels.softplusBackward(t, 0, zeros, 0, ones, 0, dx, 0, n);
        long bad = 0;
        for (int i = 0; i < n; i++) {
            float want = 0f + 1f * (float) StrictMath.exp(t[i] - 0f);
            if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(dx[i])) bad++;
        }
        return bad;
    }

    /**
     * Every 1,021st float bit pattern (all signs, NaNs and infinities included), seeded softplus inputs at four scales as
     * the backward meets them (t = x − softplus(x)), and the edges: the domain's ends, each n·ln 2 / 2 where the range
     * reduction switches, and tiny t, where e^t is next to 1.
     */
    private static float[] inputs() {
        SplittableRandom r = new SplittableRandom(SEED);
        float[] t = new float[4_300_000];
        int n = 0;
        for (long bits = 0; bits < (1L << 32) && n < 4_206_000; bits += 1021) t[n++] = Float.intBitsToFloat((int) bits);
        for (double scale : new double[] {0.1, 1, 5, 30}) {
            for (int i = 0; i < 20_000; i++) {
                float x = (float) (r.nextGaussian() * scale);
                t[n++] = x - ScalarMath.softplus(x);
            }
        }
        float[] edges = {-87f, -87.3f, -87.34f, -88f, -104f, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-30f, -1e-30f};
        for (float e : edges) {
            t[n++] = e;
            t[n++] = Math.nextUp(e);
            t[n++] = Math.nextDown(e);
        }
        for (int k = -252; k <= 0; k++) {
            float half = (float) (k * Math.log(2) / 2);
            t[n++] = half;
            t[n++] = Math.nextUp(half);
            t[n++] = Math.nextDown(half);
        }
        for (int k = 1; k <= 40; k++) t[n++] = -(float) Math.scalb(1.0, -k);
        return java.util.Arrays.copyOf(t, n);
    }

    @Test
    void addsStrictMathsFloatBitForBit() {
        float[] t = inputs();
        assertEquals(0, differences(VECTOR_API, t), "inputs differing from (float) StrictMath.exp (seed " + SEED + ", " + t.length + " inputs)");
    }

    /** Negative control: the same comparison tells the float polynomial of {@link VectorMath#exp} from StrictMath's float. */
    @Test
    void comparisonCatchesANearMiss() {
        float[] t = inputs();
        Kernels nearMiss = (Kernels) java.lang.reflect.Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("softplusBackward")) throw new UnsupportedOperationException();
                    float[] x = (float[]) args[0], g = (float[]) args[4], dx = (float[]) args[6];
                    int m = (Integer) args[8];
                    float[] e = new float[m];
                    VECTOR_API.exp(x, 0, e, 0, m);
                    for (int i = 0; i < m; i++) dx[i] += g[i] * e[i];
                    return null;
                });
        long bad = differences(nearMiss, t);
        assertTrue(bad > t.length / 100, bad + " of " + t.length + " differ");
    }

    @Test
    void badRangesAreRefused() {
        float[] a = new float[8], b = new float[8];
        assertThrows(IllegalArgumentException.class, () -> VectorMath.softplusBackward(a, 0, b, 0, a, 0, b, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> VectorMath.softplusBackward(a, 0, b, 0, b, 0, a, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> VectorMath.softplusBackward(a, 0, b, 0, b, 0, new float[8], 0, -1));
    }

    /**
     * Every float t in the double-float path's domain [−87, 0] (about 1.1 billion, on two threads), so the rounding check
     * is proven on all its inputs rather than argued.
     */
    @Tag("slow")
    @Test
    void everyInputOfTheFastPath() throws InterruptedException {
        int from = Float.floatToRawIntBits(-0f), to = Float.floatToRawIntBits(-87f);
        long[] bad = new long[2];
        Thread[] threads = new Thread[2];
        for (int q = 0; q < 2; q++) {
            int part = q;
            threads[q] = new Thread(() -> {
                float[] t = new float[1 << 16];
                for (long start = from + ((long) part << 16); start <= to; start += 2L << 16) {
                    int m = (int) Math.min(t.length, to - start + 1);
                    for (int i = 0; i < m; i++) t[i] = Float.intBitsToFloat((int) (start + i));
                    bad[part] += differences(VECTOR_API, m == t.length ? t : java.util.Arrays.copyOf(t, m));
                }
            });
            threads[q].start();
        }
        for (Thread th : threads) th.join();
        assertEquals(0, bad[0] + bad[1], "floats in [-87, 0] whose e^t differs from (float) StrictMath.exp");
    }
}
