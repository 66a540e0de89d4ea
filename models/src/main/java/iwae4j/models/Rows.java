package iwae4j.models;

import java.util.List;

/**
 * The library's one input rule for rows given to a trained model, and the per-row noise key, in one place for the
 * {@link Scorer} and the {@link Imputer}: NaN is a missing cell; ±Infinity is an error naming the row and column; a
 * finite value whose standardized value leaves float range (or lies beyond ±{@link #EXTREME}) is taken as
 * ±{@link #EXTREME} standardized units, an extreme observation, never a missing one.
 */
final class Rows {
    /**
     * The largest standardized value the model is shown, in training standard deviations: far beyond any training row,
     * and small enough that the Gaussian density's squares stay finite in float for any σ above 1e-10, so the row gets a
     * finite log-likelihood far below every training row's rather than −Infinity or a missing cell.
     */
    static final float EXTREME = 1e9f;

    private Rows() {
    }

    /** {@code value}, or an {@link IllegalArgumentException} naming the parameter when it is null. */
    static <T> T need(T value, String name) {
        if (value == null) throw new IllegalArgumentException(name + " must not be null");
        return value;
    }

    /**
     * Checks one row as given: its width, no infinity and (when {@code needObserved}) at least one observed cell.
     *
     * @param index the row's position, for the message
     */
    static void check(float[] row, int index, List<String> names, boolean needObserved) {
        if (row == null) throw new IllegalArgumentException("rows: row " + index + " is null");
        int width = names.size();
        if (row.length != width) throw new IllegalArgumentException("rows: row " + index + " has " + row.length + " values, the model expects " + width + " " + names);
        boolean observed = false;
        for (int j = 0; j < width; j++) {
            float v = row[j];
            if (Float.isInfinite(v)) {
                throw new IllegalArgumentException("rows: row " + index + ", column " + (j + 1) + " ('" + names.get(j) + "') is " + v
                        + "; a value must be a finite number or missing (NaN)");
            }
            observed |= !Float.isNaN(v);
        }
        if (needObserved && !observed) {
            throw new IllegalArgumentException("rows: row " + index + " has no observed value (every cell is missing); there is nothing to score");
        }
    }

    /**
     * Standardizes x[off..off+d) in place as {@link Standardizer#apply} does, then takes a value that left float range
     * or lies beyond ±{@link #EXTREME} as ±{@link #EXTREME} (its sign from the difference in double); NaN stays NaN.
     */
    static void standardize(Standardizer st, float[] x, int off) {
        float[] mean = st.mean(), scale = st.scale();
        for (int j = 0; j < mean.length; j++) {
            float v = x[off + j], z = (v - mean[j]) / scale[j];
            if (!(Math.abs(z) <= EXTREME) && !Float.isNaN(v)) z = (double) v - mean[j] >= 0 ? EXTREME : -EXTREME;
            x[off + j] = z;
        }
    }

    /** A 64-bit key from a seed, a salt and a row's bits (SplitMix64 steps); one NaN, so a missing cell keys alike however made. */
    static long key(long seed, long salt, float[] z, int off, int d) {
        long h = seed * 0x9E3779B97F4A7C15L + salt;
        for (int j = off; j < off + d; j++) {
            h ^= Float.floatToIntBits(z[j]) & 0xFFFFFFFFL;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }
}
