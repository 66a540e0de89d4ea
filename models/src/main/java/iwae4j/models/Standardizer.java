package iwae4j.models;

/**
 * Per-column standardization z = (x − mean) / scale, fitted on training rows (means and standard deviations
 * summed in double over the observed cells; a constant column gets scale 1; a missing cell stays NaN). Stored with a model so that scoring applies exactly the
 * training transform. {@link #logJacobian} converts a density of z into one of x.
 */
public record Standardizer(float[] mean, float[] scale) {
    public Standardizer {
        if (mean.length != scale.length) throw new IllegalArgumentException(mean.length + " means but " + scale.length + " scales");
        for (int j = 0; j < scale.length; j++) {
            if (!(scale[j] > 0) || !Float.isFinite(scale[j]) || !Float.isFinite(mean[j])) {
                throw new IllegalArgumentException("column " + j + ": mean " + mean[j] + " and scale " + scale[j] + " must be finite, scale > 0");
            }
        }
        mean = mean.clone();
        scale = scale.clone();
    }

    /** Fits means and standard deviations (population) of each column of {@code rows}. */
    public static Standardizer fit(Dataset rows) {
        return fit(rows, null);
    }

    /**
     * Fits means and standard deviations (population) of each column over its observed (finite) values, missing
     * cells (NaN) left out; a column with {@code asIs[j]} (a binary column, kept 0/1 for its Bernoulli likelihood),
     * a constant column or one with no observed value gets mean 0 or its mean and scale 1. {@code asIs} null: none.
     */
    public static Standardizer fit(Dataset rows, boolean[] asIs) {
        int n = rows.size(), d = rows.dim();
        if (n == 0) throw new IllegalArgumentException("cannot fit a standardizer on no rows");
        if (asIs != null && asIs.length != d) throw new IllegalArgumentException(asIs.length + " flags for " + d + " columns");
        double[] sum = new double[d], sq = new double[d];
        long[] seen = new long[d];
        float[] row = new float[d];
        for (int i = 0; i < n; i++) {
            rows.copy(i, row, 0);
            for (int j = 0; j < d; j++) {
                if (Float.isFinite(row[j])) {
                    sum[j] += row[j];
                    seen[j]++;
                }
            }
        }
        float[] mean = new float[d], scale = new float[d];
        for (int j = 0; j < d; j++) mean[j] = seen[j] == 0 || (asIs != null && asIs[j]) ? 0f : (float) (sum[j] / seen[j]);
        for (int i = 0; i < n; i++) {
            rows.copy(i, row, 0);
            for (int j = 0; j < d; j++) {
                if (!Float.isFinite(row[j])) continue;
                double c = row[j] - sum[j] / seen[j];
                sq[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = seen[j] == 0 ? 0 : Math.sqrt(sq[j] / seen[j]);
            scale[j] = sd > 1e-12 && (asIs == null || !asIs[j]) ? (float) sd : 1f;
        }
        return new Standardizer(mean, scale);
    }

    /** The identity transform for {@code d} columns. */
    public static Standardizer identity(int d) {
        float[] zeros = new float[d], ones = new float[d];
        java.util.Arrays.fill(ones, 1f);
        return new Standardizer(zeros, ones);
    }

    public int dim() {
        return mean.length;
    }

    /** z[off..off+d) = (x[off..] − mean) / scale, in place. */
    public void apply(float[] x, int off) {
        for (int j = 0; j < mean.length; j++) x[off + j] = (x[off + j] - mean[j]) / scale[j];
    }

    /**
     * For each column, the fraction of {@code rows} more than {@code sds} training standard deviations from the
     * training mean: a check that new rows come in the layout and units the model was trained on (a file with
     * its columns in another order scores without error, but its columns land far outside training).
     */
    public double[] fractionBeyond(Dataset rows, double sds) {
        if (rows.dim() != mean.length) throw new IllegalArgumentException(rows.dim() + " columns, the standardizer has " + mean.length);
        int n = rows.size(), d = mean.length;
        long[] beyond = new long[d];
        float[] row = new float[d];
        for (int i = 0; i < n; i++) {
            rows.copy(i, row, 0);
            apply(row, 0);
            for (int j = 0; j < d; j++) if (Math.abs(row[j]) > sds) beyond[j]++;
        }
        double[] f = new double[d];
        for (int j = 0; j < d; j++) f[j] = n == 0 ? 0 : (double) beyond[j] / n;
        return f;
    }

    /** x[off..off+d) = z·scale + mean, in place. */
    public void invert(float[] z, int off) {
        for (int j = 0; j < mean.length; j++) z[off + j] = z[off + j] * scale[j] + mean[j];
    }

    /** log |dz/dx| = −Σ log scale: add it to log p(z) to get log p(x). */
    public double logJacobian() {
        double s = 0;
        for (float v : scale) s -= Math.log(v);
        return s;
    }

    /**
     * The log-Jacobian of the observed cells of a row (those finite in {@code x[off..off+d)}): −Σ_observed log scale,
     * which turns log p(z_observed) into log p(x_observed).
     */
    public double logJacobian(float[] x, int off) {
        double s = 0;
        for (int j = 0; j < scale.length; j++) if (Float.isFinite(x[off + j])) s -= Math.log(scale[j]);
        return s;
    }

    /** A view of {@code data} standardized row by row (nothing copied). */
    public Dataset standardize(Dataset data) {
        if (data.dim() != dim()) throw new IllegalArgumentException("data has " + data.dim() + " columns, the standardizer " + dim());
        Standardizer self = this;
        return new Dataset() {
            @Override
            public int size() {
                return data.size();
            }

            @Override
            public int dim() {
                return data.dim();
            }

            @Override
            public void copy(int i, float[] out, int off) {
                data.copy(i, out, off);
                self.apply(out, off);
            }
        };
    }
}
