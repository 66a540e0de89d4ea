package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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
        Evaluator.Result one = new Evaluator(300, null).logLikelihood(model, data, 250, 11);
        Parallel.setThreads(2);
        Evaluator.Result two = new Evaluator(300, null).logLikelihood(model, data, 250, 11);
        assertArrayEquals(one.perExample, two.perExample);
        assertEquals(7, one.perExample.length);
        Evaluator.Result otherSeed = new Evaluator(300, null).logLikelihood(model, data, 250, 12);
        assertNotEquals(one.perExample[0], otherSeed.perExample[0], "the seed must change the noise");
    }
}
