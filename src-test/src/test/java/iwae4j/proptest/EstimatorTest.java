package iwae4j.proptest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import iwae4j.models.Estimator;
import iwae4j.models.Likelihood;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Objective;
import iwae4j.models.Rng;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The estimators against their definitions, on small models with fixed noise: the decoder gradients of STL, DReG
 * and PIWAE are the IWAE's; MIWAE(1, K) is IWAE(K), CIWAE(1) the ELBO and CIWAE(0) the IWAE (bound and every
 * gradient); DReG's encoder gradient is unbiased for the IWAE's (Monte Carlo, paired noise), and a deliberately
 * biased variant fails the same check.
 */
class EstimatorTest {
    private static final long SEED = 0xE57L;

    static Model model(int layers, long seed) {
        ModelSpec spec = layers == 1 ? new ModelSpec(6, new int[] {3}, new int[][] {{5}}, Likelihood.BERNOULLI)
                : new ModelSpec(6, new int[] {3, 2}, new int[][] {{5}, {4}}, Likelihood.BERNOULLI);
        Model m = new Model(spec, seed);
        Rng r = new Rng(seed + 1);
        for (Parameter p : m.parameters()) for (int i = 0; i < p.size(); i++) p.value()[i] += (float) (0.6 * (r.nextDouble() - 0.5));
        return m;
    }

    static float[] data(Model m, int b, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[b * m.spec().input];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() < 0.4 ? 1f : 0f;
        return x;
    }

    static float[][] noise(Model m, int k, int b, long seed) {
        Rng r = new Rng(seed);
        float[][] n = new float[m.spec().layers()][];
        for (int l = 0; l < n.length; l++) {
            n[l] = new float[m.noiseSize(l, k, b)];
            r.fillGaussian(n[l], n[l].length);
        }
        return n;
    }

    /** Runs one estimator step; returns {bound} followed by every parameter's gradient, flattened. */
    static double[] run(Estimator e, Model m, float[] x, int b, int k, float[][] noise) {
        for (Parameter p : m.parameters()) p.zeroGrad();
        Tape t = new Tape();
        double bound = e.gradient(t, m, t.constant(x, b, m.spec().input), k, noise);
        int n = 1;
        for (Parameter p : m.parameters()) n += p.size();
        double[] out = new double[n];
        out[0] = bound;
        int o = 1;
        for (Parameter p : m.parameters()) for (float g : p.grad()) out[o++] = g;
        return out;
    }

    static int encoderSize(Model m) {
        int n = 0;
        for (Parameter p : m.encoderParameters()) n += p.size();
        return n;
    }

    static void close(double[] want, double[] got, int from, int to, String what) {
        for (int i = from; i < to; i++) {
            assertEquals(want[i], got[i], 2e-4 * (1 + Math.abs(want[i])), what + " at " + i + " (seed " + SEED + ")");
        }
    }

    @ParameterizedTest(name = "{0} layer(s)")
    @ValueSource(ints = {1, 2})
    void stlDregAndPiwaeGiveTheDecoderTheIwaeGradient(int layers) {
        Model m = model(layers, SEED);
        int b = 3, k = 8;
        float[] x = data(m, b, SEED + 2);
        float[][] eps = noise(m, k, b, SEED + 3);
        double[] iwae = run(Estimator.of(Objective.IWAE), m, x, b, k, eps);
        int enc = 1 + encoderSize(m);
        for (String name : List.of("stl", "dreg", "piwae:4")) {
            double[] g = run(Estimator.parse(name, 2, 0.5), m, x, b, k, eps);
            assertEquals(iwae[0], g[0], 1e-4 * Math.abs(iwae[0]), name + " bound");
            close(iwae, g, enc, iwae.length, name + " decoder gradient");
        }
    }

    @ParameterizedTest(name = "{0} layer(s)")
    @ValueSource(ints = {1, 2})
    void miwaeOfOneGroupIsIwaeAndCiwaeSpansElboToIwae(int layers) {
        Model m = model(layers, SEED + 10);
        int b = 3, k = 6;
        float[] x = data(m, b, SEED + 12);
        float[][] eps = noise(m, k, b, SEED + 13);
        double[] iwae = run(Estimator.of(Objective.IWAE), m, x, b, k, eps), elbo = run(Estimator.of(Objective.VAE), m, x, b, k, eps);
        close(iwae, run(Estimator.parse("miwae:1", 1, 0), m, x, b, k, eps), 0, iwae.length, "MIWAE(1, K) vs IWAE(K)");
        close(iwae, run(Estimator.parse("ciwae:0", 1, 0), m, x, b, k, eps), 0, iwae.length, "CIWAE(0) vs IWAE");
        close(elbo, run(Estimator.parse("ciwae:1", 1, 0), m, x, b, k, eps), 0, elbo.length, "CIWAE(1) vs ELBO");
        close(elbo, run(Estimator.parse("miwae:6", 1, 0), m, x, b, k, eps), 0, elbo.length, "MIWAE(K, 1) vs ELBO");
    }

    /**
     * The largest |z| over the encoder's gradient coordinates of the paired difference (estimator − IWAE), over
     * {@code draws} noise draws: near-normal under unbiasedness.
     */
    static double maxZ(Estimator e, int layers, int draws) {
        Model m = model(layers, SEED + 20);
        int b = 2, k = 4;
        float[] x = data(m, b, SEED + 22);
        int enc = encoderSize(m);
        double[] sum = new double[enc], sq = new double[enc];
        for (int d = 0; d < draws; d++) {
            float[][] eps = noise(m, k, b, SEED + 1000 + d);
            double[] a = run(e, m, x, b, k, eps), w = run(Estimator.of(Objective.IWAE), m, x, b, k, eps);
            for (int i = 0; i < enc; i++) {
                double diff = a[1 + i] - w[1 + i];
                sum[i] += diff;
                sq[i] += diff * diff;
            }
        }
        double worst = 0;
        for (int i = 0; i < enc; i++) {
            double mean = sum[i] / draws, var = Math.max(1e-300, (sq[i] / draws - mean * mean) / (draws - 1));
            worst = Math.max(worst, Math.abs(mean) / Math.sqrt(var));
        }
        return worst;
    }

    /** With about a hundred coordinates, |z| beyond 4.5 has probability below 1e-3 for an unbiased estimator. */
    private static final double Z_LIMIT = 4.5;
    private static final int DRAWS = 6000;

    @ParameterizedTest(name = "{0} layer(s)")
    @ValueSource(ints = {1, 2})
    void dregsEncoderGradientIsUnbiasedForTheIwaesAndABiasedVariantIsCaught(int layers) {
        double dreg = maxZ(Estimator.parse("dreg", 1, 0), layers, DRAWS);
        // negative control: w̃ in place of w̃² with log q held, which is STL, biased for k > 1 (Tucker et al. 2019)
        double stl = maxZ(Estimator.parse("stl", 1, 0), layers, DRAWS);
        System.out.printf("layers %d, %d paired draws: max |z| DReG %.2f, STL (the biased control) %.2f%n", layers, DRAWS, dreg, stl);
        assertTrue(dreg < Z_LIMIT, "DReG's encoder gradient differs from the IWAE's on average: max |z| = " + dreg);
        assertTrue(stl > Z_LIMIT, "the biased control passed the unbiasedness check: max |z| = " + stl);
    }
}
