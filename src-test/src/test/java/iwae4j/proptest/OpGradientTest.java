package iwae4j.proptest;

import static iwae4j.proptest.GradAssert.gradientMatchesFiniteDifferences;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op's tape gradient equals central finite differences (in double) on seeded generated shapes and
 * values, within GradAssert's stated tolerance; each case also runs the negative control.
 */
class OpGradientTest {
    private static final long MASTER_SEED = 0x1DAE_2016L;

    static Stream<Gen.Case> cases() {
        return Gen.cases(MASTER_SEED, 12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matmul(Gen.Case c) {
        Parameter a = c.param("a", c.r, c.n, 2), b = c.param("b", c.n, c.c, 2);
        gradientMatchesFiniteDifferences(c, List.of(a, b), t -> t.matmul(a, b));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void addBias(Gen.Case c) {
        Parameter x = c.param("x", c.r, c.c, 2), b = c.param("b", 1, c.c, 2);
        gradientMatchesFiniteDifferences(c, List.of(x, b), t -> t.addBias(x, b));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void linearAndLinearTanh(Gen.Case c) {
        Parameter x = c.param("x", c.r, c.n, 1.5), w = c.param("w", c.n, c.c, 1), b = c.param("b", 1, c.c, 1);
        gradientMatchesFiniteDifferences(c, List.of(x, w, b), t -> t.linear(x, w, b));
        gradientMatchesFiniteDifferences(c, List.of(x, w, b), t -> t.linearTanh(x, w, b));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void addSubMul(Gen.Case c) {
        Parameter a = c.param("a", c.r, c.c, 2), b = c.param("b", c.r, c.c, 2);
        gradientMatchesFiniteDifferences(c, List.of(a, b), t -> t.add(a, b));
        gradientMatchesFiniteDifferences(c, List.of(a, b), t -> t.sub(a, b));
        gradientMatchesFiniteDifferences(c, List.of(a, b), t -> t.mul(a, b));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void scale(Gen.Case c) {
        Parameter a = c.param("a", c.r, c.c, 2);
        gradientMatchesFiniteDifferences(c, List.of(a), t -> t.scale(a, -1.75f));
        gradientMatchesFiniteDifferences(c, List.of(a), t -> t.affine(a, 0.5f, 3f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void tanhExpSoftplus(Gen.Case c) {
        Parameter a = c.param("a", c.r, c.c, 3);
        gradientMatchesFiniteDifferences(c, List.of(a), t -> t.tanh(a));
        gradientMatchesFiniteDifferences(c, List.of(a), t -> t.exp(a));
        gradientMatchesFiniteDifferences(c, List.of(a), t -> t.softplus(a));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sumAndMeanOverEachAxis(Gen.Case c) {
        Parameter a = c.param("a", c.r, c.c, 2);
        for (int axis = -1; axis <= 1; axis++) {
            int ax = axis;
            gradientMatchesFiniteDifferences(c, List.of(a), t -> t.sum(a, ax));
            gradientMatchesFiniteDifferences(c, List.of(a), t -> t.mean(a, ax));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reshapeAndRepeatRows(Gen.Case c) {
        Parameter a = c.param("a", c.r, c.c, 2);
        gradientMatchesFiniteDifferences(c, List.of(a), t -> t.reshape(a, c.c, c.r));
        gradientMatchesFiniteDifferences(c, List.of(a), t -> t.repeatRows(a, c.k));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void logSumExpOverEachAxis(Gen.Case c) {
        Parameter a = c.param("a", c.r, c.c, 4);
        gradientMatchesFiniteDifferences(c, List.of(a), t -> t.logSumExp(a, 0));
        gradientMatchesFiniteDifferences(c, List.of(a), t -> t.logSumExp(a, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gaussianLogDensityWithTiledMeanAndLogSigma(Gen.Case c) {
        Parameter x = c.param("x", c.k * c.r, c.c, 2);
        Parameter mean = c.param("mean", c.r, c.c, 1), logSigma = c.param("logSigma", c.r, c.c, -1, 1);
        gradientMatchesFiniteDifferences(c, List.of(x, mean, logSigma), t -> t.gaussianLogDensity(x, mean, logSigma));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void standardNormalLogDensity(Gen.Case c) {
        Parameter x = c.param("x", c.r, c.c, 2);
        gradientMatchesFiniteDifferences(c, List.of(x), t -> t.standardNormalLogDensity(x));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bernoulliLogLikelihoodFromLogitsWithTiledData(Gen.Case c) {
        Parameter logits = c.param("logits", c.k * c.r, c.c, 4);
        float[] bits = c.bits(c.r * c.c);
        Parameter x = new Parameter("x", c.r, c.c);
        x.set(bits);
        gradientMatchesFiniteDifferences(c, List.of(logits, x), t -> t.bernoulliLogLikelihood(x, logits));
    }

    /** Every third cell of x missing (NaN): those add nothing and get no gradient; binary and Gaussian columns alternate. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void observedLogLikelihoodOverMixedColumnsWithMissingCells(Gen.Case c) {
        Parameter a = c.param("a", c.k * c.r, c.c, 2), logSigma = c.param("logSigma", c.k * c.r, c.c, -1, 1);
        Parameter x = c.param("x", c.r, c.c, 2);
        float[] bits = c.bits(c.r * c.c), xs = x.value().clone();
        boolean[] binary = new boolean[c.c];
        for (int j = 0; j < c.c; j++) binary[j] = j % 2 == 0;
        for (int i = 0; i < xs.length; i++) {
            if (binary[i % c.c]) xs[i] = bits[i];
            if (i % 3 == 1) xs[i] = Float.NaN;
        }
        x.set(xs);
        gradientMatchesFiniteDifferences(c, List.of(a, logSigma, x), t -> t.observedLogLikelihood(x, a, logSigma, binary));
        boolean[] allBinary = new boolean[c.c];
        java.util.Arrays.fill(allBinary, true);
        gradientMatchesFiniteDifferences(c, List.of(a, x), t -> t.observedLogLikelihood(x, a, null, allBinary));
    }

    /** With nothing missing and no binary column, the observed log-likelihood is the Gaussian log-density. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void observedLogLikelihoodWithNothingMissingIsTheGaussianDensity(Gen.Case c) {
        Parameter x = c.param("x", c.r, c.c, 2);
        Parameter mean = c.param("mean", c.k * c.r, c.c, 1), logSigma = c.param("logSigma", c.k * c.r, c.c, -1, 1);
        Tape t = new Tape();
        float[] full = t.gaussianLogDensity(x, mean, logSigma).value().clone();
        float[] observed = t.observedLogLikelihood(x, mean, logSigma, null).value();
        for (int r = 0; r < full.length; r++) {
            org.junit.jupiter.api.Assertions.assertEquals(full[r], observed[r], 1e-5 * (1 + Math.abs(full[r])), "case " + c + ", row " + r);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void observedInputFillsMissingCellsAndAppendsTheMask(Gen.Case c) {
        Parameter x = c.param("x", c.r, c.c, 2);
        float[] xs = x.value().clone();
        for (int i = 0; i < xs.length; i += 2) xs[i] = Float.NaN;
        x.set(xs);
        gradientMatchesFiniteDifferences(c, List.of(x), t -> t.observedInput(x, true));
        Var in = new Tape().observedInput(x, true);
        for (int r = 0; r < c.r; r++) {
            for (int j = 0; j < c.c; j++) {
                float v = xs[r * c.c + j];
                boolean seen = !Float.isNaN(v);
                org.junit.jupiter.api.Assertions.assertEquals(seen ? v : 0f, in.value()[r * 2 * c.c + j], "case " + c);
                org.junit.jupiter.api.Assertions.assertEquals(seen ? 1f : 0f, in.value()[r * 2 * c.c + c.c + j], "case " + c);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reparameterize(Gen.Case c) {
        Parameter mean = c.param("mean", c.r, c.c, 1), logSigma = c.param("logSigma", c.r, c.c, -1, 1);
        Parameter eps = c.param("eps", c.k * c.r, c.c, 2);
        gradientMatchesFiniteDifferences(c, List.of(mean, logSigma, eps), t -> t.reparameterize(mean, logSigma, eps));
    }

    /** stopGradient(x)·x: the gradient is x (only the second path), where finite differences would give 2x. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stopGradientBlocksItsPath(Gen.Case c) {
        Parameter x = c.param("x", c.r, c.c, 2);
        Tape t = new Tape();
        Var y = t.sum(t.mul(t.stopGradient(x), x), -1);
        x.zeroGrad();
        t.backward(y);
        assertArrayEquals(x.value(), x.grad(), 0f, c.toString());
    }
}
