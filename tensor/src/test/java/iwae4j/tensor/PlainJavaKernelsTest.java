package iwae4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plain-Java kernels (what runs without jdk.incubator.vector) give the Vector API kernels' exact bits, on
 * awkward sizes (0..4, around the vector length, the model's 50, 100, 200, 784), including special values.
 */
class PlainJavaKernelsTest {
    static IntStream sizes() {
        return IntStream.of(0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 20, 31, 33, 50, 100, 200, 784, 1001);
    }

    private static float[] random(int n, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (lo + (hi - lo) * r.nextDouble());
        // special values where they fit: the clamps, zeros of both signs, NaN, infinities
        float[] special = {0f, -0f, Float.NaN, 100f, -100f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-5f, -88.5f, 89f};
        for (int i = 0; i < Math.min(n / 3, special.length); i++) x[3 * i] = special[i];
        return x;
    }

    private static void same(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), what + " element " + i + ": " + want[i] + " vs " + got[i]);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void elementwiseKernelsGiveTheSameBits(int n) {
        float[] x = random(n, n, -95, 95), a = new float[n], b = new float[n];
        PanamaVectorMath.exp(x, 0, a, 0, n);
        PlainJavaKernels.exp(x, 0, b, 0, n);
        same(a, b, "exp");
        PanamaVectorMath.tanh(x, 0, a, 0, n);
        PlainJavaKernels.tanh(x, 0, b, 0, n);
        same(a, b, "tanh");
        PanamaVectorMath.softplus(x, 0, a, 0, n);
        PlainJavaKernels.softplusOrLogSigmoid(x, 0, b, 0, n, false);
        same(a, b, "softplus");
        PanamaVectorMath.logSigmoid(x, 0, a, 0, n);
        PlainJavaKernels.softplusOrLogSigmoid(x, 0, b, 0, n, true);
        same(a, b, "logSigmoid");
        float[] pos = random(n, n + 1, 1e-30, 1e3);
        for (int i = 0; i < n; i++) pos[i] = Math.abs(pos[i]) + Float.MIN_NORMAL;
        PanamaVectorMath.log(pos, 0, a, 0, n);
        PlainJavaKernels.log(pos, 0, b, 0, n);
        same(a, b, "log");
        float[] z = random(n, n + 2, -20, 20);
        PanamaVectorMath.expOfDifference(x, 0, z, 0, a, 0, n);
        PlainJavaKernels.expOfDifference(x, 0, z, 0, b, 0, n);
        same(a, b, "expOfDifference");
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void reductionsGiveTheSameBits(int n) {
        float[] x = random(n, 10 + n, -3, 3), mean = random(n, 11 + n, -1, 1), inv = random(n, 12 + n, 0.3, 3), ls = random(n, 13 + n, -1, 1);
        for (float[] v : new float[][] {x, mean, inv, ls}) for (int i = 0; i < n; i++) if (!Float.isFinite(v[i])) v[i] = 0.5f;
        float[] za = new float[n], zb = new float[n];
        float sa = PanamaVectorMath.gaussianRow(x, 0, mean, 0, inv, 0, ls, 0, za, 0, n);
        float sb = PlainJavaKernels.gaussianRow(x, 0, mean, 0, inv, 0, ls, 0, zb, 0, n);
        same(za, zb, "gaussianRow z");
        assertEquals(Float.floatToRawIntBits(sa), Float.floatToRawIntBits(sb), "gaussianRow sum");
        assertEquals(Float.floatToRawIntBits(PanamaFixedOrderSum.sum(x, 0, n)), Float.floatToRawIntBits(FixedOrderSum.sumScalar(x, 0, n)), "sum");

        int rows = 3 + n % 5, cols = Math.max(1, n);
        float[] bits = random(cols, 20 + n, 0, 1), logits = random(rows * cols, 21 + n, -12, 12), g = random(rows, 22 + n, -1, 1);
        for (int i = 0; i < bits.length; i++) bits[i] = bits[i] < 0.3f ? 1f : 0f;
        for (int i = 0; i < logits.length; i++) if (!Float.isFinite(logits[i])) logits[i] = 1f;
        float[] spA = new float[rows * cols], spB = new float[rows * cols], outA = new float[rows], outB = new float[rows];
        PanamaBernoulli.forward(bits, 1, logits, rows, cols, spA, outA);
        PlainJavaKernels.bernoulli(false, bits, 1, logits, rows, cols, spB, outB, null);
        same(spA, spB, "bernoulli softplus");
        same(outA, outB, "bernoulli forward");
        float[] noKeep = new float[rows];
        PlainJavaKernels.bernoulli(false, bits, 1, logits, rows, cols, null, noKeep, null);
        same(outA, noKeep, "bernoulli forward without kept softplus");
        float[] gA = random(rows * cols, 23 + n, -1, 1), gB = gA.clone();
        PanamaBernoulli.backward(bits, 1, logits, rows, cols, spA, g, gA);
        PlainJavaKernels.bernoulli(true, bits, 1, logits, rows, cols, spB, g, gB);
        same(gA, gB, "bernoulli backward");

        float[] lx = random(rows * cols, 24 + n, -50, 10);
        float[] ca = new float[cols], cb = new float[cols], ra = new float[rows], rb = new float[rows];
        PanamaLogSumExp.columns(lx, 0, rows, cols, ca, 0);
        PlainJavaKernels.logSumExpColumns(lx, 0, rows, cols, cb, 0);
        same(ca, cb, "logSumExp columns");
        PanamaLogSumExp.rows(lx, 0, rows, cols, ra, 0);
        PlainJavaKernels.logSumExpRows(lx, 0, rows, cols, rb, 0);
        same(ra, rb, "logSumExp rows");
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void matrixProductsGiveTheSameBits(int n) {
        int m = 1 + n % 23, k = 1 + (n * 7) % 41, cols = Math.max(1, n % 300);
        float[] a = random(m * k, 30 + n, -1, 1), b = random(k * cols, 31 + n, -1, 1), bias = random(cols, 32 + n, -1, 1);
        float[] bt = random(cols * k, 33 + n, -1, 1), at = random(k * m, 34 + n, -1, 1), c0 = random(m * cols, 35 + n, -1, 1);
        for (float[] v : new float[][] {a, b, bias, bt, at, c0}) for (int i = 0; i < v.length; i++) if (!Float.isFinite(v[i])) v[i] = 0.25f;
        float[] x = c0.clone(), y = c0.clone();
        PanamaGemm.mul(a, 0, b, 0, x, 0, m, cols, k, true);
        PlainJavaKernels.gemm(a, 0, k, 1, b, 0, y, 0, m, cols, k, true, null, 0, false);
        same(x, y, "A·B accumulate");
        PanamaGemm.mulAddBias(a, 0, b, 0, bias, 0, x, 0, m, cols, k, true);
        PlainJavaKernels.gemm(a, 0, k, 1, b, 0, y, 0, m, cols, k, false, bias, 0, true);
        same(x, y, "A·B + bias, tanh");
        PanamaGemm.mulTransB(a, 0, bt, 0, x, 0, m, cols, k, false);
        GemmScalar.mulTransB(a, 0, bt, 0, y, 0, m, cols, k, false);
        same(x, y, "A·Bᵀ");
        PanamaGemm.mulTransA(at, 0, b, 0, x, 0, m, cols, k, true);
        PlainJavaKernels.gemm(at, 0, 1, m, b, 0, y, 0, m, cols, k, true, null, 0, false);
        same(x, y, "Aᵀ·B accumulate");
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void normalsAndAdamGiveTheSameBits(int n) {
        int len = 3 * n + 1;
        float[] a = new float[len], b = new float[len];
        PanamaNormals.fill(a, 0, len, 1234L + n);
        PlainJavaKernels.normals(b, 0, len, 1234L + n, Normals.mix(1234L + n));
        same(a, b, "normals");
        float[] theta = random(n, 40 + n, -1, 1), g = random(n, 41 + n, -2, 2), m = random(n, 42 + n, -0.1, 0.1), v = random(n, 43 + n, 0, 0.1);
        for (float[] w : new float[][] {theta, g, m, v}) for (int i = 0; i < n; i++) if (!Float.isFinite(w[i])) w[i] = 0.125f;
        for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
        float[] t2 = theta.clone(), g2 = g.clone(), m2 = m.clone(), v2 = v.clone();
        PanamaVectorMath.adamUpdate(theta, g, m, v, 0, n, 0.9f, 0.999f, 1e-4f, 1.3e-3f, 1.7f, true);
        PlainJavaKernels.adam(t2, g2, m2, v2, 0, n, 0.9f, 0.999f, 1e-4f, 1.3e-3f, 1.7f, true);
        same(theta, t2, "adam theta");
        same(m, m2, "adam m");
        same(v, v2, "adam v");
        assertArrayEquals(g, g2);
    }
}
