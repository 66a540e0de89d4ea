package iwae4j.proptest;

import static iwae4j.proptest.GradAssert.gradientMatchesFiniteDifferences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classifier ops (ReLU, sigmoid, log-softmax, cross-entropy, dropout, log, sqrt, reciprocal, column concatenation
 * and slicing) against central finite differences on OpGradientTest's seeded generated shapes and values, within GradAssert's stated tolerance, each case with its negative control; and the
 * forward values against their definitions in double.
 */
class ClassifierOpGradientTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("iwae4j.proptest.OpGradientTest#cases")
    void relu(Gen.Case c) {
        Parameter x = c.param("x", c.r, c.c, 2);
        float[] v = x.value();
        for (int i = 0; i < v.length; i++) if (Math.abs(v[i]) < 0.05f) v[i] = v[i] < 0 ? -0.5f : 0.5f;   // away from the kink
        gradientMatchesFiniteDifferences(c, List.of(x), t -> t.relu(x));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("iwae4j.proptest.OpGradientTest#cases")
    void sigmoid(Gen.Case c) {
        Parameter x = c.param("x", c.r, c.c, 4);
        gradientMatchesFiniteDifferences(c, List.of(x), t -> t.sigmoid(x));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("iwae4j.proptest.OpGradientTest#cases")
    void logSoftmaxAndCrossEntropy(Gen.Case c) {
        Parameter x = c.param("x", c.r, c.c, 3);
        int[] labels = new int[c.r];
        for (int r = 0; r < c.r; r++) labels[r] = (int) Math.floorMod(c.seed + r, c.c);
        gradientMatchesFiniteDifferences(c, List.of(x), t -> t.logSoftmax(x));
        gradientMatchesFiniteDifferences(c, List.of(x), t -> t.crossEntropy(t.logSoftmax(x), labels));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("iwae4j.proptest.OpGradientTest#cases")
    void dropout(Gen.Case c) {
        Parameter x = c.param("x", c.r, c.c, 2);
        gradientMatchesFiniteDifferences(c, List.of(x), t -> t.dropout(x, 0.3f, c.seed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("iwae4j.proptest.OpGradientTest#cases")
    void logSqrtReciprocalAndDivision(Gen.Case c) {
        Parameter x = c.param("x", c.r, c.c, 0.5, 3), y = c.param("y", c.r, c.c, 0.5, 3);   // positive, away from 0
        gradientMatchesFiniteDifferences(c, List.of(x), t -> t.log(x));
        gradientMatchesFiniteDifferences(c, List.of(x), t -> t.sqrt(x));
        gradientMatchesFiniteDifferences(c, List.of(x), t -> t.reciprocal(x));
        gradientMatchesFiniteDifferences(c, List.of(x, y), t -> t.mul(x, t.reciprocal(y)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("iwae4j.proptest.OpGradientTest#cases")
    void concatAndSliceColumns(Gen.Case c) {
        Parameter a = c.param("a", c.r, c.c, 2), b = c.param("b", c.r, c.n, 2);
        gradientMatchesFiniteDifferences(c, List.of(a, b), t -> t.concatColumns(a, b));
        // a slice of a concatenation, a used twice: both paths' gradients reach it
        gradientMatchesFiniteDifferences(c, List.of(a, b), t -> t.add(t.sliceColumns(t.concatColumns(b, a), c.n, c.n + c.c), a));
    }

    /** Dropout keeps about 1 − rate of the elements, scaled so the mean is kept, the same mask for the same seed. */
    @Test
    void dropoutKeepsItsShareAndItsMeanAndDependsOnlyOnTheSeed() {
        float[] ones = new float[100_000];
        java.util.Arrays.fill(ones, 1f);
        Tape t = new Tape().gradients(false);
        Var x = t.constant(ones, 1000, 100);
        float[] a = t.dropout(x, 0.2f, 42).value().clone(), b = t.dropout(x, 0.2f, 42).value().clone(), c = t.dropout(x, 0.2f, 43).value().clone();
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b, "the same seed, the same mask");
        int kept = 0, differ = 0;
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != 0) kept++;
            if ((a[i] != 0) != (c[i] != 0)) differ++;
            sum += a[i];
        }
        assertEquals(0.8, kept / 1e5, 0.005, "share kept");
        assertEquals(1.0, sum / 1e5, 0.01, "mean kept");
        assertEquals(2 * 0.8 * 0.2, differ / 1e5, 0.01, "another seed, an independent mask");
    }

    @Test
    void forwardValuesMatchTheirDefinitions() {
        Tape t = new Tape().gradients(false);
        float[] x = {-2f, 0f, 3f, 1000f, -1000f, 0.5f};
        Var v = t.constant(x, 2, 3);
        float[] relu = t.relu(v).value().clone(), sig = t.sigmoid(v).value().clone(), ls = t.logSoftmax(v).value().clone();
        for (int i = 0; i < 6; i++) {
            assertEquals(Math.max(x[i], 0), relu[i]);
            assertEquals(1 / (1 + Math.exp(-x[i])), sig[i], 1e-7, "sigmoid of " + x[i]);
        }
        for (int r = 0; r < 2; r++) {
            double max = Math.max(x[3 * r], Math.max(x[3 * r + 1], x[3 * r + 2])), s = 0;
            for (int j = 0; j < 3; j++) s += Math.exp(x[3 * r + j] - max);
            for (int j = 0; j < 3; j++) assertEquals(x[3 * r + j] - max - Math.log(s), ls[3 * r + j], 1e-4, "log-softmax row " + r);
        }
        Var ce = t.crossEntropy(t.logSoftmax(v), new int[] {2, 0});
        assertEquals(-(ls[2] + ls[3]) / 2, ce.get(0), 1e-6);
        assertEquals("crossEntropy: label 3 of row 0 is not a class of 3",
                assertThrows(IllegalArgumentException.class, () -> t.crossEntropy(v, new int[] {3, 0})).getMessage());
    }
}
