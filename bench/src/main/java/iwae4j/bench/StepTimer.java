package iwae4j.bench;

/**
 * A plain timer of the batch-20 training step, the Java side of the PyTorch comparison: warm-up, then five
 * timed chunks, the median printed as {@code cell layers=L k=K threads=T ms_per_step=X}, the same methodology
 * as {@code bench/pytorch/iwae_step.py}. JMH ({@link TrainStepBench}) remains the reference for our own
 * numbers. After the timing, 50 more steps measure the bytes allocated per step by all threads
 * ({@code bytes_per_step}), which tells the slow JIT state apart (hundreds of KB per step instead of under 1 KB;
 * {@code bench/slow-state.sh} counts it over fresh JVMs). Usage: {@code StepTimer LAYERS K THREADS SECONDS}.
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
        long before = allocatedBytes();
        double sink = 0;
        for (int i = 0; i < 50; i++) sink += b.step();
        long perStep = (allocatedBytes() - before) / 50;
        System.out.printf(java.util.Locale.ROOT, "cell layers=%d k=%d threads=%d ms_per_step=%.3f bytes_per_step=%d warmup_s=%.1f%s%n", b.layers,
                b.k, b.threads, t.secondsPerCall * 1e3, perStep, t.warmupSeconds, Double.isFinite(t.sink + sink) ? "" : " (non-finite loss)");
    }

    /** Bytes allocated so far by all live threads (HotSpot's per-thread counters). */
    private static long allocatedBytes() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) if (b > 0) sum += b;
        return sum;
    }
}
