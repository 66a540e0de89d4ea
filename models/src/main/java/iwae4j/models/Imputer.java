package iwae4j.models;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import iwae4j.tensor.Parallel;

/**
 * Fills the missing cells (NaN) of rows from a trained model, as MIWAE does (Mattei and Frellsen, 2019): k samples
 * h ~ q(h|x_observed) with self-normalized importance weights w̃ ∝ p(x_observed, h) / q(h|x_observed).
 *
 * <ul>
 *   <li>{@link #impute} writes the conditional mean E[x_j | x_observed] ≈ Σ w̃_s E[x_j | h_s] into each missing
 *       Gaussian cell, and for a binary column the more likely value (its conditional mean is the probability of a
 *       1, which {@link #probabilities} gives);</li>
 *   <li>{@link #draws} gives m multiple imputations by sampling importance resampling: a sample s drawn with
 *       probability w̃_s, then x_j ~ p(x_j | h_s).</li>
 * </ul>
 *
 * Rows are in the data's original units (the model's {@link Standardizer} is applied and undone). Deterministic per
 * row, as the {@link Scorer} is: each row's noise is keyed by the seed and the row's bits, so a row is filled alike
 * alone or in any batch, on any thread. Observed cells are returned unchanged. A column with a {@link PointMasses point
 * mass} v is filled with its mixture's conditional mean Σ w̃_s (P_s·v + (1 − P_s)·E[x_j | h_s]) and drawn as v with
 * probability P_s, else from its Gaussian.
 */
public final class Imputer {
    /** Samples decoded at once per row (bounds the memory of a large k). */
    private static final int CHUNK = 500;

    private final Model model;
    private final Standardizer standardizer;
    private final PointMasses masses;
    private final java.util.List<String> featureNames;
    private final int k;
    private final long seed;

    /** An imputer of the trained model's rows; made by {@link TrainedModel#imputer}. */
    Imputer(TrainedModel trained, int k, long seed) {
        model = trained.model();
        masses = trained.pointMasses();
        standardizer = trained.standardizerOrIdentity();
        featureNames = trained.featureNames();
        this.k = k;   // checked by TrainedModel
        this.seed = seed;
    }

    /**
     * A table with each missing cell of the model's feature columns filled (as {@link #impute(float[][])}), read by
     * name: the table's other columns come back unchanged, in their places; a feature column it lacks is an
     * {@link IllegalArgumentException} naming it.
     */
    public Table impute(Table table) {
        Rows.need(table, "table");
        float[][] filled = impute(table.select(featureNames).rows());
        java.util.List<String> names = table.names();
        int[] at = new int[featureNames.size()];
        for (int c = 0; c < at.length; c++) at[c] = names.indexOf(featureNames.get(c));
        float[] out = table.values().clone();
        int cols = table.cols();
        for (int i = 0; i < filled.length; i++) for (int c = 0; c < at.length; c++) out[i * cols + at[c]] = filled[i][c];
        return new Table(out, cols, names);
    }

    /** The rows with each missing cell filled by its conditional mean (binary columns: the more likely value). */
    public float[][] impute(float[][] rows) {
        checkAll(rows);
        float[][] out = new float[rows.length][];
        Parallel.run(rows.length, i -> out[i] = fill(rows[i], true));
        return out;
    }

    /** The rows with each missing cell set to its conditional mean; for a binary column, the probability of a 1. */
    public float[][] probabilities(float[][] rows) {
        checkAll(rows);
        float[][] out = new float[rows.length][];
        Parallel.run(rows.length, i -> out[i] = fill(rows[i], false));
        return out;
    }

    /** {@code m} imputations of every row, [m][rows][columns], by sampling importance resampling. */
    public float[][][] draws(float[][] rows, int m) {
        if (m < 1) throw new IllegalArgumentException("the number of imputations must be >= 1, got " + m);
        checkAll(rows);
        float[][][] out = new float[m][rows.length][];
        Parallel.run(rows.length, i -> {
            Draws d = sample(rows[i], m);
            for (int r = 0; r < m; r++) out[r][i] = d.rows[r];
        });
        return out;
    }

    /** One row's k samples: their log-weights and, for the missing columns only, p(x_j|h_s)'s parameters. */
    private final class RowSamples {
        final float[] z;
        final int[] missing;
        final double[] logW;
        final float[] a, logSigma; // [k × missing]: mean or logit, and log σ (Gaussian columns)
        final long key;

        RowSamples(float[] row) {
            int d = model.spec().input;
            z = masses.expand(row);
            Rows.standardize(standardizer, z, 0);
            int nm = 0;
            for (float v : z) if (Float.isNaN(v)) nm++;
            missing = new int[nm];
            for (int j = 0, m = 0; j < d; j++) if (Float.isNaN(z[j])) missing[m++] = j;
            key = Rows.key(seed, 0x2545F4914F6CDD1DL, z, 0, d);
            logW = new double[nm == 0 ? 0 : k];
            a = new float[nm == 0 ? 0 : k * nm];
            logSigma = new float[nm == 0 ? 0 : k * nm];
            if (nm > 0) run();
        }

