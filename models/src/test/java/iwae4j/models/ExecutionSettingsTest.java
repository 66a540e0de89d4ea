package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import iwae4j.autodiff.Parameter;
import iwae4j.models.data.Camel;
import iwae4j.tensor.Parallel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Threads are a setting of the trainer or scorer that runs, not of the process; the bits do not depend on them. */
class ExecutionSettingsTest {
    private static List<float[]> trained(Integer threads) {
        Model model = new Model(new ModelSpec(784, new int[] {8}, new int[][] {{32}}, Likelihood.BERNOULLI), 3);
        float[] x = new float[120 * 784];
        Rng r = new Rng(4);
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() < 0.3 ? 1f : 0f;
        Trainer t = new Trainer(model, Dataset.of(x, 784), TrainingConfig.paper().withK(5).withSchedule(Schedule.constant(1e-3, 2)))
                .adaptiveThreads(false).checkpointed(false);
        if (threads != null) t.threads(threads);
        t.train(null);
        return model.parameters().stream().map(Parameter::value).toList();
    }

    @Test
    void aTrainersThreadsAreItsOwnAndGiveTheSameBits() {
        int saved = Parallel.threads();
        Parallel.setThreads(Math.min(2, Runtime.getRuntime().availableProcessors()));
        try {
            List<float[]> all = trained(null), one = trained(1);
            for (int p = 0; p < all.size(); p++) assertArrayEquals(all.get(p), one.get(p), "parameter " + p);
            assertEquals(Parallel.threads(), Parallel.threadsHere(), "the process-wide setting is untouched");
            assertThrows(IllegalArgumentException.class, () -> new Trainer(new Model(ModelSpec.camel(), 1), Camel.sample(20, new Rng(1)),
                    TrainingConfig.paper()).threads(0));
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void aScorersThreadsAreItsOwnAndGiveTheSameBits() {
        int saved = Parallel.threads();
        Parallel.setThreads(Math.min(2, Runtime.getRuntime().availableProcessors()));
        try {
            Model model = new Model(new ModelSpec(6, new int[] {2}, new int[][] {{16}}, Likelihood.GAUSSIAN, 0.01f), 5);
            float[][] rows = new float[700][6];
            Rng r = new Rng(6);
            for (float[] row : rows) for (int j = 0; j < 6; j++) row[j] = (float) r.nextGaussian();
            Scorer s = TrainedModel.of(model).scorer(300, 1);
            Scorer.Scores a = s.score(rows), b = s.withThreads(1).score(rows);
            assertArrayEquals(a.logLikelihood(), b.logLikelihood());
            assertArrayEquals(a.effectiveSampleSize(), b.effectiveSampleSize());
            assertEquals("threads must be >= 1, got 0", assertThrows(IllegalArgumentException.class, () -> s.withThreads(0)).getMessage());
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
