package iwae4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two {@link Kernels} backends — plain Java (what runs without jdk.incubator.vector) and the Vector API —
 * give the same bits for every kernel, on awkward sizes (0..4, around the vector length, the model's 50, 100,
 * 200, 784), including special values; and every method of the interface is compared here.
 */
class PlainJavaKernelsTest {
    private static final Kernels VECTOR_API = new PanamaKernels(), PLAIN_JAVA = new PlainJavaKernels();

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
        elementwise(VECTOR_API, PLAIN_JAVA, n);
    }

    private static void elementwise(Kernels vector, Kernels plain, int n) {
        float[] x = random(n, n, -95, 95), a = new float[n], b = new float[n];
        vector.exp(x, 0, a, 0, n);
        plain.exp(x, 0, b, 0, n);
        same(a, b, "exp");
        vector.tanh(x, 0, a, 0, n);
        plain.tanh(x, 0, b, 0, n);
        same(a, b, "tanh");
        vector.softplus(x, 0, a, 0, n);
        plain.softplus(x, 0, b, 0, n);
        same(a, b, "softplus");
        vector.logSigmoid(x, 0, a, 0, n);
        plain.logSigmoid(x, 0, b, 0, n);
        same(a, b, "logSigmoid");
        float[] pos = random(n, n + 1, 1e-30, 1e3);
        for (int i = 0; i < n; i++) pos[i] = Math.abs(pos[i]) + Float.MIN_NORMAL;
        vector.log(pos, 0, a, 0, n);
        plain.log(pos, 0, b, 0, n);
        same(a, b, "log");
        float[] z = random(n, n + 2, -20, 20);
        vector.expOfDifference(x, 0, z, 0, a, 0, n);
        plain.expOfDifference(x, 0, z, 0, b, 0, n);
        same(a, b, "expOfDifference");
        vector.add(x, 0, z, 0, a, 0, n);
        plain.add(x, 0, z, 0, b, 0, n);
        same(a, b, "add");
        vector.multiply(x, 0, z, 0, a, 0, n);
        plain.multiply(x, 0, z, 0, b, 0, n);
        same(a, b, "multiply");
        // the softplus's backward from x and its softplus, into a gradient that already holds values, at an offset
        float[] sp = new float[n + 1], ga = new float[n + 2], gb = new float[n + 2];
        plain.softplus(x, 0, sp, 1, n);
        for (int i = 0; i < n + 2; i++) ga[i] = gb[i] = 0.25f * i - 1f;
        vector.softplusBackward(x, 0, sp, 1, z, 0, ga, 2, n);
        plain.softplusBackward(x, 0, sp, 1, z, 0, gb, 2, n);
        same(gb, ga, "softplusBackward");
        float[] ya = z.clone(), yb = z.clone();
        vector.addScaled(-0.37f, x, 0, ya, 0, n);
        plain.addScaled(-0.37f, x, 0, yb, 0, n);
        same(ya, yb, "addScaled");
        // the JDK's own exp is not bit-reproducible across the JIT, so only close: 2 ulp
        float[] finite = random(n, n + 3, -80, 80);
        for (int i = 0; i < n; i++) if (!Float.isFinite(finite[i])) finite[i] = 1f;
        vector.expBuiltin(finite, 0, a, 0, n);
        plain.expBuiltin(finite, 0, b, 0, n);
        for (int i = 0; i < n; i++) assertEquals(b[i], a[i], 2 * Math.ulp(b[i]), "expBuiltin element " + i);
    }

    /**
     * The Gaussian density's block kernels: both backends, offsets on every array, rows of 1..33 columns (shorter
     * than, as long as and longer than a vector and than {@link FixedOrderSum#LANES}); the block's sums are also
     * {@link Kernels#gaussianRow}'s row by row, and nothing outside the block is written.
     */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void gaussianBlocksGiveTheSameBits(int n) {
        gaussianBlocks(VECTOR_API, PLAIN_JAVA, n);
    }

    private static void gaussianBlocks(Kernels vector, Kernels plain, int n) {
        int cols = n == 0 ? 0 : 1 + (n - 1) % 33, rows = n == 0 ? 3 : 1 + n % 13, size = rows * cols, off = 5;
        float[] x = random(size + off, 30 + n, -3, 3), mean = random(size + off, 31 + n, -1, 1), ls = random(size + off, 32 + n, -2, 2);
        for (float[] v : new float[][] {x, mean, ls}) for (int i = 0; i < v.length; i++) if (!Float.isFinite(v[i])) v[i] = 0.25f;
        float[] inv = new float[size + 2 * off];
        for (int i = 0; i < size; i++) inv[2 + i] = (float) Math.exp(-ls[1 + i]);
        float[][] z = new float[3][size + 2 * off], out = new float[3][rows + 2 * off];
        for (float[][] a : new float[][][] {z, out}) for (float[] v : a) java.util.Arrays.fill(v, 7f);
        vector.gaussianRows(x, 3, mean, 4, ls, 1, inv, z[0], 2, rows, cols, out[0], 1);
        plain.gaussianRows(x, 3, mean, 4, ls, 1, inv, z[1], 2, rows, cols, out[1], 1);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            out[2][1 + r] = plain.gaussianRow(x, 3 + o, mean, 4 + o, inv, 2 + o, ls, 1 + o, z[2], 2 + o, cols);
        }
        same(z[1], z[0], "gaussianRows z");
        same(out[1], out[0], "gaussianRows sums");
        same(z[1], z[2], "gaussianRows z against gaussianRow");
        same(out[1], out[2], "gaussianRows sums against gaussianRow, row by row");

        float[] g = random(rows + off, 33 + n, -2, 2);
        for (int i = 0; i < g.length; i++) if (!Float.isFinite(g[i])) g[i] = -0.5f;
        float[][] grads = new float[6][];
        for (int b = 0; b < 2; b++) {
            Kernels k = b == 0 ? vector : plain;
            float[] xg = random(size + off, 34 + n, -1, 1), mg = random(size + off, 35 + n, -1, 1), sg = random(size + off, 36 + n, -1, 1);
            k.gaussianBackward(g, 2, z[1], inv, 2, rows, cols, xg, 1, mg, 3, sg, 4);
            grads[3 * b] = xg;
            grads[3 * b + 1] = mg;
            grads[3 * b + 2] = sg;
            // a null gradient is skipped, the others unchanged by its absence
            float[] only = random(size + off, 35 + n, -1, 1);
            k.gaussianBackward(g, 2, z[1], inv, 2, rows, cols, null, 0, only, 3, null, 0);
            same(mg, only, "gaussianBackward with only the mean's gradient");
        }
        same(grads[3], grads[0], "gaussianBackward x");
        same(grads[4], grads[1], "gaussianBackward mean");
        same(grads[5], grads[2], "gaussianBackward logSigma");
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void reductionsGiveTheSameBits(int n) {
        reductions(VECTOR_API, PLAIN_JAVA, n);
    }

    private static void reductions(Kernels vector, Kernels plain, int n) {
        float[] x = random(n, 10 + n, -3, 3), mean = random(n, 11 + n, -1, 1), inv = random(n, 12 + n, 0.3, 3), ls = random(n, 13 + n, -1, 1);
        for (float[] v : new float[][] {x, mean, inv, ls}) for (int i = 0; i < n; i++) if (!Float.isFinite(v[i])) v[i] = 0.5f;
        float[] za = new float[n], zb = new float[n];
        float sa = vector.gaussianRow(x, 0, mean, 0, inv, 0, ls, 0, za, 0, n);
        float sb = plain.gaussianRow(x, 0, mean, 0, inv, 0, ls, 0, zb, 0, n);
        same(za, zb, "gaussianRow z");
        assertEquals(Float.floatToRawIntBits(sa), Float.floatToRawIntBits(sb), "gaussianRow sum");
        assertEquals(Float.floatToRawIntBits(vector.sum(x, 0, n)), Float.floatToRawIntBits(plain.sum(x, 0, n)), "sum");

        int rows = 3 + n % 5, cols = Math.max(1, n);
        float[] bits = random(cols, 20 + n, 0, 1), logits = random(rows * cols, 21 + n, -12, 12), g = random(rows, 22 + n, -1, 1);
        for (int i = 0; i < bits.length; i++) bits[i] = bits[i] < 0.3f ? 1f : 0f;
        for (int i = 0; i < logits.length; i++) if (!Float.isFinite(logits[i])) logits[i] = 1f;
        float[] spA = new float[rows * cols], spB = new float[rows * cols], outA = new float[rows], outB = new float[rows];
        vector.bernoulliForward(bits, 1, logits, rows, cols, spA, outA);
        plain.bernoulliForward(bits, 1, logits, rows, cols, spB, outB);
        same(spA, spB, "bernoulli softplus");
        same(outA, outB, "bernoulli forward");
        for (Kernels backend : new Kernels[] {vector, plain}) {
            float[] noKeep = new float[rows];
            backend.bernoulliForward(bits, 1, logits, rows, cols, null, noKeep);
            same(outA, noKeep, "bernoulli forward without kept softplus");
        }
        float[] gA = random(rows * cols, 23 + n, -1, 1), gB = gA.clone();
        vector.bernoulliBackward(bits, 1, logits, rows, cols, spA, g, gA);
        plain.bernoulliBackward(bits, 1, logits, rows, cols, spB, g, gB);
        same(gA, gB, "bernoulli backward");

        float[] lx = random(rows * cols, 24 + n, -50, 10);
        float[] ca = new float[cols], cb = new float[cols], ra = new float[rows], rb = new float[rows];
        vector.logSumExpColumns(lx, 0, rows, cols, ca, 0);
        plain.logSumExpColumns(lx, 0, rows, cols, cb, 0);
        same(ca, cb, "logSumExp columns");
        vector.logSumExpRows(lx, 0, rows, cols, ra, 0);
        plain.logSumExpRows(lx, 0, rows, cols, rb, 0);
        same(ra, rb, "logSumExp rows");
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void matrixProductsGiveTheSameBits(int n) {
        products(VECTOR_API, PLAIN_JAVA, n);
    }

    private static void products(Kernels vector, Kernels plain, int n) {
        int m = 1 + n % 23, k = 1 + (n * 7) % 41, cols = Math.max(1, n % 300);
        float[] a = random(m * k, 30 + n, -1, 1), b = random(k * cols, 31 + n, -1, 1), bias = random(cols, 32 + n, -1, 1);
        float[] bt = random(cols * k, 33 + n, -1, 1), at = random(k * m, 34 + n, -1, 1), c0 = random(m * cols, 35 + n, -1, 1);
        for (float[] v : new float[][] {a, b, bias, bt, at, c0}) for (int i = 0; i < v.length; i++) if (!Float.isFinite(v[i])) v[i] = 0.25f;
        float[] x = c0.clone(), y = c0.clone();
        vector.mul(a, 0, b, 0, x, 0, m, cols, k, true);
        plain.mul(a, 0, b, 0, y, 0, m, cols, k, true);
        same(x, y, "A·B accumulate");
        vector.mulAddBias(a, 0, b, 0, bias, 0, x, 0, m, cols, k, true);
        plain.mulAddBias(a, 0, b, 0, bias, 0, y, 0, m, cols, k, true);
        same(x, y, "A·B + bias, tanh");
        vector.mulTransB(a, 0, bt, 0, x, 0, m, cols, k, false);
        plain.mulTransB(a, 0, bt, 0, y, 0, m, cols, k, false);
        same(x, y, "A·Bᵀ");
        vector.mulTransA(at, 0, b, 0, x, 0, m, cols, k, true);
        plain.mulTransA(at, 0, b, 0, y, 0, m, cols, k, true);
        same(x, y, "Aᵀ·B accumulate");
        if (n >= 200) {
            // the plain products' blocks (256 rows of C's longer side, 256 terms) crossed, with C tall and with C wide
            largeProducts(vector, plain, 300 + n % 250, 257 + n % 300, 1 + n % 40, n);
            largeProducts(vector, plain, 1 + n % 7, 257 + n % 300, 300 + n % 250, n + 1);
        }
        // a bias over a block with a row stride past its columns, in place, and column sums over several blocks of rows
        int rows = 200 + n % 7, ld = cols + 3;
        float[] block = random(rows * ld, 36 + n, -1, 1), u = block.clone(), w = block.clone();
        vector.addBiasRows(u, 0, bias, 0, u, 0, rows, cols, ld);
        plain.addBiasRows(w, 0, bias, 0, w, 0, rows, cols, ld);
        same(u, w, "bias rows, row stride " + ld);
        float[] su = bias.clone(), sw = bias.clone();
        vector.sumRows(block, 1, rows, cols, su, 0);
        plain.sumRows(block, 1, rows, cols, sw, 0);
        same(su, sw, "column sums of " + rows + " rows");
    }

    private static void largeProducts(Kernels vector, Kernels plain, int m, int k, int cols, long seed) {
        String shape = " (" + m + "×" + k + " by " + k + "×" + cols + ")";
        float[] a = random(m * k, seed + 40, -1, 1), b = random(k * cols, seed + 41, -1, 1), bias = random(cols, seed + 42, -1, 1);
        float[] bt = random(cols * k, seed + 43, -1, 1), at = random(k * m, seed + 44, -1, 1), c0 = random(m * cols, seed + 45, -1, 1);
        for (float[] v : new float[][] {a, b, bias, bt, at, c0}) for (int i = 0; i < v.length; i++) if (!Float.isFinite(v[i])) v[i] = 0.25f;
        float[] x = c0.clone(), y = c0.clone();
        vector.mul(a, 0, b, 0, x, 0, m, cols, k, true);
        plain.mul(a, 0, b, 0, y, 0, m, cols, k, true);
        same(x, y, "A·B accumulate" + shape);
        vector.mulAddBias(a, 0, b, 0, bias, 0, x, 0, m, cols, k, true);
        plain.mulAddBias(a, 0, b, 0, bias, 0, y, 0, m, cols, k, true);
        same(x, y, "A·B + bias, tanh" + shape);
        vector.mulTransB(a, 0, bt, 0, x, 0, m, cols, k, true);
        plain.mulTransB(a, 0, bt, 0, y, 0, m, cols, k, true);
        same(x, y, "A·Bᵀ accumulate" + shape);
        vector.mulTransA(at, 0, b, 0, x, 0, m, cols, k, false);
        plain.mulTransA(at, 0, b, 0, y, 0, m, cols, k, false);
        same(x, y, "Aᵀ·B" + shape);
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void normalsAndAdamGiveTheSameBits(int n) {
        normalsAndAdam(VECTOR_API, PLAIN_JAVA, n);
    }

    private static void normalsAndAdam(Kernels vector, Kernels plain, int n) {
        int len = 3 * n + 1;
        float[] a = new float[len], b = new float[len];
        vector.normals(a, 0, len, 1234L + n);
        plain.normals(b, 0, len, 1234L + n);
        same(a, b, "normals");
        float[] theta = random(n, 40 + n, -1, 1), g = random(n, 41 + n, -2, 2), m = random(n, 42 + n, -0.1, 0.1), v = random(n, 43 + n, 0, 0.1);
        for (float[] w : new float[][] {theta, g, m, v}) for (int i = 0; i < n; i++) if (!Float.isFinite(w[i])) w[i] = 0.125f;
        for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
        float[] t2 = theta.clone(), g2 = g.clone(), m2 = m.clone(), v2 = v.clone();
        vector.adamUpdate(theta, g, m, v, 0, n, 0.9f, 0.999f, 1e-4f, 1.3e-3f, 1.7f, true);
        plain.adamUpdate(t2, g2, m2, v2, 0, n, 0.9f, 0.999f, 1e-4f, 1.3e-3f, 1.7f, true);
        same(theta, t2, "adam theta");
        same(m, m2, "adam m");
        same(v, v2, "adam v");
        assertArrayEquals(g, g2);
        allFinite(vector, plain, n);
    }

    /**
     * The finiteness check against its definition, on both backends: finite extremes (±MAX_VALUE, MIN_VALUE, −0)
     * pass; a NaN or an infinity at any one position of the range (vector body and tail), and none outside it,
     * fails; offsets 0 and 3.
     */
    private static void allFinite(Kernels vector, Kernels plain, int n) {
        for (int off : new int[] {0, 3}) {
            float[] x = random(n + off + 2, 50 + n, -1e30, 1e30);
            for (int i = 0; i < x.length; i++) if (!Float.isFinite(x[i])) x[i] = 0.5f;
            float[] extremes = {Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -0f};
            for (int i = 0; i < Math.min((n + 1) / 2, extremes.length); i++) x[off + i * 2] = extremes[i];
            x[off - 1 < 0 ? x.length - 1 : off - 1] = Float.NaN; // just outside the range
            x[off + n] = Float.POSITIVE_INFINITY;
            assertEquals(true, vector.allFinite(x, off, n), "vector, n=" + n + " off=" + off);
            assertEquals(true, plain.allFinite(x, off, n), "plain, n=" + n + " off=" + off);
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                for (int i = 0; i < n; i++) {
                    float keep = x[off + i];
                    x[off + i] = bad;
                    assertEquals(false, vector.allFinite(x, off, n), "vector, n=" + n + " off=" + off + " " + bad + " at " + i);
                    assertEquals(false, plain.allFinite(x, off, n), "plain, n=" + n + " off=" + off + " " + bad + " at " + i);
                    x[off + i] = keep;
                }
            }
        }
    }

    @ParameterizedTest(name = "cols={0}")
    @MethodSource("sizes")
    void columnSumsGiveTheSameBits(int cols) {
        columnSums(VECTOR_API, PLAIN_JAVA, cols);
    }

    /**
     * Column sums into an out that already holds values, at offsets, over blocks that end exactly at the end of x (so
     * the Vector API's last rows cannot read a whole vector past their columns) and with room after them; values of
     * mixed magnitudes, so that adding the rows in another order would change the sums.
     */
    private static void columnSums(Kernels vector, Kernels plain, int cols) {
        for (int rows : new int[] {0, 1, 2, 3, 20, 400, 1500}) {
            for (int slack : new int[] {0, 40}) {
                float[] x = random(3 + rows * cols + slack, 50L * cols + rows + slack, -1e4, 1e4);
                for (int i = 1; i < x.length; i += 4) x[i] *= 1e-4f;
                float[] want = random(cols + 2, cols + 7L, -5, 5), got = want.clone();
                vector.sumRows(x, 3, rows, cols, got, 2);
                plain.sumRows(x, 3, rows, cols, want, 2);
                same(want, got, "column sums of " + rows + " rows, " + slack + " floats after the block");
            }
        }
    }

    /** Every kernel of the interface is compared above: a kernel added to {@link Kernels} fails here until it is. */
    @org.junit.jupiter.api.Test
    void everyKernelOfTheInterfaceIsCompared() {
        java.util.Set<String> seen = new java.util.TreeSet<>();
        Kernels p = recording(VECTOR_API, seen), j = recording(PLAIN_JAVA, seen);
        for (int n : new int[] {0, 17}) {
            elementwise(p, j, n);
            reductions(p, j, n);
            gaussianBlocks(p, j, n);
            products(p, j, n);
            normalsAndAdam(p, j, n);
            columnSums(p, j, n);
        }
        java.util.Set<String> all = new java.util.TreeSet<>();
        for (java.lang.reflect.Method m : Kernels.class.getDeclaredMethods()) all.add(m.getName());
        all.remove("description");
        assertEquals(all, seen);
        // the width in use: -Diwae4j.vectorBits when set (the 256-bit test run), else the CPU's preferred one
        String bits = System.getProperty("iwae4j.vectorBits", Integer.toString(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize()));
        assertEquals("Vector API kernels (jdk.incubator.vector, " + bits.trim() + "-bit vectors)", VECTOR_API.description());
        assertEquals("plain-Java kernels (no jdk.incubator.vector)", PLAIN_JAVA.description());
    }

    private static Kernels recording(Kernels target, java.util.Set<String> seen) {
        return (Kernels) java.lang.reflect.Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, method, args) -> {
                    seen.add(method.getName());
                    try {
                        return method.invoke(target, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
