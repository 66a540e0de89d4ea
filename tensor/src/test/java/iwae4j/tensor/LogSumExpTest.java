package iwae4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogSumExpTest {
    private static final long SEED = 11L;

    static Stream<Arguments> shapes() {
        List<Arguments> cases = new ArrayList<>();
        int[] sizes = {0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 20, 33, 50, 784};
        for (int r : sizes) for (int c : new int[] {0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 20, 33}) cases.add(Arguments.of(r, c));
        cases.add(Arguments.of(5000, 20));
        return cases.stream();
    }

    @ParameterizedTest(name = "[{0}x{1}]")
    @MethodSource("shapes")
    void simdEqualsScalarTwinOnBothAxes(int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(SEED + rows * 100L + cols);
        float[] x = new float[rows * cols + 1];
        for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextDouble() * 60 - 40);
        float[] f = new float[cols], s = new float[cols];
        LogSumExp.columns(x, 1, rows, cols, f, 0);
        ScalarMath.logSumExpColumns(x, 1, rows, cols, s, 0);
        for (int c = 0; c < cols; c++) assertEquals(s[c], f[c], 1e-5f * Math.max(1, Math.abs(s[c])), "axis 0 col " + c);
        f = new float[rows];
        s = new float[rows];
        LogSumExp.rows(x, 1, rows, cols, f, 0);
        ScalarMath.logSumExpRows(x, 1, rows, cols, s, 0);
        for (int r = 0; r < rows; r++) assertEquals(s[r], f[r], 1e-5f * Math.max(1, Math.abs(s[r])), "axis 1 row " + r);
    }

    @Test
    void isShiftInvariant() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        int rows = 50, cols = 20;
        float[] x = GemmTest.random(rnd, rows * cols);
        float[] base = new float[cols], shifted = new float[cols];
        LogSumExp.columns(x, 0, rows, cols, base, 0);
        for (float shift : new float[] {-1000f, 3f, 500f}) {
            float[] y = x.clone();
            for (int i = 0; i < y.length; i++) y[i] += shift;
            LogSumExp.columns(y, 0, rows, cols, shifted, 0);
            for (int c = 0; c < cols; c++) assertEquals(base[c] + shift, shifted[c], 1e-4f * Math.max(1, Math.abs(shift)));
        }
    }

    @Test
    void isTheIdentityOnOneElement() {
        float[] x = {-3.5f, 0f, 17.25f, -1e30f, 1e30f};
        float[] out = new float[5];
        LogSumExp.columns(x, 0, 1, 5, out, 0);
        for (int i = 0; i < 5; i++) assertEquals(x[i], out[i]);
        LogSumExp.rows(x, 0, 5, 1, out, 0);
        for (int i = 0; i < 5; i++) assertEquals(x[i], out[i]);
    }

    @Test
    void handlesInfinitiesAndHugeValues() {
        float ninf = Float.NEGATIVE_INFINITY;
        // columns: all −∞; one −∞ among finite; +∞; near ±1e30
        float[] x = {ninf, ninf, 0f, 1e30f, -1e30f,
                     ninf, 0f, Float.POSITIVE_INFINITY, 1e30f, -1e30f};
        float[] out = new float[5];
        LogSumExp.columns(x, 0, 2, 5, out, 0);
        assertEquals(ninf, out[0]);
        assertEquals(0f, out[1]);
        assertEquals(Float.POSITIVE_INFINITY, out[2]);
        assertEquals(1e30f, out[3], 1e24f);
        assertEquals(-1e30f, out[4], 1e24f);
        float[] same = {5f, 5f, 5f, 5f};
        LogSumExp.rows(same, 0, 1, 4, out, 0);
        assertEquals(5f + (float) Math.log(4), out[0], 1e-6f);
    }

    @Test
    void outputOverlappingInputThrows() {
        float[] x = new float[10];
        assertThrows(IllegalArgumentException.class, () -> LogSumExp.columns(x, 0, 2, 5, x, 3));
    }
}
