package iwae4j.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.DoubleSupplier;

/**
 * The timing method of the PyTorch comparison, shared by {@link StepTimer} and {@link EvalTimer}: warm up for at
 * least max(2, seconds/2) s and until the JIT has finished no compilation for {@link #JIT_QUIET_SECONDS} (capped at
 * that minimum + 10·seconds), then five timed chunks of seconds/5 each (at least one call per chunk); the result is
 * the median seconds per call. {@code bench/pytorch/iwae_step.py} times its chunks the same way after a fixed
 * warm-up. Why the JIT condition: on two cores the compiler competes with the calls, and PyTorch has nothing to
 * compile (docs/benchmarks.md, "The comparison's warm-up").
 */
public final class ChunkTimer {
    /** How long no compilation may finish before the timed chunks start. */
    static final double JIT_QUIET_SECONDS = 1.0;

    /** The median seconds per call, and the sum of the calls' results (kept so the JIT cannot drop them). */
    public final double secondsPerCall, sink;
    /** How long the warm-up took. */
    public final double warmupSeconds;

    private ChunkTimer(double secondsPerCall, double sink, double warmupSeconds) {
        this.secondsPerCall = secondsPerCall;
        this.sink = sink;
        this.warmupSeconds = warmupSeconds;
    }

    public static ChunkTimer run(DoubleSupplier call, double seconds) {
        double sink = 0;
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watchJit = jit != null && jit.isCompilationTimeMonitoringSupported();
        long begin = System.nanoTime();
        long minEnd = begin + (long) (Math.max(2, seconds / 2) * 1e9);
        long maxEnd = minEnd + (long) (10 * seconds * 1e9);
        long quiet = (long) (JIT_QUIET_SECONDS * 1e9);
        long compiled = watchJit ? jit.getTotalCompilationTime() : 0, lastCompile = begin;
        while (true) {
            sink += call.getAsDouble();
            long now = System.nanoTime();
            if (watchJit) {
                long c = jit.getTotalCompilationTime();
                if (c != compiled) {
                    compiled = c;
                    lastCompile = now;
                }
            }
            if (now >= maxEnd || (now >= minEnd && (!watchJit || now - lastCompile >= quiet))) break;
        }
        double warmup = (System.nanoTime() - begin) / 1e9;
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
        return new ChunkTimer(perCall[2], sink, warmup);
    }
}
