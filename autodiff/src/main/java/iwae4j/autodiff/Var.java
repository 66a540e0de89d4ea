package iwae4j.autodiff;


/**
 * A value in a computation: a [rows × cols] row-major block of floats and, when it needs one, a gradient
 * buffer of the same size. Everything on the tape is rank 2; a scalar is [1 × 1].
 */
public abstract class Var {
    int rows;
    int cols;
    float[] value;
    float[] grad;
    boolean requiresGrad;

    /** Number of rows. */
    public final int rows() {
        return rows;
    }

    /** Number of columns. */
    public final int cols() {
        return cols;
    }

    /** rows × cols. */
    public final int size() {
        return rows * cols;
    }

    /** The value buffer (row-major, from index 0); live, not a copy. */
    public final float[] value() {
        return value;
    }

    /** The gradient buffer, or null when nothing upstream needs a gradient; live, not a copy. */
    public final float[] grad() {
        return grad;
    }

    /** Element {@code i} of the value. */
    public final float get(int i) {
        return value[i];
    }

    /** Whether a gradient flows into this value. */
    public final boolean requiresGrad() {
        return requiresGrad;
    }

    final String shape() {
        return "[" + rows + "×" + cols + "]";
    }

    /** Makes sure the gradient buffer exists and has this var's size. */
    final void ensureGrad() {
        if (grad == null || grad.length != rows * cols) grad = new float[rows * cols];
    }
}
