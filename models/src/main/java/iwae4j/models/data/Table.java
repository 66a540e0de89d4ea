package iwae4j.models.data;

import iwae4j.models.Dataset;
import java.util.List;

/**
 * Rows of float features read from a file, with a name per column: a {@link Dataset} over a row-major
 * [rows × cols] array (not copied).
 */
public record Table(float[] values, int cols, List<String> names) implements Dataset {
    public Table {
        if (cols <= 0 || values.length % cols != 0) throw new IllegalArgumentException(values.length + " values are not whole rows of " + cols);
        if (names.size() != cols) throw new IllegalArgumentException(names.size() + " column names for " + cols + " columns");
        names = List.copyOf(names);
    }

    @Override
    public int size() {
        return values.length / cols;
    }

    @Override
    public int dim() {
        return cols;
    }

    @Override
    public void copy(int i, float[] out, int off) {
        System.arraycopy(values, i * cols, out, off, cols);
    }

    /** Row i as a new array. */
    public float[] row(int i) {
        float[] r = new float[cols];
        copy(i, r, 0);
        return r;
    }

    /** The rows as arrays (for {@link iwae4j.models.Scorer#score(float[][])}). */
    public float[][] rows() {
        float[][] r = new float[size()][];
        for (int i = 0; i < r.length; i++) r[i] = row(i);
        return r;
    }

    /**
     * Checks that every value may be a Bernoulli observation: in [0, 1], or missing (NaN); the error names the row
     * and column of the first that is not.
     */
    public Table requireUnitInterval(String source) {
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!(v >= 0f && v <= 1f) && !Float.isNaN(v)) {
                throw new IllegalArgumentException(source + ": row " + (i / cols + 1) + ", column " + (i % cols + 1) + " ('" + names.get(i % cols)
                        + "'): " + v + " is not in [0, 1], which Bernoulli observations need (use the Gaussian likelihood for other data)");
            }
        }
        return this;
    }

    /**
     * Checks that no value is infinite (a missing cell, NaN, is allowed); the error names the row and column of the
     * first that is.
     */
    public Table requireNoInfinity(String source) {
        for (int i = 0; i < values.length; i++) {
            if (Float.isInfinite(values[i])) {
                throw new IllegalArgumentException(source + ": row " + (i / cols + 1) + ", column " + (i % cols + 1) + " ('" + names.get(i % cols)
                        + "') is " + values[i] + "; a value must be a finite number or missing (empty, NA, ?, NaN)");
            }
        }
        return this;
    }

    /** The number of missing (NaN) cells. */
    public long missingCells() {
        long n = 0;
        for (float v : values) if (Float.isNaN(v)) n++;
        return n;
    }

    /** Checks that every value is finite; the error names the row and column of the first that is not. */
    public Table requireFinite(String source) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(source + ": row " + (i / cols + 1) + ", column " + (i % cols + 1) + " ('" + names.get(i % cols)
                        + "') is " + values[i] + "; every value must be a finite number");
            }
        }
        return this;
    }
}
