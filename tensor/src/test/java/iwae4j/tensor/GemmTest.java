package iwae4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The SIMD GEMM against its scalar twin: every small shape, sizes around the lane count, the model's sizes. */
class GemmTest {
    private static final long SEED = 20161124L;

    enum Layout { AB, ABT, ATB }

    static Stream<Arguments> smallShapes() {
        List<Arguments> cases = new ArrayList<>();
        for (Layout layout : Layout.values())
            for (int m = 0; m <= 4; m++)
                for (int n = 0; n <= 4; n++)
                    for (int k = 0; k <= 4; k++) cases.add(Arguments.of(layout, m, n, k));
        return cases.stream();
    }

    static Stream<Arguments> laneShapes() {
        int[] sizes = {1, 7, 8, 9, 15, 16, 17, 20, 32, 33, 36, 47, 49, 63, 64, 65};
        List<Arguments> cases = new ArrayList<>();
        for (Layout layout : Layout.values())
            for (int m : sizes)
                for (int n : sizes)
                    for (int k : new int[] {1, 9, 17, 33}) cases.add(Arguments.of(layout, m, n, k));
        return cases.stream();
    }

    static Stream<Arguments> modelShapes() {
        List<Arguments> cases = new ArrayList<>();
        for (Layout layout : Layout.values()) {
            for (int m : new int[] {1, 5, 20, 100})
                for (int n : new int[] {1, 5, 20, 50, 100, 200, 784})
                    for (int k : new int[] {5, 50, 99, 100, 200, 255, 256, 784}) cases.add(Arguments.of(layout, m, n, k));
            // a small table's shapes at k·B = 400 rows, and both sides of the narrow rule (48 columns, 16,384 elements)
            for (int[] s : new int[][] {{4, 32, 400}, {32, 32, 400}, {32, 18, 400}, {48, 20, 341}, {48, 20, 342}, {49, 20, 334}})
                cases.add(Arguments.of(layout, s[0], s[1], s[2]));
            cases.add(Arguments.of(layout, 1000, 784, 200));
            cases.add(Arguments.of(layout, 1000, 200, 1000));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource("smallShapes")
    void simdEqualsScalarOnEverySmallShape(Layout layout, int m, int n, int k) {
        checkAgainstScalar(layout, m, n, k);
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource("laneShapes")
    void simdEqualsScalarAroundTheLaneCount(Layout layout, int m, int n, int k) {
        checkAgainstScalar(layout, m, n, k);
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource("modelShapes")
    void simdEqualsScalarOnTheModelSizes(Layout layout, int m, int n, int k) {
        checkAgainstScalar(layout, m, n, k);
    }

    /** Both twins evaluate each element as the same chain of fused multiply-adds, so they agree exactly. */
    private static void checkAgainstScalar(Layout layout, int m, int n, int k) {
        SplittableRandom rnd = new SplittableRandom(SEED + 31L * m + 1009L * n + 7919L * k + layout.ordinal());
        float[] a = random(rnd, m * k + 3);
        float[] b = random(rnd, k * n + 5);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] c0 = random(rnd, m * n + 2);
            float[] fast = c0.clone();
            float[] slow = c0.clone();
            multiply(layout, false, a, 3, b, 5, fast, 2, m, n, k, accumulate);
            multiply(layout, true, a, 3, b, 5, slow, 2, m, n, k, accumulate);
            assertArrayEquals(slow, fast, () -> "seed " + SEED + " " + layout + " m=" + m + " n=" + n + " k=" + k
                    + " accumulate=" + accumulate);
        }
    }

    static void multiply(Layout layout, boolean scalar, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                         int m, int n, int k, boolean acc) {
        switch (layout) {
            case AB:
                if (scalar) GemmScalar.mul(a, aOff, b, bOff, c, cOff, m, n, k, acc);
                else Gemm.mul(a, aOff, b, bOff, c, cOff, m, n, k, acc);
                break;
            case ABT:
                if (scalar) GemmScalar.mulTransB(a, aOff, b, bOff, c, cOff, m, n, k, acc);
                else Gemm.mulTransB(a, aOff, b, bOff, c, cOff, m, n, k, acc);
                break;
            default:
                if (scalar) GemmScalar.mulTransA(a, aOff, b, bOff, c, cOff, m, n, k, acc);
                else Gemm.mulTransA(a, aOff, b, bOff, c, cOff, m, n, k, acc);
        }
    }

    static float[] random(SplittableRandom rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    /**
     * The transpose under mulTransA and mulTransB (L×L register blocks and gathers of L rows, then element
     * copies for the rest) against its definition, at sizes around the lane count, with an offset, and with the
     * column count changing between calls on one thread (the gather offsets are cached per column count).
     */
    @Test
    void transposeMatchesItsDefinitionAroundTheLaneCount() {
        SplittableRandom rnd = new SplittableRandom(SEED + 11);
        int[] sizes = {1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 48, 100, 200, 784};
        for (int rows : sizes) {
            for (int cols : sizes) {
                float[] src = random(rnd, 3 + rows * cols);
                float[] dst = random(rnd, rows * cols + 4);
                float[] expected = dst.clone();
                for (int i = 0; i < rows; i++)
                    for (int j = 0; j < cols; j++) expected[j * rows + i] = src[3 + i * cols + j];
                PanamaGemm.transpose(src, 3, rows, cols, dst);
                assertArrayEquals(expected, dst, "seed " + (SEED + 11) + " rows=" + rows + " cols=" + cols);
            }
        }
    }

    @Test
    void knownAnswerComputedByHand() {
        float[] a = {1, 2, 3, 4, 5, 6};        // [2×3]
        float[] b = {7, 8, 9, 10, 11, 12};     // [3×2]
        float[] c = new float[4];
        Gemm.mul(a, 0, b, 0, c, 0, 2, 2, 3, false);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c);
        float[] bt = {7, 9, 11, 8, 10, 12};    // bᵀ as [2×3]
        Gemm.mulTransB(a, 0, bt, 0, c, 0, 2, 2, 3, true);
        assertArrayEquals(new float[] {116, 128, 278, 308}, c);
        float[] at = {1, 4, 2, 5, 3, 6};       // aᵀ as [3×2]
        Gemm.mulTransA(at, 0, b, 0, c, 0, 2, 2, 3, false);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c);
    }

    @Test
    void resultIsBitIdenticalWhateverTheThreadCount() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        long saved = Gemm.parallelThreshold;
        int savedThreads = Parallel.threads();
        try {
            Gemm.parallelThreshold = 1;
            for (int[] s : new int[][] {{1000, 784, 200}, {20, 784, 200}, {5, 200, 784}, {37, 101, 13}}) {
                int m = s[0], n = s[1], k = s[2];
                float[] a = random(rnd, m * k), b = random(rnd, k * n);
                for (Layout layout : Layout.values()) {
                    Parallel.setThreads(1);
                    float[] one = new float[m * n];
                    multiply(layout, false, a, 0, b, 0, one, 0, m, n, k, false);
                    Parallel.setThreads(2);
                    float[] two = new float[m * n];
                    multiply(layout, false, a, 0, b, 0, two, 0, m, n, k, false);
                    assertArrayEquals(one, two, layout + " " + m + "x" + n + "x" + k);
                }
            }
        } finally {
            Gemm.parallelThreshold = saved;
            Parallel.setThreads(savedThreads);
        }
    }

