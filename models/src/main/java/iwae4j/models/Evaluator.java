package iwae4j.models;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import java.io.PrintStream;

/**
 * Estimates log p(x) by the bound L_k = log (1/k) Σ_i w_i, in chunks: at most {@code maxRows} sample rows
 * are in memory at once, and the chunks of one example are combined by a running log-sum-exp in double.
 * Dataset averages and their standard error are accumulated in double.
 */
public final class Evaluator {
    /** The outcome: the mean of L_k over the examples, its standard error, and each example's value. */
    public static final class Result {
        public final double mean;
        public final double standardError;
        public final double[] perExample;
        public final double seconds;

        Result(double[] perExample, double seconds) {
            this.perExample = perExample;
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
    }

    /**
     * Sample rows per chunk for MNIST-sized models: 1,000 rows keep a chunk's largest activation (the
     * [1000×784] logits, 3 MB) in cache; 50,000-row chunks measured about 12% slower (EvalBench, -Deval.rows).
     */
    public static final int DEFAULT_MAX_ROWS = 1000;

    private final int maxRows;
    private final PrintStream progressOut;

    /** @param maxRows the most sample rows held at once (e.g. {@link #DEFAULT_MAX_ROWS}); @param progress where ETA lines go, or null */
    public Evaluator(int maxRows, PrintStream progress) {
        if (maxRows < 1) throw new IllegalArgumentException("maxRows must be >= 1");
        this.maxRows = maxRows;
        this.progressOut = progress;
    }

    /** L_k for every example of {@code data}, noise from {@code seed}. */
    public Result logLikelihood(Model model, Dataset data, int k, long seed) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        if (data.dim() != model.spec().input) {
            throw new IllegalArgumentException("data has dimension " + data.dim() + ", the model expects " + model.spec().input);
        }
        Rng rng = new Rng(seed);
        Progress progress = new Progress(progressOut, 5);
        int n = data.size(), dim = data.dim();
        int batch = Math.max(1, Math.min(Math.min(n, 100), maxRows / k));
        int chunk = Math.max(1, Math.min(k, maxRows / batch));
        float[] x = new float[batch * dim];
        float[][] noise = new float[model.spec().layers()][];
        for (int l = 0; l < noise.length; l++) noise[l] = new float[model.noiseSize(l, chunk, batch)];
        double[] out = new double[n];
        double[] max = new double[batch], sum = new double[batch];
        Tape tape = new Tape();
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            for (int i = 0; i < b; i++) data.copy(start + i, x, i * dim);
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
            java.util.Arrays.fill(sum, 0);
            for (int done = 0; done < k; done += chunk) {
                int kc = Math.min(chunk, k - done);
                for (float[] eps : noise) rng.fillGaussian(eps, eps.length);
                tape.reset();
                Var logW = model.logWeights(tape, tape.constant(x, b, dim), kc, noise);
                float[] w = logW.value();
                for (int i = 0; i < b; i++) {
                    for (int s = 0; s < kc; s++) {
                        double v = w[s * b + i];
                        if (v == Double.NEGATIVE_INFINITY) continue; // a zero weight adds nothing
                        if (v > max[i]) {
                            sum[i] = sum[i] * Math.exp(max[i] - v) + 1;
                            max[i] = v;
                        } else {
                            sum[i] += Math.exp(v - max[i]);
                        }
                    }
                }
            }
            for (int i = 0; i < b; i++) out[start + i] = max[i] + Math.log(sum[i]) - Math.log(k);
            if (progress.due()) {
                double frac = (start + b) / (double) n;
                progress.print(String.format("evaluating L_%d: %d/%d examples  %.1f examples/s  ETA %s",
                        k, start + b, n, (start + b) / progress.elapsedSeconds(), progress.eta(frac)));
            }
        }
        return new Result(out, progress.elapsedSeconds());
    }
}