        private void run() {
            ModelSpec spec = model.spec();
            int d = spec.input, nm = missing.length;
            Tape t = new Tape().gradients(false);
            float[][] noise = new float[spec.layers()][];
            for (int done = 0, c = 0; done < k; done += CHUNK, c++) {
                int kc = Math.min(CHUNK, k - done);
                for (int l = 0; l < noise.length; l++) {
                    noise[l] = new float[kc * spec.latent(l)];
                    new Rng(key ^ (0x9E3779B97F4A7C15L * (1 + c * 8L + l))).fillGaussian(noise[l], noise[l].length);
                }
                t.reset();
                Model.Samples s = model.importanceSamples(t, t.constant(z, 1, d), kc, noise);
                float[] w = s.logWeights().value(), av = s.observation().value();
                float[] sv = s.logSigma() == null ? null : s.logSigma().value();
                for (int i = 0; i < kc; i++) {
                    logW[done + i] = w[i];
                    for (int m = 0; m < nm; m++) {
                        a[(done + i) * nm + m] = av[i * d + missing[m]];
                        if (sv != null) logSigma[(done + i) * nm + m] = sv[i * d + missing[m]];
                    }
                }
            }
        }

        /** The self-normalized weights w̃ (max-subtracted, in double). */
        double[] weights() {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (double v : logW) max = Math.max(max, v);
            double[] w = new double[logW.length];
            for (int i = 0; i < w.length; i++) sum += w[i] = Math.exp(logW[i] - max);
            for (int i = 0; i < w.length; i++) w[i] /= sum;
            return w;
        }
    }

    private float[] fill(float[] row, boolean roundBinary) {
        if (complete(row)) return row.clone();   // nothing to fill (a value at its point mass is observed, not missing)
        RowSamples s = new RowSamples(row);
        float[] out = s.z.clone();
        double[] w = null;
        int nm = s.missing.length;
        if (nm > 0) {
            w = s.weights();
            for (int m = 0; m < nm; m++) {
                int j = s.missing[m];
                boolean binary = model.spec().isBinary(j);
                double mean = 0;
                for (int i = 0; i < k; i++) {
                    double v = s.a[i * nm + m];
                    mean += w[i] * (binary ? sigmoid(v) : v);
                }
                out[j] = binary && roundBinary ? (mean >= 0.5 ? 1f : 0f) : (float) mean;
            }
        }
        standardizer.invert(out, 0);
        float[] back = java.util.Arrays.copyOf(out, masses.inputs());
        for (int i = 0; i < masses.count(); i++) {
            int j = masses.column(i);
            if (!Float.isNaN(row[j])) continue;   // observed, restored below
            // missing: both the column and its indicator are, and each sample's mixture mean is averaged
            int mj = java.util.Arrays.binarySearch(s.missing, j), mc = java.util.Arrays.binarySearch(s.missing, masses.indicator(i));
            double v = masses.value(i), scale = standardizer.scale()[j], shift = standardizer.mean()[j], mean = 0;
            for (int q = 0; q < k; q++) {
                double p = sigmoid(s.a[q * nm + mc]);
                mean += w[q] * (p * v + (1 - p) * (s.a[q * nm + mj] * scale + shift));
            }
            back[j] = (float) mean;
        }
        restoreObserved(row, back);
        return back;
    }

    private record Draws(float[][] rows) {
    }

    private Draws sample(float[] row, int m) {
        if (complete(row)) {
            float[][] same = new float[m][];
            for (int r = 0; r < m; r++) same[r] = row.clone();
            return new Draws(same);
        }
        RowSamples s = new RowSamples(row);
        float[][] out = new float[m][];
        int nm = s.missing.length;
        double[] cumulative = null;
        if (nm > 0) {
            double[] w = s.weights();
            cumulative = new double[k];
            double c = 0;
            for (int i = 0; i < k; i++) cumulative[i] = c += w[i];
        }
        Rng rng = new Rng(s.key ^ 0x5851F42D4C957F2DL);
        for (int r = 0; r < m; r++) {
            float[] x = s.z.clone();
            if (nm > 0) {
                double u = rng.nextDouble() * cumulative[k - 1];
                int pick = java.util.Arrays.binarySearch(cumulative, u);
                pick = Math.min(k - 1, pick >= 0 ? pick : -pick - 1);
                for (int mm = 0; mm < nm; mm++) {
                    int j = s.missing[mm];
                    double a = s.a[pick * nm + mm];
                    if (model.spec().isBinary(j)) {
                        x[j] = rng.nextDouble() < sigmoid(a) ? 1f : 0f;
                    } else {
                        x[j] = (float) (a + Math.exp(s.logSigma[pick * nm + mm]) * rng.nextGaussian());
                    }
                }
            }
            standardizer.invert(x, 0);
            float[] back = java.util.Arrays.copyOf(x, masses.inputs());
            for (int i = 0; i < masses.count(); i++) {
                int j = masses.column(i);
                if (Float.isNaN(row[j])) back[j] = x[masses.indicator(i)] == 1f ? masses.value(i) : x[j];
            }
            restoreObserved(row, back);
            out[r] = back;
        }
        return new Draws(out);
    }

    /** Every row checked by the library's input rule before any work (an all-missing row is filled from the prior). */
    private void checkAll(float[][] rows) {
        Rows.need(rows, "rows");
        for (int i = 0; i < rows.length; i++) Rows.check(rows[i], i, featureNames, false);
    }

    /** A row with no missing cell (NaN). */
    private static boolean complete(float[] row) {
        for (float v : row) if (Float.isNaN(v)) return false;
        return true;
    }

    /** Observed cells exactly as given (standardizing and back could move their last bit). */
    private static void restoreObserved(float[] row, float[] out) {
        for (int j = 0; j < row.length; j++) if (!Float.isNaN(row[j])) out[j] = row[j];
    }

    private static double sigmoid(double v) {
        return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
    }
}
