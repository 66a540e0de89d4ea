package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The trainer's warning about a sustained slowdown, fed epoch speeds directly (no timing in the test). */
class TrainerSlowdownTest {
    private static String warnings(double... speeds) {
        return warnings(true, speeds);
    }

    /** The warnings the trainer logs (System.Logger "iwae4j.train", WARNING), one line each. */
    private static String warnings(boolean checkpointed, double... speeds) {
        StringBuilder buf = new StringBuilder();
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("iwae4j.train");
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) buf.append("warning: ").append(r.getMessage()).append('\n');
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        TrainingConfig o = TrainingConfig.paper();
        Rng r = new Rng(1);
        float[] x = new float[40 * 4];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        Trainer t = new Trainer(new Model(new ModelSpec(4, new int[] {2}, new int[][] {{3}}, Likelihood.BERNOULLI), 1), Dataset.of(x, 4), o).checkpointed(checkpointed);
        try {
            for (double s : speeds) t.noteEpochSpeed(s);
        } finally {
            jul.removeHandler(capture);
        }
        return buf.toString();
    }

    @Test
    void twoEpochsAtLessThanHalfTheBestSpeedWarnOnce() {
        String w = warnings(1000, 1100, 400, 450, 420, 430);
        assertEquals(1, w.lines().count(), w);
        assertTrue(w.startsWith("warning: the last 2 epochs ran 2.4× slower than this run's fastest (450 against 1100 examples/s)"), w);
    }

    @Test
    void oneSlowEpochOrAModestSlowdownSaysNothing() {
        assertEquals("", warnings(1000, 400, 1000, 400, 1000));
        assertEquals("", warnings(1000, 600, 600, 600, 600));
    }

    @Test
    void aSecondSlowSpellAfterRecoveringWarnsAgain() {
        assertEquals(2, warnings(1000, 300, 300, 1000, 300, 300).lines().count());
    }

    @Test
    void withoutACheckpointTheWarningDoesNotAdviseResuming() {
        assertTrue(warnings(true, 1000, 300, 300).contains("resume from the checkpoint"));
        String w = warnings(false, 1000, 300, 300);
        assertEquals(1, w.lines().count(), w);
        assertTrue(w.endsWith("or the JVM is in a slow state" + System.lineSeparator()), w);
    }
}
