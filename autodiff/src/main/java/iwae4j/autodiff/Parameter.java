package iwae4j.autodiff;

import java.util.Arrays;

/** A trainable leaf: owns its value and gradient. Gradients accumulate until {@link #zeroGrad()}. */
public final class Parameter extends Var {
    private final String name;

    public Parameter(String name, int rows, int cols) {
        if (rows <= 0 || cols <= 0) throw new IllegalArgumentException(name + ": bad shape [" + rows + "×" + cols + "]");
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.value = new float[rows * cols];
        this.grad = new float[rows * cols];
        this.requiresGrad = true;
    }

    public String name() {
        return name;
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0f);
    }

    /** Copies {@code src} into the value; its length must equal rows × cols. */
    public void set(float[] src) {
        if (src.length != value.length) {
            throw new IllegalArgumentException(name + ": expected " + value.length + " values for " + shape() + ", got " + src.length);
        }
        System.arraycopy(src, 0, value, 0, src.length);
    }

    @Override
    public String toString() {
        return name + shape();
    }
}
