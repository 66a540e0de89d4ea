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
        ChunkTimer t = ChunkTimer.run(b::step, seconds);
        System.out.printf(java.util.Locale.ROOT, "cell layers=%d k=%d threads=%d ms_per_step=%.3f%s%n", b.layers, b.k, b.threads,
                t.secondsPerCall * 1e3, Double.isFinite(t.sink) ? "" : " (non-finite loss)");
    }
}
