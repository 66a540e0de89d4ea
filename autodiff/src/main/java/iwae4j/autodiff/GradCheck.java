package iwae4j.autodiff;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Compares the tape's gradient with central finite differences. The function's output O is reduced to the
 * scalar f = Σ wᵢ·Oᵢ with fixed random weights w, in double; each input element θ is moved by ±h and
 * (f(θ+h) − f(θ−h)) / 2h is computed in double. An element passes when
 * |analytic − numeric| ≤ absTol + relTol·max(|analytic|, |numeric|); a NaN input element (a missing cell) has no finite
 * difference and passes only with an analytic gradient of exactly 0.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** The outcome: the worst element, and how far it was over its tolerance (≤ 1 passes). */
    public static final class Result {
        public final boolean passed;
        public final double worstRatio;
        public final String worst;

        Result(boolean passed, double worstRatio, String worst) {
            this.passed = passed;
            this.worstRatio = worstRatio;
            this.worst = worst;
        }

        @Override
        public String toString() {
            return (passed ? "passed" : "FAILED") + " (worst error/tolerance " + String.format("%.3g", worstRatio) + " at " + worst + ")";
        }
    }

    /** A hook that may change the analytic gradient before it is compared (for negative controls). */
    public interface Tamper {
        void apply(List<Parameter> inputs);
    }

    public static Result check(List<Parameter> inputs, Function<Tape, Var> f, long seed,
                               double h, double absTol, double relTol) {
        return check(inputs, f, seed, h, absTol, relTol, null);
    }

    public static Result check(List<Parameter> inputs, Function<Tape, Var> f, long seed,
                               double h, double absTol, double relTol, Tamper tamper) {
        Tape tape = new Tape();
        Var out = f.apply(tape);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] w = new float[out.size()];
        for (int i = 0; i < w.length; i++) w[i] = (float) (rnd.nextDouble() * 2 - 1);
        for (Parameter p : inputs) p.zeroGrad();
        tape.backward(out, w);
        if (tamper != null) tamper.apply(inputs);
        double worstRatio = 0;
        String worst = "none";
        for (Parameter p : inputs) {
            float[] analytic = p.grad().clone();
            for (int i = 0; i < p.size(); i++) {
                float saved = p.value[i];
                p.value[i] = (float) (saved + h);
                double plus = weighted(tape, f, w);
                p.value[i] = (float) (saved - h);
                double minus = weighted(tape, f, w);
                p.value[i] = saved;
                // the step actually taken in float, so the quotient is not biased by rounding of θ ± h
                double step = (double) (float) (saved + h) - (double) (float) (saved - h);
                double numeric = (plus - minus) / step;
                // a NaN input (a missing cell) has no finite difference: its analytic gradient must be exactly 0
                double err = Math.abs(analytic[i] - numeric);
                double tol = absTol + relTol * Math.max(Math.abs(analytic[i]), Math.abs(numeric));
                double ratio = Float.isNaN(saved) ? (analytic[i] == 0 ? 0 : Double.POSITIVE_INFINITY) : err / tol;
                if (!(ratio <= worstRatio)) { // a NaN ratio (a non-finite difference of a finite input) fails too
                    worstRatio = ratio;
                    worst = p.name() + "[" + i + "] analytic " + analytic[i] + " numeric " + numeric;
                }
            }
        }
        return new Result(worstRatio <= 1, worstRatio, worst); // NaN fails
    }

    private static double weighted(Tape tape, Function<Tape, Var> f, float[] w) {
        tape.reset();
        Var out = f.apply(tape);
        double s = 0;
        for (int i = 0; i < w.length; i++) s += (double) w[i] * out.value[i];
        return s;
    }
}
