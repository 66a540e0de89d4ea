package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.tensor.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /** Batches are split over threads; each example's L_k must not depend on the thread count or chunking. */
    @Test
    void sameValuesOnOneAndTwoThreads() {
        Model model = new Model(ModelSpec.mnist1(), 3);
        Rng rng = new Rng(5);
        float[] x = new float[7 * 784];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble() < 0.13 ? 1f : 0f;
        Dataset data = Dataset.of(x, 784);
        Parallel.setThreads(1);
        Evaluator.Result one = new Evaluator(300).logLikelihood(model, data, 250, 11);
        Parallel.setThreads(2);
        Evaluator.Result two = new Evaluator(300).logLikelihood(model, data, 250, 11);
        assertArrayEquals(one.perExample, two.perExample);
        assertEquals(7, one.perExample.length);
        Evaluator.Result otherSeed = new Evaluator(300).logLikelihood(model, data, 250, 12);
        assertNotEquals(one.perExample[0], otherSeed.perExample[0], "the seed must change the noise");
    }

    /** (Σw)²/Σw² lies in [1, k], is exactly 1 for k = 1, and equals the definition recomputed from the log-weights. */
    @Test
    void effectiveSampleSizeMatchesItsDefinition() {
        Model model = new Model(new ModelSpec(6, new int[] {2}, new int[][] {{5}}, Likelihood.BERNOULLI), 4);
        float[] x = {1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0};
        Dataset data = Dataset.of(x, 6);
        Evaluator.Result one = new Evaluator(500).logLikelihood(model, data, 1, 3);
        for (double e : one.effectiveSampleSize) assertEquals(1.0, e, 1e-12);
        int k = 40;
        Evaluator.Result r = new Evaluator(500).logLikelihood(model, data, k, 3);
        for (double e : r.effectiveSampleSize) assertTrue(e >= 1 && e <= k, "ESS " + e);
        // recompute from the same noise: one chunk of k samples for both examples, keyed as the evaluator keys it
        float[][] noise = {new float[model.noiseSize(0, k, 2)]};
        new Rng(new Rng(3 ^ (0 * 0x9E3779B97F4A7C15L)).nextLong() + 0).fillGaussian(noise[0], noise[0].length);
        iwae4j.autodiff.Tape t = new iwae4j.autodiff.Tape().gradients(false);
        float[] w = model.logWeights(t, t.constant(x, 2, 6), k, noise).value();
        for (int i = 0; i < 2; i++) {
            double max = Double.NEGATIVE_INFINITY, s = 0, ss = 0;
            for (int j = 0; j < k; j++) max = Math.max(max, w[j * 2 + i]);
            for (int j = 0; j < k; j++) {
                double e = Math.exp(w[j * 2 + i] - max);
                s += e;
                ss += e * e;
            }
            assertEquals(s * s / ss, r.effectiveSampleSize[i], 1e-9 * k, "example " + i);
        }
    }
}
