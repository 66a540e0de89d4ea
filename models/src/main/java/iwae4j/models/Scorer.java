package iwae4j.models;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import iwae4j.tensor.Normals;
import iwae4j.tensor.Parallel;
import iwae4j.tensor.ScalarMath;
import java.util.Arrays;
import java.util.List;

/**
 * Scores rows under a trained model: log p(x) by the importance-weighted bound L_k, the anomaly score, each
 * feature's reconstruction log-probability, the encoder's mean, and samples. Rows are given in the data's
 * original units; the scorer applies the model's {@link Standardizer} and adds its log-Jacobian, so log p(x)
 * is a density of the original x. A row with missing cells (NaN) gets log p(x_observed), the density of the
 * cells it has (see {@link Model}); compare such scores only between rows missing the same columns. With
 * {@link PointMasses} the rows as given are expanded first, and log p(x) is the mixed density they define.
 *
 * <p>Deterministic per row: a row's noise is keyed by the scorer's seed and the row's own bits, in chunks of a
 * fixed number of samples, so a row gets the same score alone or inside any batch, on any thread. A scorer is
 * immutable and safe to share between threads (each thread keeps its own buffers).
 */
public final class Scorer {
    /** Samples per noise chunk, fixed so that a row's noise does not depend on the batch it comes in. */
    static final int SAMPLE_CHUNK = 250;
    /** Sample rows (samples × examples) evaluated at once. */
    private static final int MAX_ROWS = 1000;

    private static final System.Logger LOG = System.getLogger("iwae4j.score");
    private final TrainedModel trained;
    private final Model model;
    private final Standardizer standardizer;
    private final PointMasses masses;
    private final List<String> featureNames;
    private final int k;
    private final long seed;
    private final ThreadLocal<Work> work;

    /** Threads this scorer's kernels may use (0: {@link Parallel#threads()}). */
    private final int threads;

    /** A scorer of the trained model's rows; made by {@link TrainedModel#scorer}. */
    Scorer(TrainedModel trained, int k, long seed) {
        this(trained, k, seed, 0);
    }

    private Scorer(TrainedModel trained, int k, long seed, int threads) {
        this.trained = trained;
        this.k = k;
        this.seed = seed;
        this.threads = threads;
        model = trained.model();
        standardizer = trained.standardizerOrIdentity();
        masses = trained.pointMasses();
        featureNames = trained.featureNames();
        work = ThreadLocal.withInitial(Work::new);
    }

    /** The trained model this scorer reads. */
    public TrainedModel trainedModel() {
        return trained;
    }

    public int k() {
        return k;
    }

