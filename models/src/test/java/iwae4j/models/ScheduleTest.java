package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void thePapersEightStagesAre3280PassesFrom1eMinus3Down() {
        Schedule s = Schedule.paper(8);
        assertEquals(3280, s.totalEpochs());
        assertEquals(2187, s.epochs(7));
        assertEquals(1e-3, s.learningRate(0));
        assertEquals(1e-4, s.learningRate(7), 1e-18);
        assertEquals(40, Schedule.paper(4).totalEpochs());
    }

    @Test
    void theTextFormRestoresExactlyTheSameRates() {
        for (Schedule s : new Schedule[] {Schedule.paper(8), new Schedule(3, 3e-4), Schedule.constant(0.01, 7),
                Schedule.of(new long[] {2, 5}, new double[] {1e-3, 1.0 / 3}), Schedule.growingBatch(8, 20)}) {
            Schedule back = Schedule.parse(s.format());
            assertEquals(s, back);
            for (int i = 0; i < s.stages(); i++) {
                assertEquals(Double.doubleToLongBits(s.learningRate(i)), Double.doubleToLongBits(back.learningRate(i)));
                assertEquals(s.batchSize(i, -1), back.batchSize(i, -1));
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("epochs=1,x;rates=1"));
        assertTrue(e.getMessage().startsWith("bad schedule"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedule.of(new long[] {1}, new double[] {-1}));
    }

    @Test
    void theGrowingBatchKeepsTheRateAndMultipliesTheBatchByTheSeventhRootOfTen() {
        Schedule s = Schedule.growingBatch(8, 20);
        int[] want = {20, 28, 39, 54, 75, 104, 144, 200}; // round(20 * 10^(i/7))
        for (int i = 0; i < 8; i++) {
            assertEquals(want[i], s.batchSize(i, 20), "stage " + i);
            assertEquals(Math.round(20 * Math.pow(10, i / 7.0)), s.batchSize(i, 20));
            assertEquals(1e-3, s.learningRate(i));
            assertEquals(Schedule.paper(8).epochs(i), s.epochs(i));
        }
        assertTrue(s.setsBatchSize());
        assertEquals(-1, Schedule.paper(8).batchSize(3, -1), "the paper's schedule leaves the batch to the trainer");
        assertTrue(s.format().endsWith(";batches=20,28,39,54,75,104,144,200"), s.format());
        assertThrows(IllegalArgumentException.class, () -> Schedule.of(new long[] {1, 1}, new double[] {1, 1}, new int[] {20}));
        assertThrows(IllegalArgumentException.class, () -> Schedule.of(new long[] {1}, new double[] {1}, new int[] {0}));
    }
}
