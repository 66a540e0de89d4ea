package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import iwae4j.autodiff.Parameter;
import iwae4j.tensor.Parallel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trainer's choice between all threads and the calling thread alone: decisions fed made-up step times (no
 * timing in the test), and the bits of training unchanged by switching.
 */
class ThreadChoiceTest {
    /** Runs {@code steps} steps through the chooser, each taking {@code aloneMs} or {@code allMs} as chosen; returns the ways taken. */
    private static List<Boolean> drive(ThreadChoice c, int steps, double aloneMs, double allMs, double driftMsPerStep) {
        return drive(c, steps, (alone, i, now) -> (alone ? aloneMs : allMs) + i * driftMsPerStep);
    }

    interface StepCost {
        double ms(boolean alone, int step, long nowNanos);
    }

    private static List<Boolean> drive(ThreadChoice c, int steps, StepCost cost) {
        List<Boolean> ways = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < steps; i++) {
            boolean alone = c.alone(now);
            ways.add(alone);
            long took = (long) (cost.ms(alone, i, now) * 1e6);
            now += took;
            c.took(took, now);
        }
        return ways;
    }

    @Test
    void aSlowdownOfTheChosenWayCallsAProbeAtOnce() {
        // all threads 1 ms and alone 2 ms until 45 s, then all threads 3 ms (the vCPUs moved apart): the probes at
        // 10 and 30.6 s keep all threads; the slowdown calls a third at once, which goes alone, where the schedule
        // would wait until 70.6 s. 52,000 steps end near 59 s.
        ThreadChoice c = new ThreadChoice();
        List<Boolean> ways = drive(c, 52_000, (alone, i, now) -> alone ? 2 : now < 45_000_000_000L ? 1 : 3);
        assertFalse(ways.get(40_000), "all threads at 40 s");
        assertEquals(3, c.probes());
        assertTrue(c.choseAlone(), "alone after the slowdown");
        assertTrue(ways.subList(ways.size() - 5_000, ways.size()).stream().allMatch(w -> w), "alone for the last 10 s");
        // the control: without the slowdown the same steps see only the two scheduled probes and keep all threads
        ThreadChoice steady = new ThreadChoice();
        drive(steady, 52_000, (alone, i, now) -> alone ? 2 : 1);
        assertEquals(2, steady.probes());
        assertFalse(steady.choseAlone());
    }

    @Test
    void beforeTheFirstProbeEverySixteenthStepRunsAlone() {
        // so that the JIT has compiled both ways before anything is timed
        ThreadChoice c = new ThreadChoice();
        List<Boolean> ways = drive(c, 1600, 1, 1, 0);
        for (int i = 0; i < ways.size(); i++) assertEquals(i % ThreadChoice.WARM_EVERY == ThreadChoice.WARM_EVERY - 1, ways.get(i), "step " + i);
        assertEquals(0, c.probes());
    }

    @Test
    void keepsTheFasterWayAfterEachProbe() {
        // 1 ms alone against 3 ms on all threads: all threads until the first probe (10 s in), alone after it
        ThreadChoice c = new ThreadChoice();
        List<Boolean> ways = drive(c, 4000, 1, 3, 0);
        assertFalse(ways.get(0));
        assertEquals(1, c.probes());
        assertTrue(c.choseAlone());
        assertTrue(ways.subList(ways.size() - 100, ways.size()).stream().allMatch(w -> w), "alone after the probe");
        // the reverse: all threads stay
        ThreadChoice d = new ThreadChoice();
        drive(d, 10_600, 3, 1, 0);
        assertEquals(1, d.probes());
        assertFalse(d.choseAlone());
    }

    @Test
    void probesComeAfter10Then20And40SecondsThenEveryMinute() {
        // 1 ms steps both ways; a probe is 4 blocks of 100 steps = 0.4 s: probes start at about 10, 30, 71 s, then a
        // minute apart (131, 192, 252 s)
        ThreadChoice c = new ThreadChoice();
        drive(c, 100_000, 1, 1, 0);
        assertEquals(3, c.probes(), "after 100 s");
        ThreadChoice longer = new ThreadChoice();
        drive(longer, 220_000, 1, 1, 0);
        assertEquals(5, longer.probes(), "after 220 s");
    }

    @Test
    void whileAloneProbesComeEveryTwentySeconds() {
        // 1 ms alone against 3 ms on all threads: alone from the probe at 10 s on, probed again at about 30, 50, 70, 90 s
        ThreadChoice c = new ThreadChoice();
        drive(c, 95_000, 1, 3, 0);
        assertTrue(c.choseAlone());
        assertEquals(5, c.probes());
    }

    @Test
    void aProbeIsFourBlocksAloneAllAllAloneOfAboutFiftyMilliseconds() {
        ThreadChoice c = new ThreadChoice(0, Long.MAX_VALUE / 4, 50_000_000L);
        List<Boolean> ways = drive(c, 1 + 4 * 25, 2, 2, 0);
        // the first step (no step time yet) runs as chosen before any probe; then 4 blocks of 50 ms / 2 ms = 25 steps
        assertFalse(ways.get(0));
        for (int b = 0; b < 4; b++) {
            boolean alone = b == 0 || b == 3;
            for (int i = 0; i < 25; i++) assertEquals(alone, ways.get(1 + 25 * b + i), "block " + b + " step " + i);
        }
        assertEquals(1, c.probes());
        // block sizes are clamped: 200 steps at most for a fast step, 2 at least for a slow one
        ThreadChoice fast = new ThreadChoice(0, Long.MAX_VALUE / 4, 50_000_000L);
        assertEquals(1, countProbesAfter(fast, 1 + 4 * ThreadChoice.MAX_BLOCK, 0.001));
        ThreadChoice slow = new ThreadChoice(0, Long.MAX_VALUE / 4, 50_000_000L);
        assertEquals(1, countProbesAfter(slow, 1 + 4 * ThreadChoice.MIN_BLOCK, 1000));
    }

    private static int countProbesAfter(ThreadChoice c, int steps, double ms) {
        drive(c, steps - 1, ms, ms, 0);
        assertEquals(0, c.probes(), "one step short of a probe's end");
        drive(c, 1, ms, ms, 0);
        return c.probes();
    }

    @Test
    void aSteadyDriftDoesNotDecide() {
        // a 1 % advantage against a drift of 0.5 % a step (5 % a block): alone, all, all, alone puts the same drift on
        // both sides, so the faster way wins whichever way the drift runs (alone-alone-all-all would pick the
        // slower way in one of the two)
        ThreadChoice allFaster = new ThreadChoice(0, Long.MAX_VALUE / 4, 20_000_000L);
        drive(allFaster, 1 + 4 * 10, 2, 1.98, 0.01);
        assertEquals(1, allFaster.probes());
        assertFalse(allFaster.choseAlone());
        ThreadChoice aloneFaster = new ThreadChoice(0, Long.MAX_VALUE / 4, 20_000_000L);
        drive(aloneFaster, 1 + 4 * 10, 1.98, 2, -0.01);
        assertEquals(1, aloneFaster.probes());
        assertTrue(aloneFaster.choseAlone());
    }

    @Test
    void switchingThreadsEveryTwoStepsTrainsTheSameBits() {
        assumeTrue(Parallel.threads() > 1, "needs two processors");
        int saved = Parallel.threads();
        try {
            float[] alone = train(1, false, null);
            ThreadChoice always = new ThreadChoice(0, 0, 0); // probes all the time: 2 steps alone, 2 on all threads, ...
            float[] switching = train(saved, true, always);
            assertTrue(always.probes() >= 5, "probes " + always.probes());
            float[] all = train(saved, false, null);
            assertArrayEquals(alone, switching, "switching threads changed the parameters");
            assertArrayEquals(alone, all, "two threads changed the parameters");
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void aSystemPropertyTurnsTheChoiceOff() {
        assumeTrue(Parallel.threads() > 1, "needs two processors");
        assertTrue(probesOfASmallRun() > 0, "the control: on by default");
        System.setProperty("iwae4j.adaptiveThreads", "false");
        try {
            assertEquals(0, probesOfASmallRun());
        } finally {
            System.clearProperty("iwae4j.adaptiveThreads");
        }
    }

    /** Probes made by a chooser that probes all the time, in one epoch of a small trainer built now. */
    private static int probesOfASmallRun() {
        Rng r = new Rng(4);
        float[] x = new float[200 * 4];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        Trainer t = new Trainer(new Model(new ModelSpec(4, new int[] {2}, new int[][] {{3}}, Likelihood.BERNOULLI), 1), Dataset.of(x, 4),
                TrainingConfig.paper().withSchedule(Schedule.constant(1e-3, 1)));
        ThreadChoice always = new ThreadChoice(0, 0, 0);
        t.threadChoice(always);
        t.train(null);
        return always.probes();
    }

    /** The paper's 1-layer model (big enough that its products split over threads), 1 epoch of 50 steps; all parameters. */
    private static float[] train(int threads, boolean adaptive, ThreadChoice choice) {
        Parallel.setThreads(threads);
        Rng r = new Rng(11);
        float[] x = new float[1000 * 784];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() < 0.8 ? 0f : (float) r.nextDouble();
        Trainer t = new Trainer(new Model(ModelSpec.mnist1(), 3), Dataset.of(x, 784),
                TrainingConfig.paper().withK(5).withSchedule(Schedule.constant(1e-3, 1))).adaptiveThreads(adaptive);
        if (choice != null) t.threadChoice(choice);
        t.train(null);
        int n = 0;
        for (Parameter p : t.model().parameters()) n += p.value().length;
        float[] all = new float[n];
        int o = 0;
        for (Parameter p : t.model().parameters()) {
            System.arraycopy(p.value(), 0, all, o, p.value().length);
            o += p.value().length;
        }
        return all;
    }
}
