package iwae4j.models;

/** A finite set of examples of equal dimension, read by index. */
public interface Dataset {
    /** Number of examples. */
    int size();

    /** Dimension of each example. */
    int dim();

    /** Copies example {@code i} into {@code out[off .. off+dim)}. */
    void copy(int i, float[] out, int off);

    /** The first {@code n} examples of this dataset (a view). */
    default Dataset first(int n) {
        if (n < 0 || n > size()) throw new IllegalArgumentException("first(" + n + ") of a dataset of " + size());
        Dataset whole = this;
        return new Dataset() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public int dim() {
                return whole.dim();
            }

            @Override
            public void copy(int i, float[] out, int off) {
                whole.copy(i, out, off);
            }
        };
    }

    /** A dataset over a row-major [n × dim] array (not copied). */
    static Dataset of(float[] data, int dim) {
        if (dim <= 0 || data.length % dim != 0) {
            throw new IllegalArgumentException("data of length " + data.length + " is not a whole number of rows of " + dim);
        }
        int n = data.length / dim;
        return new Dataset() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public int dim() {
                return dim;
            }

            @Override
            public void copy(int i, float[] out, int off) {
                System.arraycopy(data, i * dim, out, off, dim);
            }
        };
    }
}
