package iwae4j.proptest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.autodiff.GradCheck;
import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import java.util.List;
import java.util.function.Function;

/**
 * The gradient check every property test uses, with its stated tolerance, and the negative control that
 * must fail it: the same check with one analytic gradient element moved by 0.05 + 5%.
 */
public final class GradAssert {
    /** Finite-difference step (the forward pass runs in float; the difference quotient in double). */
    public static final double H = 4e-3;
    /** |analytic − numeric| ≤ ABS_TOL + REL_TOL·max(|analytic|, |numeric|). */
    public static final double ABS_TOL = 4e-3;
    public static final double REL_TOL = 2e-2;

    private GradAssert() {
    }

    public static void gradientMatchesFiniteDifferences(Gen.Case c, List<Parameter> inputs, Function<Tape, Var> f) {
        gradientMatchesFiniteDifferences(c, inputs, f, H, ABS_TOL, REL_TOL);
    }

    public static void gradientMatchesFiniteDifferences(Gen.Case c, List<Parameter> inputs, Function<Tape, Var> f,
                                                        double h, double absTol, double relTol) {
        GradCheck.Result ok = GradCheck.check(inputs, f, c.seed, h, absTol, relTol);
        assertTrue(ok.passed, () -> "case " + c + ": " + ok);
        int target = c.seed % 2 == 0 ? 0 : inputs.size() - 1;
        GradCheck.Result tampered = GradCheck.check(inputs, f, c.seed, h, absTol, relTol, ps -> {
            float[] g = ps.get(target).grad();
            int i = (int) Math.floorMod(c.seed, g.length);
            g[i] += 0.05f + 0.05f * Math.abs(g[i]);
        });
        assertFalse(tampered.passed, () -> "negative control passed for case " + c + ": " + tampered);
    }
}
