package iwae4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Elementwise kernels: stated maximum relative error against Math in double, and SIMD against scalar twins. */
class VectorMathTest {
    private static final long SEED = 7L;
    /** The error bound stated in the VectorMath javadoc. */
    private static final double MAX_REL_ERROR = 1e-6;

    interface Kernel {
        void apply(float[] x, int xOff, float[] y, int yOff, int n);
    }

    static IntStream sizes() {
        return IntStream.of(0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 20, 33, 50, 100, 200, 784, 1000);
    }

    private static double maxRelativeError(Kernel k, DoubleUnaryOperator exact, float lo, float hi) {
        int n = 200_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = lo + (hi - lo) * i / (n - 1);
        float[] y = new float[n];
        k.apply(x, 0, y, 0, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double e = exact.applyAsDouble(x[i]);
            double err = Math.abs(y[i] - e) / Math.max(Math.abs(e), Double.MIN_NORMAL);
            worst = Math.max(worst, err);
        }
        return worst;
    }

    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Test
    void expBuiltinMeetsItsStatedError() {
        double e = maxRelativeError(VectorMath::expBuiltin, Math::exp, -87f, 88f);
        assertTrue(e <= MAX_REL_ERROR, "exp (lanewise) max relative error " + e);
    }

    @Test
    void expPolynomialMeetsItsStatedError() {
        double e = maxRelativeError(VectorMath::expPolynomial, Math::exp, -87f, 88f);
        assertTrue(e <= MAX_REL_ERROR, "exp (polynomial) max relative error " + e);
    }

    @Test
    void expPolynomialHandlesTheEdges() {
        float[] x = {-1000f, -88f, 89f, 1000f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0f};
        float[] y = new float[x.length];
        VectorMath.expPolynomial(x, 0, y, 0, x.length);
        assertEquals(0f, y[0]);
        assertEquals(0f, y[1]);
        assertEquals(Float.POSITIVE_INFINITY, y[2]);
        assertEquals(Float.POSITIVE_INFINITY, y[3]);
        assertTrue(Float.isNaN(y[4]));
        assertEquals(0f, y[5]);
        assertEquals(Float.POSITIVE_INFINITY, y[6]);
        assertEquals(1f, y[7]);
    }

    @Test
    void tanhMeetsItsStatedError() {
        double e = maxRelativeError(VectorMath::tanh, Math::tanh, -20f, 20f);
        assertTrue(e <= MAX_REL_ERROR, "tanh max relative error " + e);
    }

    @Test
    void softplusMeetsItsStatedError() {
        double e = maxRelativeError(VectorMath::softplus, VectorMathTest::softplus, -80f, 80f);
        assertTrue(e <= MAX_REL_ERROR, "softplus max relative error " + e);
    }

    @Test
    void logSigmoidMeetsItsStatedError() {
        double e = maxRelativeError(VectorMath::logSigmoid, x -> -softplus(-x), -80f, 80f);
        assertTrue(e <= MAX_REL_ERROR, "logSigmoid max relative error " + e);
    }

