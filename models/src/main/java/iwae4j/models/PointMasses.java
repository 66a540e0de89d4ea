package iwae4j.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Point masses in Gaussian columns: a value that a continuous column takes in many rows (a detection limit or "none"
 * recorded as 0, a clipped maximum). A Gaussian cannot hold probability at one value; trained on such a column it
 * narrows onto the spike, and a row's density there grows with nothing to do with how usual the row is. Each column
 * {@code columns[i]} with value {@code values[i]} therefore becomes two model inputs: the column itself with that
 * value read as missing, and an indicator 1[x = v] appended after the original columns with a Bernoulli likelihood.
 * log p(x) is then a mixed density: log P(x_j = v | h) for a row at the mass, log P(x_j ≠ v | h) + log p(x_j | h)
 * elsewhere (counting measure at v, Lebesgue measure off it), and an unusual row at a mass scores as unusual.
 *
 * @param columns the columns with a point mass (0-based, ascending, below {@code inputs})
 * @param values  each one's value (compared with {@code ==}, so 0 and −0 are the same value)
 * @param inputs  the number of columns of the rows as given (before the indicators are appended)
 */
public record PointMasses(int[] columns, float[] values, int inputs) {
    public PointMasses {
        if (columns.length != values.length) throw new IllegalArgumentException(columns.length + " columns but " + values.length + " values");
        if (inputs < 0) throw new IllegalArgumentException("inputs must be >= 0, got " + inputs);
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] < 0 || columns[i] >= inputs || (i > 0 && columns[i] <= columns[i - 1])) {
                throw new IllegalArgumentException("point-mass columns must be ascending and below " + inputs + ": " + Arrays.toString(columns));
            }
            if (!Float.isFinite(values[i])) throw new IllegalArgumentException("point mass " + values[i] + " in column " + columns[i] + " is not finite");
        }
        columns = columns.clone();
        values = values.clone();
    }

    @Override
    public int[] columns() {
        return columns.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** No point masses: rows pass through unchanged. */
    public static PointMasses none(int inputs) {
        return new PointMasses(new int[0], new float[0], inputs);
    }

    /**
     * The rule {@code Fit} applies: a column that is not {@code skip}ped (binary columns are) and not integer-valued
     * (in a column of counts or codes every value has mass; one of them is no spike) with at least 3 distinct observed
     * values gets a point mass at its most frequent value when that value holds at least {@code minShare} of the
     * column's observed cells (ties: the smallest value). {@code skip} null: none.
     */
    public static PointMasses find(Dataset data, double minShare, boolean[] skip) {
        return find(data, minShare, skip, COPY);
    }

    /** {@link #find(Dataset, double, boolean[])} copying at most {@code copy} cells at once. */
    static PointMasses find(Dataset data, double minShare, boolean[] skip, long copy) {
        int n = data.size(), d = data.dim();
        if (!(minShare > 0 && minShare <= 1)) throw new IllegalArgumentException("the point-mass share must be in (0, 1], got " + minShare);
        if (skip != null && skip.length != d) throw new IllegalArgumentException(skip.length + " flags for " + d + " columns");
        List<Integer> cols = new ArrayList<>();
        List<Float> vals = new ArrayList<>();
        // columns are sorted a block at a time (a copy of at most COPY cells), so a large table needs no second copy
        int block = (int) Math.max(1, Math.min(d, copy / Math.max(1, n)));
        float[] row = new float[d];
        for (int j0 = 0; j0 < d; j0 += block) {
            int w = Math.min(block, d - j0);
            float[][] column = new float[w][n];
            int[] seen = new int[w];
            for (int i = 0; i < n; i++) {
                data.copy(i, row, 0);
                for (int c = 0; c < w; c++) {
                    float v = row[j0 + c];
                    if (Float.isFinite(v)) column[c][seen[c]++] = v == 0f ? 0f : v;   // one value for 0 and −0
                }
            }
            for (int c = 0; c < w; c++) {
                int j = j0 + c, m = seen[c];
                if (skip != null && skip[j]) continue;
                float[] v = column[c];
                Arrays.sort(v, 0, m);
                boolean fractional = false;
                int distinct = 0, bestRun = 0;
                float best = Float.NaN;
                for (int a = 0, b; a < m; a = b) {
                    for (b = a + 1; b < m && v[b] == v[a]; b++) {
                    }
                    distinct++;
                    if (v[a] != Math.rint(v[a])) fractional = true;
                    if (b - a > bestRun) {   // ascending, so a tie keeps the smaller value
                        bestRun = b - a;
                        best = v[a];
                    }
                }
                if (fractional && distinct >= 3 && bestRun >= minShare * m) {
                    cols.add(j);
                    vals.add(best);
                }
            }
        }
        int[] cs = cols.stream().mapToInt(Integer::intValue).toArray();
        float[] vs = new float[vals.size()];
        for (int i = 0; i < vs.length; i++) vs[i] = vals.get(i);
        return new PointMasses(cs, vs, d);
    }

    /** Cells copied at once by {@link #find} (32 MB of floats). */
    private static final long COPY = 8L << 20;

    /**
     * {@code masses} (null: none) checked against a model of {@code modelInputs} inputs and its standardizer (null:
     * none): the columns plus one indicator per mass must be the model's inputs, and the standardizer as wide.
     */
    public static PointMasses checkedFor(PointMasses masses, int modelInputs, Standardizer standardizer) {
        PointMasses pm = masses == null ? none(modelInputs) : masses;
        if (pm.expandedDim() != modelInputs) {
            throw new IllegalArgumentException(pm.count() + " point masses over " + pm.inputs() + " columns do not fit a model of " + modelInputs + " inputs");
        }
        if (standardizer != null && standardizer.dim() != modelInputs) {
            throw new IllegalArgumentException("the standardizer has " + standardizer.dim() + " columns, the model " + modelInputs);
        }
        return pm;
    }

    /** The number of point masses (indicator columns appended). */
    public int count() {
        return columns.length;
    }

    /** The model's input width: the columns as given plus one indicator per point mass. */
    public int expandedDim() {
        return inputs + columns.length;
    }

    /**
     * Writes {@code row} (of {@link #inputs} values) expanded into {@code out[off..off+expandedDim)}: a cell at its
     * point mass becomes missing (NaN) with indicator 1, any other observed cell keeps its value with indicator 0, a
     * missing cell stays missing with its indicator missing too.
     */
    public void expand(float[] row, float[] out, int off) {
        if (row.length != inputs) throw new IllegalArgumentException("a row has " + row.length + " values, expected " + inputs);
        System.arraycopy(row, 0, out, off, inputs);
        for (int i = 0; i < columns.length; i++) {
            float v = row[columns[i]];
            int at = off + inputs + i;
            if (Float.isNaN(v)) {
                out[at] = Float.NaN;
            } else if (v == values[i]) {
                out[off + columns[i]] = Float.NaN;
                out[at] = 1f;
            } else {
                out[at] = 0f;
            }
        }
    }

    /** {@link #expand(float[], float[], int)} into a new array. */
    public float[] expand(float[] row) {
        float[] out = new float[expandedDim()];
        expand(row, out, 0);
        return out;
    }

    /** A view of the rows expanded (nothing copied up front). */
    public Dataset expand(Dataset data) {
        if (data.dim() != inputs) throw new IllegalArgumentException("the data has " + data.dim() + " columns, expected " + inputs);
        if (count() == 0) return data;
        return new Dataset() {
            private final ThreadLocal<float[]> buffer = ThreadLocal.withInitial(() -> new float[inputs]);

            @Override
            public int size() {
                return data.size();
            }

            @Override
            public int dim() {
                return expandedDim();
            }

            @Override
            public void copy(int i, float[] out, int off) {
                float[] row = buffer.get();
                data.copy(i, row, 0);
                expand(row, out, off);
            }
        };
    }

    /**
     * An expanded row of means back to the columns as given: a column with a point mass gets the mean of its mixture,
     * P·v + (1 − P)·m, from the indicator's probability P and the column's Gaussian mean m. No masses: the same array.
     */
    public float[] collapseMeans(float[] expanded) {
        if (count() == 0) return expanded;
        if (expanded.length != expandedDim()) throw new IllegalArgumentException("an expanded row has " + expandedDim() + " values, got " + expanded.length);
        float[] out = Arrays.copyOf(expanded, inputs);
        for (int i = 0; i < columns.length; i++) {
            double p = expanded[indicator(i)];
            out[columns[i]] = (float) (p * values[i] + (1 - p) * expanded[columns[i]]);
        }
        return out;
    }

    /** Flags over the expanded columns: false for the columns as given, true for the indicators. */
    public boolean[] indicatorFlags() {
        boolean[] f = new boolean[expandedDim()];
        Arrays.fill(f, inputs, f.length, true);
        return f;
    }

    /** The column of point mass {@code i} (without copying the array, as {@link #columns()} does). */
    public int column(int i) {
        return columns[i];
    }

    /** The value of point mass {@code i}. */
    public float value(int i) {
        return values[i];
    }

    /** The indicator column of point mass {@code i} (an index into the expanded row). */
    public int indicator(int i) {
        return inputs + i;
    }

    /** One line per mass for logs: "Ba = 0", with each column's name. */
    public List<String> describe(List<String> names) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            String name = names != null && names.size() == inputs ? names.get(columns[i]) : "column " + (columns[i] + 1);
            out.add(name + " = " + values[i]);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PointMasses p && p.inputs == inputs && Arrays.equals(p.columns, columns) && Arrays.equals(p.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(columns) + Arrays.hashCode(values)) + inputs;
    }

    @Override
    public String toString() {
        return "PointMasses" + describe(null);
    }
}
