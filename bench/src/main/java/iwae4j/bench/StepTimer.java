package iwae4j.bench;

/**
 * A plain timer of the batch-20 training step, the Java side of the PyTorch comparison: warm-up, then five
 * timed chunks, the median printed as {@code cell layers=L k=K threads=T ms_per_step=X}, the same methodology
 * as {@code bench/pytorch/iwae_step.py}. JMH ({@link TrainStepBench}) remains the reference for our own
 * numbers. Usage: {@code StepTimer LAYERS K THREADS SECONDS}.
 */
public final class StepTimer {
    private StepTimer() {
    }

    public static void main(String[] args) {
        TrainStepBench b = new TrainStepBench();
        b.layers = Integer.parseInt(args[0]);
        b.k = Integer.parseInt(args[1]);
        b.threads = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        b.setUp();
        long end = System.nanoTime() + (long) (Math.max(2, seconds / 2) * 1e9);
        float sink = 0;
        while (System.nanoTime() < end) sink += b.step();
        double[] times = new double[5];
        for (int c = 0; c < 5; c++) {
            long start = System.nanoTime();
            int n = 0;
            while (System.nanoTime() - start < seconds / 5 * 1e9) {
                sink += b.step();
                n++;
            }
            times[c] = (System.nanoTime() - start) / 1e6 / n;
        }
        java.util.Arrays.sort(times);
        System.out.printf(java.util.Locale.ROOT, "cell layers=%d k=%d threads=%d ms_per_step=%.3f%s%n", b.layers, b.k, b.threads, times[2],
                Float.isFinite(sink) ? "" : " (non-finite loss)");
    }
}
