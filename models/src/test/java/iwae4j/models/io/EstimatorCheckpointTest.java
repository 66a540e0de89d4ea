package iwae4j.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import iwae4j.models.Dataset;
import iwae4j.models.Estimator;
import iwae4j.models.Likelihood;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Rng;
import iwae4j.models.Schedule;
import iwae4j.models.Trainer;
import iwae4j.models.TrainingConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A run with another estimator resumes from its checkpoint with that estimator, bit for bit. */
class EstimatorCheckpointTest {
    @TempDir
    Path dir;

    private static Trainer fresh(String estimator) {
        Rng r = new Rng(3);
        float[] grey = new float[160 * 12];
        for (int i = 0; i < grey.length; i++) grey[i] = (float) r.nextDouble();
        TrainingConfig o = TrainingConfig.paper().withK(6).withBinarize(true).withSeed(5).withSchedule(Schedule.constant(1e-3, 3)).withEstimator(Estimator.parse(estimator, 3, 0.5));
        return new Trainer(new Model(new ModelSpec(12, new int[] {3, 2}, new int[][] {{8}, {4}}, Likelihood.BERNOULLI), 9), Dataset.of(grey, 12), o);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dreg", "stl", "piwae:3", "miwae:2", "ciwae:0.25"})
    void resumedRunEqualsTheStraightOne(String estimator) throws Exception {
        Trainer straight = fresh(estimator);
        straight.train(2, null);
        Trainer first = fresh(estimator);
        first.train(1, null);
        Path f = dir.resolve(estimator.replace(':', '_') + ".safetensors");
        Checkpoint.save(first, f);
        Trainer resumed = Checkpoint.resume(f, dataOf());
        assertEquals(estimator, resumed.config().estimator().name());
        resumed.train(1, null);
        for (int i = 0; i < straight.model().parameters().size(); i++) {
            assertArrayEquals(straight.model().parameters().get(i).value(), resumed.model().parameters().get(i).value(), estimator + " parameter " + i);
        }
    }

    @Test
    void aKThatPiwaeOrMiwaeCannotSplitIntoGroupsIsRefusedBeforeTraining() {
        for (String e : new String[] {"piwae:4", "miwae:4"}) { // k = 6 is not a multiple of 4
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> fresh(e));
            assertEquals("the estimator " + e + " cannot use k=6 samples (MIWAE and PIWAE need k divisible by M)", x.getMessage());
        }
    }

    private static Dataset dataOf() {
        Rng r = new Rng(3);
        float[] grey = new float[160 * 12];
        for (int i = 0; i < grey.length; i++) grey[i] = (float) r.nextDouble();
        return Dataset.of(grey, 12);
    }
}
