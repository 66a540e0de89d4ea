package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.autodiff.Parameter;
import iwae4j.tensor.Parallel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small fit validates epoch e on its own thread while epoch e + 1 trains: the bounds, the epochs the listener is told
 * of, the stopping epoch and the model kept are the ones of validating after each epoch, bit for bit.
 */
class ValidationAlongsideTest {
    private static Dataset rows(long seed) {
        float[] v = new float[150 * 3];
        Rng r = new Rng(seed);
        for (int i = 0; i < v.length; i += 3) {
            float z = (float) r.nextGaussian();
            v[i] = z;
            v[i + 1] = 2 * z + 0.3f * (float) r.nextGaussian();
            v[i + 2] = (float) r.nextGaussian();
        }
        return Dataset.of(v, 3);
    }

    private record Run(TrainedModel model, List<String> told) {
    }

    private static Run fit(Dataset data, FitOptions o, int stopAt, boolean alongside) {
        List<String> told = new ArrayList<>();
        TrainingListener listener = e -> {
            told.add(e.epoch() + " " + e.trainBound() + " " + e.validationBound() + " " + e.best());
            return e.epoch() != stopAt;
        };
        return new Run(Parallel.withThreads(1, () -> Fit.fit(data, o, listener, alongside)), told);
    }

    private static void assertSame(Run a, Run b) {
        assertEquals(a.told(), b.told());
        TrainedModel.Training x = a.model().training(), y = b.model().training();
        assertEquals(x.trainBounds(), y.trainBounds());
        assertEquals(x.validationBounds(), y.validationBounds());
        assertEquals(x.bestEpoch(), y.bestEpoch());
        assertEquals(x.stoppedEarly(), y.stoppedEarly());
        List<Parameter> p = a.model().model().parameters(), q = b.model().model().parameters();
        assertEquals(p.size(), q.size());
        for (int i = 0; i < p.size(); i++) assertArrayEquals(p.get(i).value(), q.get(i).value(), "parameter " + i);
    }

    @Test
    void earlyStoppingStopsAtTheSameEpochWithTheSameModel() {
        FitOptions o = FitOptions.defaults().withHidden(8).withLatent(2).withEpochs(3e-2, 200).withPatience(3).withSeed(4);
        Run seq = fit(rows(3), o, -1, false), side = fit(rows(3), o, -1, true);
        assertTrue(seq.model().training().stoppedEarly(), "the case needs a stop: a large rate and patience 3 give one");
        assertTrue(seq.model().training().trainBounds().size() < 200);
        assertSame(seq, side);
    }

    @Test
    void aListenerStopAndTheLastEpochAgree() {
        FitOptions o = FitOptions.defaults().withHidden(8).withLatent(2).withEpochs(1e-3, 6).withSeed(9);
        assertSame(fit(rows(5), o, 4, false), fit(rows(5), o, 4, true));
        Run all = fit(rows(5), o, -1, true);
        assertEquals(6, all.model().training().trainBounds().size());
        assertSame(fit(rows(5), o, -1, false), all);
    }

    @Test
    void withoutValidationRowsNothingRunsAlongside() {
        FitOptions o = FitOptions.defaults().withHidden(8).withLatent(2).withEpochs(1e-3, 4).withValidationFraction(0).withSeed(2);
        assertSame(fit(rows(7), o, -1, false), fit(rows(7), o, -1, true));
    }
}
