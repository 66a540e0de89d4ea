package iwae4j.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.Fit;
import iwae4j.models.Scorer;
import iwae4j.models.Table;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One shared {@link Scorer} under load: eight threads score the same rows in random batch sizes (1 to 64, random
 * offsets) for a fixed number of calls each; every row's score must equal, bit for bit, what one thread gives it
 * alone (one row in five has a missing cell), and the heap after a full GC must not grow between a first and a second round of the same load.
 */
@Tag("slow")
class ScorerSoakTest {
    static final int THREADS = 8, CALLS_PER_THREAD = 400, ROWS = 300, K = 200;

    @Test
    void eightThreadsInRandomBatchesScoreEveryRowAsOneThreadDoesAndTheHeapStaysFlat() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        float[] v = new float[ROWS * 4];
        for (int i = 0; i < ROWS; i++) {
            double t = r.nextDouble() * 4 - 2;
            v[4 * i] = (float) t;
            v[4 * i + 1] = (float) (t * t + 0.1 * r.nextGaussian());
            v[4 * i + 2] = (float) r.nextGaussian();
            v[4 * i + 3] = (float) (t - v[4 * i + 2]);
        }
        Table table = new Table(v, 4, List.of("a", "b", "c", "d"));
        Scorer scorer = Fit.run(table, iwae4j.models.FitOptions.defaults().withSchedule(iwae4j.models.Schedule.constant(1e-3, 5))).scorer(K, 3);
        float[][] rows = table.rows();
        for (int i = 0; i < ROWS; i += 5) rows[i][i % 4] = Float.NaN; // rows with a missing cell among the others
        double[] alone = new double[ROWS];
        for (int i = 0; i < ROWS; i++) alone[i] = scorer.logLikelihood(rows[i]);

        long[] mismatches = new long[1];
        long scored = round(scorer, rows, alone, 100, mismatches); // warm-up round: buffers and JIT settle
        long before = heapAfterGc();
        scored += round(scorer, rows, alone, 200, mismatches);
        long after = heapAfterGc();
        System.out.printf("scorer soak: %d threads, %d calls, %d rows scored, %d mismatches; heap after GC %.1f MB -> %.1f MB%n", THREADS,
                2 * THREADS * CALLS_PER_THREAD, scored, mismatches[0], before / 1e6, after / 1e6);
        assertEquals(0, mismatches[0], "rows whose score differed from the one-thread score");
        assertTrue(after - before < 8L << 20, "the heap grew by " + (after - before) + " bytes over a round");
    }

    /** One round of the load; returns the rows scored, counting mismatches against {@code alone}. */
    private static long round(Scorer scorer, float[][] rows, double[] alone, long seed, long[] mismatches) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long s = seed + t;
                futures.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(s);
                    start.await();
                    long n = 0, bad = 0;
                    for (int c = 0; c < CALLS_PER_THREAD; c++) {
                        int size = 1 + r.nextInt(64), from = r.nextInt(rows.length - size + 1);
                        double[] got = size == 1 ? new double[] {scorer.logLikelihood(rows[from])}
                                : scorer.logLikelihood(java.util.Arrays.copyOfRange(rows, from, from + size));
                        for (int i = 0; i < size; i++) if (Double.doubleToRawLongBits(got[i]) != Double.doubleToRawLongBits(alone[from + i])) bad++;
                        n += size;
                    }
                    return new long[] {n, bad};
                }));
            }
            start.countDown();
            long n = 0;
            for (Future<long[]> f : futures) {
                long[] x = f.get();
                n += x[0];
                mismatches[0] += x[1];
            }
            return n;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // the smallest of three: a GC may leave a little behind
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, m.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