    @Test
    void fusedBiasAndTanhEqualTheSeparateKernelsBitForBit() {
        SplittableRandom rnd = new SplittableRandom(SEED + 5);
        long saved = Gemm.parallelThreshold;
        int savedThreads = Parallel.threads();
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                Gemm.parallelThreshold = threads == 1 ? Long.MAX_VALUE : 1;
                for (int[] s : new int[][] {{20, 200, 784}, {100, 784, 200}, {7, 33, 9}, {1, 1, 1}, {1000, 200, 50}, {500, 100, 200}, {37, 50, 100}}) {
                    int m = s[0], n = s[1], k = s[2];
                    float[] a = random(rnd, m * k), b = random(rnd, k * n), bias = random(rnd, n);
                    for (boolean tanh : new boolean[] {false, true}) {
                        float[] fused = new float[m * n], separate = new float[m * n];
                        Gemm.mulAddBias(a, 0, b, 0, bias, 0, fused, 0, m, n, k, tanh);
                        GemmScalar.mul(a, 0, b, 0, separate, 0, m, n, k, false);
                        ScalarMath.addBiasRows(separate, 0, bias, 0, separate, 0, m, n);
                        if (tanh) VectorMath.tanh(separate, 0, separate, 0, m * n);
                        assertArrayEquals(separate, fused, "threads " + threads + " " + m + "x" + n + "x" + k + " tanh " + tanh);
                    }
                }
            }
        } finally {
            Gemm.parallelThreshold = saved;
            Parallel.setThreads(savedThreads);
        }
    }

    @Test
    void shapeMistakesThrowNamingTheShapes() {
        float[] a = new float[6], b = new float[6], c = new float[4];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.mul(a, 0, b, 0, c, 0, 2, 2, 4, false));
        assertTrue(e.getMessage().contains("m=2 n=2 k=4"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.mul(Tensor.zeros(2, 3), Tensor.zeros(2, 3), Tensor.zeros(2, 3), false));
        float[] shared = new float[16];
        IllegalArgumentException alias = assertThrows(IllegalArgumentException.class,
                () -> Gemm.mul(shared, 0, b, 0, shared, 2, 2, 2, 3, false));
        assertTrue(alias.getMessage().contains("overlaps"), alias.getMessage());
        // disjoint parts of one array are fine
        float[] parts = new float[6 + 6 + 4];
        System.arraycopy(new float[] {1, 2, 3, 4, 5, 6}, 0, parts, 0, 6);
        System.arraycopy(new float[] {7, 8, 9, 10, 11, 12}, 0, parts, 6, 6);
        Gemm.mul(parts, 0, parts, 6, parts, 12, 2, 2, 3, false);
        assertEquals(154f, parts[15]);
    }
}
