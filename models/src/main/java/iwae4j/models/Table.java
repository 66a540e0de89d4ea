package iwae4j.models;

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

    /**
     * The columns named, in that order (the same table when they are its columns in its order): the way rows reach a
     * model by its feature names. A name the table lacks is an {@link IllegalArgumentException} naming it.
     */
    public Table select(List<String> wanted) {
        if (wanted == null) throw new IllegalArgumentException("wanted must not be null");
        if (wanted.equals(names)) return this;
        int[] at = new int[wanted.size()];
        for (int c = 0; c < at.length; c++) {
            at[c] = names.indexOf(wanted.get(c));
            if (at[c] < 0) {
                throw new IllegalArgumentException("the table has no column '" + wanted.get(c) + "' (it has " + names + "; the model reads "
                        + wanted + ")");
            }
        }
        int n = size(), w = at.length;
        float[] out = new float[n * w];
        for (int i = 0; i < n; i++) for (int c = 0; c < w; c++) out[i * w + c] = values[i * cols + at[c]];
        return new Table(out, w, wanted);
    }

    /** The other columns: those not in {@code names}, in this table's order (what scoring and imputing pass through). */
    public List<String> otherColumns(List<String> features) {
        List<String> out = new java.util.ArrayList<>();
        for (String n : names) if (!features.contains(n)) out.add(n);
        return out;
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

    /**
     * Checks that every row has an observed (non-NaN) cell, as scoring needs; the error names the first row (from 1)
     * that has none.
     */
    public Table requireSomeObserved(String source) {
        for (int i = 0, n = size(); i < n; i++) {
            boolean seen = false;
            for (int j = 0; j < cols && !seen; j++) seen = !Float.isNaN(values[i * cols + j]);
            if (!seen) {
                throw new IllegalArgumentException(source + ": row " + (i + 1) + " has no observed value in the model's columns " + names
                        + "; there is nothing to score (leave the row out, or fill it with -Dexp=impute)");
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