    /** log over [1e-3, 1e3]: relative error ≤ 1e-6 where |log x| > 0.1, absolute ≤ 1e-6 near x = 1. */
    @Test
    void logMeetsItsStatedError() {
        int n = 200_001;
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) x[i] = 1e-3f + (1e3f - 1e-3f) * i / (n - 1);
        for (int i = 0; i < 1000; i++) x[i] = 0.9f + 0.2f * i / 999; // dense around 1
        VectorMath.log(x, 0, y, 0, n);
        for (int i = 0; i < n; i++) {
            double e = Math.log(x[i]), err = Math.abs(y[i] - e);
            double tol = Math.abs(e) > 0.1 ? 1e-6 * Math.abs(e) : 1e-6;
            assertTrue(err <= tol, "log(" + x[i] + ") = " + y[i] + ", exact " + e);
        }
    }

    @Test
    void softplusDoesNotOverflowForLargeInputs() {
        float[] x = {1e30f, -1e30f, 100f, -100f};
        float[] y = new float[4];
        VectorMath.softplus(x, 0, y, 0, 4);
        assertArrayEquals(new float[] {1e30f, 0f, 100f, 0f}, y, 1e-6f * 100);
        // e^−100 is below the smallest normal float: exp flushes it to 0 (stated range [−87, 88])
        assertTrue(y[3] >= 0f && y[3] < 1e-37f, "softplus(−100) = " + y[3]);
    }

    private static void checkTwin(String name, Kernel fast, Kernel slow, int n, float spread) {
        SplittableRandom rnd = new SplittableRandom(SEED + n);
        float[] x = new float[n + 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) ((rnd.nextDouble() * 2 - 1) * spread);
        float[] yf = new float[n + 1], ys = new float[n + 1];
        fast.apply(x, 3, yf, 1, n);
        slow.apply(x, 3, ys, 1, n);
        for (int i = 0; i <= n; i++) {
            float tol = (float) (2e-6 * Math.max(1, Math.abs(ys[i])));
            assertEquals(ys[i], yf[i], tol, name + " seed " + (SEED + n) + " n=" + n + " i=" + i + " x=" + (i > 0 ? x[i + 2] : 0));
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void simdEqualsScalarTwinOnAwkwardSizes(int n) {
        checkTwin("exp", VectorMath::exp, ScalarMath::exp, n, 20f);
        checkTwin("expPolynomial", VectorMath::expPolynomial, ScalarMath::exp, n, 20f);
        checkTwin("tanh", VectorMath::tanh, ScalarMath::tanh, n, 5f);
        checkTwin("softplus", VectorMath::softplus, ScalarMath::softplus, n, 30f);
        checkTwin("logSigmoid", VectorMath::logSigmoid, ScalarMath::logSigmoid, n, 30f);
        checkTwin("add", (x, xo, y, yo, m) -> VectorMath.add(x, xo, x, 0, y, yo, m),
                (x, xo, y, yo, m) -> ScalarMath.add(x, xo, x, 0, y, yo, m), n, 3f);
        checkTwin("mul", (x, xo, y, yo, m) -> VectorMath.mul(x, xo, x, 0, y, yo, m),
                (x, xo, y, yo, m) -> ScalarMath.mul(x, xo, x, 0, y, yo, m), n, 3f);
    }

    @ParameterizedTest(name = "cols={0}")
    @MethodSource("sizes")
    void biasAndRowSumsEqualScalarTwins(int cols) {
        SplittableRandom rnd = new SplittableRandom(SEED * 3 + cols);
        for (int rows : new int[] {0, 1, 3, 20, 700}) {
            float[] x = GemmTest.random(rnd, rows * cols), b = GemmTest.random(rnd, cols);
            float[] yf = new float[rows * cols], ys = new float[rows * cols];
            VectorMath.addBiasRows(x, 0, b, 0, yf, 0, rows, cols);
            ScalarMath.addBiasRows(x, 0, b, 0, ys, 0, rows, cols);
            assertArrayEquals(ys, yf);
            // in place, and at an offset into a longer array
            float[] inPlace = new float[rows * cols + 5];
            System.arraycopy(x, 0, inPlace, 3, rows * cols);
            VectorMath.addBiasRows(inPlace, 3, b, 0, inPlace, 3, rows, cols);
            assertArrayEquals(ys, java.util.Arrays.copyOfRange(inPlace, 3, 3 + rows * cols), "in place, rows=" + rows + " cols=" + cols);
            float[] sf = new float[cols], ss = new float[cols];
            VectorMath.sumRowsInto(x, 0, rows, cols, sf, 0);
            ScalarMath.sumRowsInto(x, 0, rows, cols, ss, 0);
            assertArrayEquals(ss, sf, "rows=" + rows + " cols=" + cols);
        }
    }

    @ParameterizedTest(name = "cols={0}")
    @MethodSource("sizes")
    void gaussianRowEqualsItsScalarTwin(int cols) {
        SplittableRandom rnd = new SplittableRandom(SEED * 5 + cols);
        int off = 3; // offsets and guard cells: nothing outside [off, off + cols) of z is written
        float[] x = GemmTest.random(rnd, cols + off), m = GemmTest.random(rnd, cols + off);
        float[] ls = GemmTest.random(rnd, cols + off), inv = new float[cols + off];
        for (int i = 0; i < inv.length; i++) inv[i] = (float) Math.exp(-ls[i]);
        float[] zf = new float[cols + 2 * off], zs = new float[cols + 2 * off];
        java.util.Arrays.fill(zf, 7f);
        java.util.Arrays.fill(zs, 7f);
        float vf = VectorMath.gaussianRow(x, off, m, off, inv, off, ls, off, zf, off, cols);
        float vs = ScalarMath.gaussianRow(x, off, m, off, inv, off, ls, off, zs, off, cols);
        assertArrayEquals(zs, zf, "seed " + (SEED * 5 + cols) + " cols=" + cols);
        double scale = 0; // the sum's tolerance scales with the size of its terms, not of the (cancelling) total
        for (int j = 0; j < cols; j++) scale += Math.abs(0.5 * zs[off + j] * zs[off + j]) + Math.abs(ls[off + j]);
        assertEquals(vs, vf, 1e-6 * Math.max(1, scale), "seed " + (SEED * 5 + cols) + " cols=" + cols);
    }

    @Test
    void rangeMistakesThrow() {
        float[] x = new float[10];
        assertThrows(IllegalArgumentException.class, () -> VectorMath.exp(x, 5, x, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> VectorMath.tanh(x, 0, x, 2, 8));
        assertThrows(IllegalArgumentException.class, () -> VectorMath.addBiasRows(x, 0, new float[2], 0, x, 0, 2, 5));
        float[] z = new float[10], out = new float[2];
        assertThrows(IllegalArgumentException.class, () -> VectorMath.gaussianRows(x, 0, x, 0, x, 0, z, z, 0, 3, 5, out, 0));
        assertThrows(IllegalArgumentException.class, () -> VectorMath.gaussianRows(x, 0, x, 0, x, 0, z, z, 0, 2, 5, out, 1));
        assertThrows(IllegalArgumentException.class, () -> VectorMath.gaussianRows(x, 0, x, 0, x, 0, z, z, 0, -1, 5, out, 0));
        assertThrows(IllegalArgumentException.class, () -> VectorMath.gaussianBackward(out, 1, z, z, 0, 2, 5, null, 0, x, 0, null, 0));
        assertThrows(IllegalArgumentException.class, () -> VectorMath.gaussianBackward(out, 0, z, z, 0, 2, 5, null, 0, new float[9], 0, null, 0));
        assertThrows(IllegalArgumentException.class, () -> VectorMath.gaussianBackward(out, 0, z, z, 0, 2, 5, z, 1, null, 0, null, 0));
    }
}
