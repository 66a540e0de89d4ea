package iwae4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FixedOrderSumTest {
    static IntStream sizes() {
        return IntStream.of(0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 20, 31, 32, 33, 50, 100, 200, 784, 1001);
    }

    private static float[] random(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[n + 3];
        // mixed magnitudes, so that any change of order changes the rounding
        for (int i = 0; i < x.length; i++) x[i] = (float) ((rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(7) - 3));
        return x;
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void everyVectorLengthGivesTheScalarTwinsBits(int n) {
        float[] t = random(n, 31L + n);
        float want = FixedOrderSum.sumScalar(t, 3, n);
        assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(FixedOrderSum.sum(t, 3, n)), "preferred species, n=" + n);
        for (var species : new jdk.incubator.vector.VectorSpecies<?>[] {FloatVector.SPECIES_64, FloatVector.SPECIES_128, FloatVector.SPECIES_256, FloatVector.SPECIES_512}) {
            @SuppressWarnings("unchecked")
            var s = (jdk.incubator.vector.VectorSpecies<Float>) species;
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(PanamaFixedOrderSum.sumThroughArray(s, t, 3, n)), s + ", n=" + n);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void isCloseToTheDoubleSum(int n) {
        float[] t = random(n, 77L + n);
        double exact = 0, abs = 0;
        for (int j = 0; j < n; j++) {
            exact += t[3 + j];
            abs += Math.abs(t[3 + j]);
        }
        assertEquals(exact, FixedOrderSum.sum(t, 3, n), 1e-6 * abs + 1e-30);
    }

    @Test
    void hasTheStatedOrderOnAHandComputedCase() {
        // 17 terms: lane 0 gets 1e8 then −1e8 (exactly 0 in its own lane), lane 1 gets 1: a sequential sum
        // would lose the 1 against 1e8 and give 0 after the −1e8
        float[] t = new float[17];
        t[0] = 1e8f;
        t[1] = 1f;
        t[16] = -1e8f;
        assertEquals(1f, FixedOrderSum.sum(t, 0, 17));
        assertEquals(1f, FixedOrderSum.sumScalar(t, 0, 17));
    }

    /** The short path (fewer terms than partial sums) keeps the twin's bits where rounding is most fragile: signed zeros, infinities, NaN. */
    @org.junit.jupiter.api.Test
    void shortSumsKeepTheTwinsBitsOnSignedZerosAndSpecialValues() {
        float inf = Float.POSITIVE_INFINITY;
        float[][] cases = {{-0f}, {-0f, -0f}, {1f, -1f}, {-1f, 1f, -0f}, {inf, -inf}, {Float.NaN, 1f}, {1e38f, 1e38f, 1e38f, -1e38f}, {3e-45f, -3e-45f},
            {-0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f}};
        for (float[] t : cases) {
            assertEquals(Float.floatToRawIntBits(FixedOrderSum.sumScalar(t, 0, t.length)), Float.floatToRawIntBits(FixedOrderSum.sum(t, 0, t.length)),
                    java.util.Arrays.toString(t));
        }
        // the control: a plain sum starting from the first term (not from +0) differs on a lone −0
        float[] negativeZero = {-0f};
        float fromFirst = negativeZero[0];
        org.junit.jupiter.api.Assertions.assertNotEquals(Float.floatToRawIntBits(fromFirst), Float.floatToRawIntBits(FixedOrderSum.sum(negativeZero, 0, 1)));
    }
}
