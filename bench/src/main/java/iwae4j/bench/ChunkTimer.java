package iwae4j.bench;

import java.util.function.DoubleSupplier;

/**
 * The timing method of the PyTorch comparison, shared by {@link StepTimer} and {@link EvalTimer} and mirrored
 * by {@code bench/pytorch/iwae_step.py}: warm up for max(2, seconds/2) s, then five timed chunks of
 * seconds/5 each (at least one call per chunk); the result is the median seconds per call.
 */
public final class ChunkTimer {
    /** The median seconds per call, and the sum of the calls' results (kept so the JIT cannot drop them). */
    public final double secondsPerCall, sink;

    private ChunkTimer(double secondsPerCall, double sink) {
        this.secondsPerCall = secondsPerCall;
        this.sink = sink;
    }

    public static ChunkTimer run(DoubleSupplier call, double seconds) {
        double sink = 0;
        long end = System.nanoTime() + (long) (Math.max(2, seconds / 2) * 1e9);
        while (System.nanoTime() < end) sink += call.getAsDouble();
        double[] perCall = new double[5];
        for (int c = 0; c < perCall.length; c++) {
            long start = System.nanoTime();
            int n = 0;
            while (n == 0 || System.nanoTime() - start < seconds / 5 * 1e9) {
                sink += call.getAsDouble();
                n++;
            }
            perCall[c] = (System.nanoTime() - start) / 1e9 / n;
        }
        java.util.Arrays.sort(perCall);
        return new ChunkTimer(perCall[2], sink);
    }
}
