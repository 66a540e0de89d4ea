package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One channel for training reports; early stopping is one of its clients, and a caller's listener can stop a fit. */
class TrainingListenerTest {
    private static TrainingListener.Epoch epoch(int e, boolean best) {
        return new TrainingListener.Epoch(e, 100, -1, -1, best, 1, 1);
    }

    @Test
    void earlyStoppingStopsAfterPatienceEpochsWithoutABetterBound() {
        TrainingListener stop = TrainingListener.earlyStopping(2);
        assertTrue(stop.epochDone(epoch(1, true)));
        assertTrue(stop.epochDone(epoch(2, false)));
        assertTrue(stop.epochDone(epoch(3, true)), "a better bound starts the count again");
        assertTrue(stop.epochDone(epoch(4, false)));
        assertFalse(stop.epochDone(epoch(5, false)), "two epochs without a better bound");
        TrainingListener never = TrainingListener.earlyStopping(0);
        for (int e = 1; e < 50; e++) assertTrue(never.epochDone(epoch(e, false)));
    }

    @Test
    void bothSidesOfAndAreToldAndEitherStops() {
        List<Integer> a = new ArrayList<>(), b = new ArrayList<>();
        TrainingListener both = ((TrainingListener) e -> a.add(e.epoch()) && false).and(e -> b.add(e.epoch()));
        assertFalse(both.epochDone(epoch(1, true)));
        assertEquals(List.of(1), a);
        assertEquals(List.of(1), b, "the second is told even when the first stops");
    }

    @Test
    void aCallersListenerStopsAFitAndTheBestEpochIsKept() {
        float[] v = new float[100 * 2];
        Rng r = new Rng(8);
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        TrainedModel m = Fit.run(Dataset.of(v, 2), FitOptions.defaults().withHidden(4).withLatent(1).withEpochs(1e-3, 50),
                e -> e.epoch() < 3);
        assertEquals(3, m.training().trainBounds().size());
        assertTrue(m.training().stoppedEarly());
    }
}
