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
                Schedule.of(new long[] {2, 5}, new double[] {1e-3, 1.0 / 3})}) {
            Schedule back = Schedule.parse(s.format());
            assertEquals(s, back);
            for (int i = 0; i < s.stages(); i++) assertEquals(Double.doubleToLongBits(s.learningRate(i)), Double.doubleToLongBits(back.learningRate(i)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schedule.parse("epochs=1,x;rates=1"));
        assertTrue(e.getMessage().startsWith("bad schedule"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedule.of(new long[] {1}, new double[] {-1}));
    }
}
