package iwae4j.models;

/**
 * Per-column standardization z = (x − mean) / scale, fitted on training rows (means and standard deviations
 * summed in double; a constant column gets scale 1). Stored with a model so that scoring applies exactly the
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
        int n = rows.size(), d = rows.dim();
        if (n == 0) throw new IllegalArgumentException("cannot fit a standardizer on no rows");
        double[] sum = new double[d], sq = new double[d];
        float[] row = new float[d];
        for (int i = 0; i < n; i++) {
            rows.copy(i, row, 0);
            for (int j = 0; j < d; j++) sum[j] += row[j];
        }
        float[] mean = new float[d], scale = new float[d];
        for (int j = 0; j < d; j++) mean[j] = (float) (sum[j] / n);
        for (int i = 0; i < n; i++) {
            rows.copy(i, row, 0);
            for (int j = 0; j < d; j++) {
                double c = row[j] - sum[j] / n;
                sq[j] += c * c;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(sq[j] / n);
            scale[j] = sd > 1e-12 ? (float) sd : 1f;
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
