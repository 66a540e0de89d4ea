package iwae4j.tensor;

import java.util.Arrays;

/**
 * A dense row-major tensor: an {@code int[]} shape over a flat {@code float[]} starting at {@code offset}.
 * There are no per-element objects; kernels in this package take the array, the offset and the sizes.
 */
public final class Tensor {
    private final int[] shape;
    /** The backing array; element {@code i} (row-major) is {@code data[offset + i]}. */
    public final float[] data;
    /** Index of the first element in {@link #data}. */
    public final int offset;

    /**
     * Wraps {@code data} without copying.
     *
     * @throws IllegalArgumentException if a dimension is negative or the array is too short for the shape
     */
    public Tensor(float[] data, int offset, int... shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            size *= d;
        }
        if (offset < 0 || offset + size > data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " at offset " + offset
                    + " needs " + size + " elements but the array holds " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
        this.offset = offset;
    }

    /** A new zero-filled tensor of the given shape. */
    public static Tensor zeros(int... shape) {
        long size = 1;
        for (int d : shape) size *= Math.max(d, 0);
        if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("shape too large: " + Arrays.toString(shape));
        return new Tensor(new float[(int) size], 0, shape);
    }

    /** Wraps {@code data} (offset 0) with the given shape. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(data, 0, shape);
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        int s = 1;
        for (int d : shape) s *= d;
        return s;
    }

    /** The element at row-major index {@code i}. */
    public float get(int i) {
        return data[offset + i];
    }

    /** The element at ({@code row}, {@code col}) of a rank-2 tensor. */
    public float get(int row, int col) {
        requireRank(2);
        return data[offset + row * shape[1] + col];
    }

    public void set(int row, int col, float value) {
        requireRank(2);
        data[offset + row * shape[1] + col] = value;
    }

    /** The number of rows of a rank-2 tensor. */
    public int rows() {
        requireRank(2);
        return shape[0];
    }

    /** The number of columns of a rank-2 tensor. */
    public int cols() {
        requireRank(2);
        return shape[1];
    }

    private void requireRank(int r) {
        if (shape.length != r) {
            throw new IllegalArgumentException("expected a rank-" + r + " tensor, got shape " + Arrays.toString(shape));
        }
    }

    /** A copy of the elements as a new array. */
    public float[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size());
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
