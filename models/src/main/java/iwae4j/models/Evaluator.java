package iwae4j.models;

import iwae4j.tensor.Parallel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Estimates log p(x) by the bound L_k = log (1/k) Σ_i w_i, in chunks: at most {@code maxRows} sample rows
 * are in memory at once, and the chunks of one example are combined by a running log-sum-exp in double.
 * Dataset averages and their standard error are accumulated in double.
 */
public final class Evaluator {
    /**
     * The outcome: the mean of L_k over the examples, its standard error, each example's value, and each example's
     * effective sample size (Σw)²/Σw² of its k importance weights (1 to k; low values mean L_k rests on few samples).
     */
    public static final class Result {
        public final double mean;
        public final double standardError;
        public final double[] perExample;
        public final double[] effectiveSampleSize;
        public final double seconds;

        Result(double[] perExample, double[] effectiveSampleSize, double seconds) {
            this.perExample = perExample;
            this.effectiveSampleSize = effectiveSampleSize;
            this.seconds = seconds;
            double s = 0;
            for (double v : perExample) s += v;
            mean = s / perExample.length;
            double ss = 0;
            for (double v : perExample) ss += (v - mean) * (v - mean);
            standardError = perExample.length > 1 ? Math.sqrt(ss / (perExample.length - 1) / perExample.length) : Double.NaN;
        }

        @Override
        public String toString() {
            return String.format("%.4f ± %.4f", mean, standardError);
        }

        /** The mean effective sample size over the examples. */
        public double meanEffectiveSampleSize() {
            double s = 0;
            for (double v : effectiveSampleSize) s += v;
            return s / effectiveSampleSize.length;
        }

        /** The q-quantile (0..1) of the examples' effective sample sizes (nearest rank). */
        public double effectiveSampleSizeQuantile(double q) {
            double[] e = effectiveSampleSize.clone();
            java.util.Arrays.sort(e);
            return e[(int) Math.min(e.length - 1, Math.max(0, Math.floor(q * e.length)))];
        }
    }

    /**
     * Sample rows per chunk for MNIST-sized models: 500 rows keep a chunk's largest activation (the [500×784]
     * logits, 1.5 MB) close to the cores (the measurements are in docs/benchmarks.md).
     */
    public static final int DEFAULT_MAX_ROWS = 500;

    private final int maxRows;
    /** Per thread, the engine of the last call, kept for the next call with the same model and sizes (a fit validates every epoch). */
    private final ThreadLocal<Work[]> lastWork = ThreadLocal.withInitial(() -> new Work[1]);
    /** Where progress lines go (INFO level). */
    private static final System.Logger LOG = System.getLogger("iwae4j.eval");

    /**
     * An evaluator holding at most {@code maxRows} sample rows at once (e.g. {@link #DEFAULT_MAX_ROWS}); progress lines
     * with an ETA go to the {@code System.Logger} "iwae4j.eval".
     */
    public Evaluator(int maxRows) {
        if (maxRows < 1) throw new IllegalArgumentException("maxRows must be >= 1");
        this.maxRows = maxRows;
    }

    /**
     * L_k for every example of {@code data}, noise from {@code seed}. Batches of examples are split over the
     * {@link Parallel} threads, one batch per thread at a time (each thread runs its kernels by itself: no
     * hand-off per op). A batch's noise is keyed by (seed, first example, chunk), so every example's value
     * is the same whatever the thread count.
     */
    public Result logLikelihood(Model model, Dataset data, int k, long seed) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        if (data.dim() != model.spec().input) {
            throw new IllegalArgumentException("data has dimension " + data.dim() + ", the model expects " + model.spec().input);
        }
        Progress progress = new Progress(LOG, 5);
        int n = data.size();
        int batch = Math.max(1, Math.min(Math.min(n, 100), maxRows / k));
        int chunk = Math.max(1, Math.min(k, maxRows / batch));
        double[] out = new double[n], ess = new double[n];
        AtomicInteger done = new AtomicInteger();
        Thread caller = Thread.currentThread();
        ThreadLocal<Work> work = ThreadLocal.withInitial(() -> {
            Work[] last = lastWork.get();
            if (last[0] == null || !last[0].fits(model, batch, chunk)) last[0] = new Work(model, batch, chunk);
            return last[0];
        });
        Parallel.run((n + batch - 1) / batch, part -> {
            int start = part * batch, b = Math.min(batch, n - start);
            work.get().batch(model, data, start, b, k, seed, out, ess);
            int finished = done.addAndGet(b);
            if (Thread.currentThread() == caller && progress.due()) {
                progress.print(String.format("evaluating L_%d: %d/%d examples  %.1f examples/s  ETA %s",
                        k, finished, n, finished / progress.elapsedSeconds(), progress.eta(finished / (double) n)));
            }
        });
        return new Result(out, ess, progress.elapsedSeconds());
    }

    /** One thread's engine, its noise keyed by (seed, first example of the batch, samples before the chunk). */
    private static final class Work implements ChunkedBound.Noise {
        final ChunkedBound bound;
        long batchKey;

        Work(Model model, int batch, int chunk) {
            bound = new ChunkedBound(model, batch, chunk);
        }

        /** Whether this engine serves that model (or another of its sizes) and those batch and chunk sizes. */
        boolean fits(Model m, int b, int c) {
            return bound.fits(m, b, c);
        }

        /** L_k of examples [start, start + b) into out, in chunks of at most the engine's chunk samples each. */
        void batch(Model model, Dataset data, int start, int b, int k, long seed, double[] out, double[] ess) {
            float[] x = bound.input();
            for (int i = 0; i < b; i++) data.copy(start + i, x, i * bound.dim);
            batchKey = new Rng(seed ^ (start * 0x9E3779B97F4A7C15L)).nextLong();
            bound.run(model, b, k, this, out, ess, start);
        }

        @Override
        public void fill(float[][] noise, int rows, int chunkIndex, int samplesBefore, int samplesInChunk) {
            Rng rng = new Rng(batchKey + samplesBefore);
            for (float[] eps : noise) rng.fillGaussian(eps, eps.length);
        }
    }
}