    /**
     * This scorer with its work on at most {@code n} threads (1: the calling thread alone, as one task per core
     * wants), whatever the process-wide {@link Parallel#setThreads} says; the scores are the same bits.
     */
    public Scorer withThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        return new Scorer(trained, k, seed, n);
    }

    /** {@code work} on this scorer's threads. */
    private <T> T limited(Parallel.Work<T, RuntimeException> work) {
        return threads == 0 ? work.run() : Parallel.withThreads(threads, work);
    }

    /** Per-row results of {@link #score}. */
    public record Scores(double[] logLikelihood, double[] effectiveSampleSize) {
        /** The anomaly scores −log p(x): higher means more anomalous. */
        public double[] anomalyScore() {
            double[] a = new double[logLikelihood.length];
            for (int i = 0; i < a.length; i++) a[i] = -logLikelihood[i];
            return a;
        }
    }

    /** log p(x) (L_k) of one row in the original units. */
    public double logLikelihood(float[] row) {
        Rows.need(row, "row");
        return score(new float[][] {row}).logLikelihood[0];
    }

    /** log p(x) (L_k) of each row in the original units. */
    public double[] logLikelihood(float[][] rows) {
        return score(rows).logLikelihood;
    }

    /** The anomaly score −L_k of each row (higher: less likely under the model, more anomalous). */
    public double[] anomalyScore(float[][] rows) {
        return score(rows).anomalyScore();
    }

    /**
     * L_k and the effective sample size (Σw)²/Σw² of the normalized importance weights of each row (between 1 and
     * k; small values mean the bound rests on few samples).
     */
    public Scores score(float[][] rows) {
        Rows.need(rows, "rows");
        double[] ll = new double[rows.length], ess = new double[rows.length];
        int per = work.get().batch, parts = (rows.length + per - 1) / per;
        // several batches: one per thread at a time (a small model's kernels are too small to share well);
        // one batch: its kernels use the threads. Each row's score is the same either way.
        return limited(() -> {
            Parallel.run(parts, p -> work.get().score(rows, p * per, Math.min(rows.length, (p + 1) * per), ll, ess));
            return new Scores(ll, ess);
        });
    }

    /**
     * The rows of a table by the model's feature names: its other columns are ignored, a feature column it lacks is an
     * {@link IllegalArgumentException} naming it. The scores are those of the same values given by position.
     */
    public Scores score(Table table) {
        Rows.need(table, "table");
        return score((Dataset) table.select(featureNames));
    }

    /** The anomaly score −L_k of each row of a table, read by the model's feature names (see {@link #score(Table)}). */
    public double[] anomalyScore(Table table) {
        return score(table).anomalyScore();
    }

    /** {@link #threshold(Dataset, double)} over a table's rows, read by the model's feature names. */
    public double threshold(Table table, double quantile) {
        Rows.need(table, "table");
        return threshold((Dataset) table.select(featureNames), quantile);
    }

    /**
     * Every row of a dataset by position, in batches (see {@link #score(float[][])}), with a progress line (rows done,
     * rate, ETA) at most every two seconds to the {@code System.Logger} "iwae4j.score".
     */
    public Scores score(Dataset data) {
        Rows.need(data, "data");
        Progress p = new Progress(LOG, 2);
        int n = data.size(), d = data.dim();
        double[] ll = new double[n], ess = new double[n];
        int batch = 1024;
        float[][] rows = new float[0][];
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            if (rows.length != b) rows = new float[b][d];
            for (int i = 0; i < b; i++) {
                data.copy(start + i, rows[i], 0);
                Rows.check(rows[i], start + i, featureNames, true);   // names the row by its place in the dataset
            }
            Scores s = score(rows);
            System.arraycopy(s.logLikelihood, 0, ll, start, b);
            System.arraycopy(s.effectiveSampleSize, 0, ess, start, b);
            if (p.due()) {
                double done = (double) (start + b) / n;
                p.print(String.format(java.util.Locale.ROOT, "scored %d of %d rows  %s rows/s  ETA %s", start + b, n,
                        Progress.rate((start + b) / p.elapsedSeconds()), p.eta(done)));
            }
        }
        return new Scores(ll, ess);
    }

    /**
     * The anomaly-score threshold that {@code quantile} of the given (training) rows stay below, e.g. 0.99 flags
     * about 1 % of rows like them. Linear interpolation between order statistics.
     */
    public double threshold(Dataset rows, double quantile) {
        Rows.need(rows, "rows");
        if (!(quantile >= 0 && quantile <= 1)) throw new IllegalArgumentException("quantile must be in [0, 1], got " + quantile);
        double[] s = score(rows).anomalyScore();
        if (s.length == 0) throw new IllegalArgumentException("no rows to take a quantile of");
        Arrays.sort(s);
        double pos = quantile * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    /**
     * Each feature's reconstruction log-probability log p(x_j | h1) at h1 = the encoder's mean (for two layers, the
     * first layer's mean), in the original units: for a binary (Bernoulli) column x·l − softplus(l); for a Gaussian
     * one log N(x_j; μ_j, σ_j) minus log scale_j; NaN for a missing cell. Low values point at the features the model
     * finds unusual.
     */
    public double[] reconstructionLogProbability(float[] row) {
        int d = model.spec().input;
        float[] z = standardized(row);
        Tape t = new Tape().gradients(false);
        Var mean = model.encodeLayer(t, 0, t.constant(z, 1, d))[0];
        Var[] out = model.decodeObservation(t, mean);
        double[] lp = new double[d];
        float[] a = out[0].value();
        for (int j = 0; j < d; j++) {
            if (Float.isNaN(z[j])) {
                lp[j] = Double.NaN;
            } else if (model.spec().isBinary(j)) {
                double l = a[j];
                lp[j] = z[j] * l - (Math.max(l, 0) + ScalarMath.log1p(Math.exp(-Math.abs(l))));
            } else {
                double ls = out[1].value()[j], u = (z[j] - a[j]) * Math.exp(-ls);
                lp[j] = -0.5 * u * u - ls - 0.5 * Math.log(2 * Math.PI) - Math.log(standardizer.scale()[j]);
            }
        }
        if (masses.count() == 0) return lp;
        // a column with a point mass: log P(at the mass) there, log P(off it) + the Gaussian's log-density elsewhere
        double[] byColumn = Arrays.copyOf(lp, masses.inputs());
        for (int i = 0; i < masses.count(); i++) {
            int j = masses.column(i);
            if (Float.isNaN(row[j])) continue;
            double at = lp[masses.indicator(i)];
            byColumn[j] = row[j] == masses.value(i) ? at : lp[j] + at;
        }
        return byColumn;
    }

    /** The mean of q(h1 | x) for a row (the first stochastic layer's code). */
    public float[] encode(float[] row) {
        Tape t = new Tape().gradients(false);
        return model.encodeLayer(t, 0, t.constant(standardized(row), 1, model.spec().input))[0].value().clone();
    }

    /**
     * {@code n} rows generated by the model, in the original units: h_L ~ N(0, I), each lower layer through its
     * conditional mean, then the mean of p(x | h1) (pixel probabilities for Bernoulli data; for a column with a point
     * mass v, P(v)·v + (1 − P(v))·the Gaussian's mean).
     */
    public float[][] sample(int n, long sampleSeed) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        ModelSpec spec = model.spec();
        int top = spec.layers() - 1, d = spec.input;
        float[] h = new float[n * spec.latent(top)];
        Normals.fill(h, 0, h.length, sampleSeed);
        Tape t = new Tape().gradients(false);
        Var v = t.constant(h, n, spec.latent(top));
        for (int l = top; l >= 1; l--) v = model.decodeLayer(t, l, v)[0];
        float[] m = model.decodeObservation(t, v)[0].value();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                float x = m[i * d + j];
                out[i][j] = spec.isBinary(j) ? (float) (1 / (1 + Math.exp(-x))) : x;
            }
            if (spec.likelihood == Likelihood.GAUSSIAN) standardizer.invert(out[i], 0);
            out[i] = masses.collapseMeans(out[i]);
        }
        return out;
    }

    private float[] standardized(float[] row) {
        Rows.check(row, 0, featureNames, false);
        float[] z = masses.expand(row);
        Rows.standardize(standardizer, z, 0);
        return z;
    }

    /** Whether a row has a missing cell (NaN; an infinity never gets this far). */
    private static boolean hasMissing(float[] x, int off, int d) {
        for (int j = off; j < off + d; j++) if (Float.isNaN(x[j])) return true;
        return false;
    }

    /** One thread's engine, each row's noise keyed by the row's own bits, so a row scores alike in any batch. */
    private final class Work implements ChunkedBound.Noise {
        final int chunk = Math.min(k, SAMPLE_CHUNK);
        final int batch = Math.max(1, MAX_ROWS / chunk);
        final int d = model.spec().input;
        final ChunkedBound bound = new ChunkedBound(model, batch, chunk);
        final float[] draws;
        final long[] keys = new long[batch];
        final double[] rowJacobian = new double[batch], batchLl = new double[batch], batchEss = new double[batch];

        Work() {
            int widest = 0;
            for (int l = 0; l < model.spec().layers(); l++) widest = Math.max(widest, model.spec().latent(l));
            draws = new float[chunk * widest];
        }

        /** Scores rows [from, to) into ll and ess at the same positions. */
        void score(float[][] rows, int from, int to, double[] ll, double[] ess) {
            double jacobian = standardizer.logJacobian();
            float[] x = bound.input();
            // rows with missing cells go in batches of their own: a batch holding one takes the observed-cells ops,
            // which round a complete row's bound differently from the plain ops, and a row's score must not depend
            // on the rows beside it (models built for missing cells take those ops for every row anyway)
            int n = to - from;
            int[] order = new int[n];
            int complete = 0;
            for (int i = from; i < to; i++) {
                float[] row = rows[i];
                Rows.check(row, i, featureNames, true);
                if (!hasMissing(row, 0, row.length)) order[complete++] = i;
            }
            for (int i = from, m = complete; i < to; i++) if (hasMissing(rows[i], 0, rows[i].length)) order[m++] = i;
            for (int start = 0, end; start < n; start = end) {
                end = Math.min(start + batch, start < complete ? complete : n); // never across the boundary
                int b = end - start;
                for (int i = 0; i < b; i++) {
                    masses.expand(rows[order[start + i]], x, i * d);
                    Rows.standardize(standardizer, x, i * d);
                    keys[i] = Rows.key(seed, 0x632BE59BD9B4E019L, x, i * d, d);
                    rowJacobian[i] = hasMissing(x, i * d, d) ? standardizer.logJacobian(x, i * d) : jacobian; // observed cells only
                }
                bound.run(model, b, k, this, batchLl, batchEss, 0);
                for (int i = 0; i < b; i++) {
                    ll[order[start + i]] = batchLl[i] + rowJacobian[i];
                    ess[order[start + i]] = batchEss[i];
                }
            }
        }

        @Override
        public void fill(float[][] noise, int rows, int chunkIndex, int samplesBefore, int samplesInChunk) {
            for (int l = 0; l < noise.length; l++) {
                int dl = model.spec().latent(l);
                for (int i = 0; i < rows; i++) {
                    // this row's draws for (layer, chunk), whatever the batch: [kc × dl], sample-major into the batch
                    Normals.fill(draws, 0, samplesInChunk * dl, keys[i] ^ (0x9E3779B97F4A7C15L * (1 + chunkIndex * 8L + l)));
                    for (int s = 0; s < samplesInChunk; s++) System.arraycopy(draws, s * dl, noise[l], (s * rows + i) * dl, dl);
                }
            }
        }
    }
}
