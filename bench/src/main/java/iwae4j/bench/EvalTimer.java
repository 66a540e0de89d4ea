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
        double sink = b.l5000();
        long end = System.nanoTime() + (long) (Math.max(2, seconds / 2) * 1e9);
        while (System.nanoTime() < end) sink += b.l5000();
        double[] rates = new double[5];
        for (int c = 0; c < 5; c++) {
            long start = System.nanoTime();
            int n = 0;
            while (n == 0 || System.nanoTime() - start < seconds / 5 * 1e9) {
                sink += b.l5000();
                n++;
            }
            rates[c] = n * (double) EvalBench.POINTS / ((System.nanoTime() - start) / 1e9);
        }
        java.util.Arrays.sort(rates);
        System.out.printf(java.util.Locale.ROOT, "eval layers=%d threads=%d points_per_s=%.2f%s%n", b.layers, b.threads, rates[2],
                Double.isFinite(sink) ? "" : " (non-finite bound)");
    }
}
