package iwae4j.bench;

/**
 * A plain timer of the L_5000 evaluation, the Java side of the PyTorch comparison's evaluation row: warm-up,
 * then five timed chunks (each at least one call of ten test points), the median printed as
 * {@code eval layers=L threads=T points_per_s=X}, the methodology of {@code bench/pytorch/iwae_step.py --eval}.
 * {@link EvalBench} remains the reference for our own numbers. Usage: {@code EvalTimer LAYERS THREADS SECONDS}.
 */
public final class EvalTimer {
    private EvalTimer() {
    }

    public static void main(String[] args) {
        EvalBench b = new EvalBench();
        b.layers = Integer.parseInt(args[0]);
        b.threads = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        b.setUp();
        ChunkTimer t = ChunkTimer.run(b::l5000, seconds);
        System.out.printf(java.util.Locale.ROOT, "eval layers=%d threads=%d points_per_s=%.2f warmup_s=%.1f%s%n", b.layers, b.threads,
                EvalBench.POINTS / t.secondsPerCall, t.warmupSeconds, Double.isFinite(t.sink) ? "" : " (non-finite bound)");
    }
}
