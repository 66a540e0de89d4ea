package iwae4j.models.data;

import iwae4j.models.Dataset;
import iwae4j.models.Rng;

/**
 * The 1-D "camel" data: x ~ ½N(−1, 0.5²) + ½N(1, 0.5²), a two-humped density whose exact entropy is known
 * by quadrature, so a model's L_5000 can be read against the truth.
 */
public final class Camel {
    public static final double MODE = 1.0;
    public static final double SIGMA = 0.5;

    private Camel() {
    }

    /** n draws from the mixture, as a dataset of dimension 1. */
    public static Dataset sample(int n, Rng rng) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double centre = rng.nextDouble() < 0.5 ? -MODE : MODE;
            x[i] = (float) (centre + SIGMA * rng.nextGaussian());
        }
        return Dataset.of(x, 1);
    }

    /** The true density p(x). */
    public static double density(double x) {
        return 0.5 * normal(x, -MODE, SIGMA) + 0.5 * normal(x, MODE, SIGMA);
    }

    /** N(x; μ, σ²). */
    public static double normal(double x, double mean, double sd) {
        double z = (x - mean) / sd;
        return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
    }

    /**
     * E[ln p(X)] = ∫ p ln p, by composite Simpson's rule over [−8, 8] (the tails beyond hold less than
     * 1e-30 of the mass). Equals −1.3585 nats to four decimals.
     */
    public static double expectedLogDensity() {
        return simpson(x -> {
            double p = density(x);
            return p > 0 ? p * Math.log(p) : 0;
        }, -8, 8, 20_000);
    }

    /** Composite Simpson's rule with an even number of intervals. */
    public static double simpson(java.util.function.DoubleUnaryOperator f, double a, double b, int intervals) {
        if (intervals % 2 != 0) intervals++;
        double h = (b - a) / intervals, s = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < intervals; i++) s += f.applyAsDouble(a + i * h) * (i % 2 == 1 ? 4 : 2);
        return s * h / 3;
    }
}
