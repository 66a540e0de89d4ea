package iwae4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** {@link ScalarMath#log1p} gives StrictMath.log1p's double, bit for bit, on the inputs the softplus feeds it and beyond. */
class Log1pTest {
    private static final long SEED = 11L;

    /** The inputs: seeded uniform doubles in [0, 1], e^(−|m|) of seeded and strided floats m, the branches' edges. */
    private static double[] inputs() {
        SplittableRandom r = new SplittableRandom(SEED);
        int random = 1_000_000, strided = 1_000_000;
        double[] x = new double[2 * random + strided + 64];
        int n = 0;
        for (int i = 0; i < random; i++) x[n++] = r.nextDouble();
        for (int i = 0; i < random; i++) x[n++] = Math.exp(-Math.abs((float) (r.nextGaussian() * 10)));
        int top = Float.floatToRawIntBits(800f);   // e^(−800) is below the smallest double: every float m ≥ 0 in range
        for (int i = 0; i < strided; i++) x[n++] = Math.exp(-(double) Float.intBitsToFloat((int) ((long) top * i / strided)));
        // 2⁻⁵⁴, 2⁻²⁹ and √2 − 1 switch branches; 1 + x crossing √2 switches the normalization; 0, 1 and the subnormals
        double[] edges = {0, 1, Double.MIN_VALUE, Double.MIN_NORMAL, 0x1p-54, 0x1p-29, 0x1p-20, Math.sqrt(2) - 1,
                Math.sqrt(0.5), 0.41422, 0.5, 0.75};
        for (double e : edges) {
            x[n++] = e;
            x[n++] = Math.nextUp(e);
            if (e > 0) x[n++] = Math.nextDown(e);
        }
        return java.util.Arrays.copyOf(x, n);
    }

    private static long differences(DoubleUnaryOperator f, double[] x) {
        long bad = 0;
        for (double v : x) {
            if (Double.doubleToRawLongBits(f.applyAsDouble(v)) != Double.doubleToRawLongBits(StrictMath.log1p(v))) bad++;
        }
        return bad;
    }

    @Test
    void equalsStrictMathBitForBit() {
        double[] x = inputs();
        assertEquals(0, differences(ScalarMath::log1p, x), "inputs differing from StrictMath.log1p (seed " + SEED + ")");
    }

    @Test
    void outsideZeroToOneDelegates() {
        double[] x = {-0.5, -1, -2, 1.5, 1e10, Double.POSITIVE_INFINITY, Double.NaN, -0.0};
        assertEquals(0, differences(ScalarMath::log1p, x));
    }

    /** Negative control: the same comparison tells log(1 + x) from log1p, so a near miss cannot pass the test above. */
    @Test
    void comparisonCatchesANearMiss() {
        double[] x = inputs();
        long bad = differences(v -> Math.log(1 + v), x);
        assertTrue(bad > x.length / 10, bad + " of " + x.length + " differ");
    }
}
