package iwae4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.experiments.CamelExperiment;
import iwae4j.models.data.Camel;
import org.junit.jupiter.api.Test;

/**
 * The camel acceptance: the IWAE reaches close to the true E[ln p(X)] and, over three seeds, beats the VAE,
 * which falls into the "ignore the latent" optimum (one Gaussian, ≈ −1.53 nats). The evaluation uses
 * 2,000 test points (the CLI uses 10,000) to keep the suite fast.
 */
class CamelExperimentTest {
    private static CamelExperiment.Result run(long seed) {
        CamelExperiment.Options o = new CamelExperiment.Options();
        o.seed = seed;
        o.testSize = 2000;
        o.progress = null;
        return CamelExperiment.run(o);
    }

    @Test
    void trueExpectedLogDensityIsMinus1point3585() {
        assertEquals(-1.3585, Camel.expectedLogDensity(), 5e-5);
    }

    @Test
    void iwaeReachesMinus1point40AndBeatsVaeByAtLeast0point05OnAverageOverThreeSeeds() {
        double gap = 0;
        for (long seed = 1; seed <= 3; seed++) {
            CamelExperiment.Result r = run(seed);
            System.out.printf("camel seed %d: VAE %.4f ± %.4f, IWAE %.4f ± %.4f%n", seed, r.vaeScore.mean,
                    r.vaeScore.standardError, r.iwaeScore.mean, r.iwaeScore.standardError);
            if (seed == 1) assertTrue(r.iwaeScore.mean >= -1.40, "IWAE L_5000 at the CLI's seed: " + r.iwaeScore.mean);
            gap += (r.iwaeScore.mean - r.vaeScore.mean) / 3;
        }
        assertTrue(gap >= 0.05, "mean IWAE − VAE over 3 seeds: " + gap);
    }
}
