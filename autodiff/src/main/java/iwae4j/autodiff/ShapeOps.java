package iwae4j.autodiff;

import iwae4j.tensor.LogSumExp;
import iwae4j.tensor.VectorMath;

/** Reductions over an axis, reshape, tiling along rows, log-sum-exp and stop-gradient. */
final class ShapeOps {
    private ShapeOps() {
    }

    /**
     * Sum (or mean, when {@code mean}) over axis 0 (→ [1×c]), axis 1 (→ [r×1]) or all (axis −1 → [1×1]).
     * Sums are accumulated in double.
     */
    static final class Reduce extends Node {
        Var a;
        int axis;
        boolean mean;
        private double scale;

        Node bind(Var a, int axis, boolean mean) {
            if (axis < -1 || axis > 1) throw new IllegalArgumentException("sum/mean: axis must be 0, 1 or -1, got " + axis);
            this.a = a;
            this.axis = axis;
            this.mean = mean;
            int count = axis == 0 ? a.rows : axis == 1 ? a.cols : a.rows * a.cols;
            scale = mean ? 1.0 / Math.max(count, 1) : 1.0;
            if (axis == 0) shape(1, a.cols);
            else if (axis == 1) shape(a.rows, 1);
            else shape(1, 1);
            needsGradFrom(a);
            return this;

        }

        @Override
        void forward() {
            int r = a.rows, c = a.cols;
            if (axis == 0) {
                for (int j = 0; j < c; j++) {
                    double s = 0;
                    for (int i = 0; i < r; i++) s += a.value[i * c + j];
                    value[j] = (float) (s * scale);
                }
            } else if (axis == 1) {
                for (int i = 0; i < r; i++) value[i] = (float) (VectorMath.sum(a.value, i * c, c) * scale);
            } else {
                value[0] = (float) (VectorMath.sum(a.value, 0, r * c) * scale);
            }
        }

        @Override
        void backward() {
            if (!a.requiresGrad) return;
            int r = a.rows, c = a.cols;
            float s = (float) scale;
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    float g = axis == 0 ? grad[j] : axis == 1 ? grad[i] : grad[0];
                    a.grad[i * c + j] += s * g;
                }
            }
        }
    }

    /** The same elements, row-major, as [rows × cols]. */
    static final class Reshape extends Node {
        Var a;

        Node bind(Var a, int r, int c) {
            if (r * c != a.rows * a.cols || r < 0 || c < 0) {
                throw new IllegalArgumentException("reshape: cannot view " + a.shape() + " as [" + r + "×" + c + "]");
            }
            this.a = a;
            shape(r, c);
            needsGradFrom(a);
            return this;

        }

        @Override
        void forward() {
            System.arraycopy(a.value, 0, value, 0, value.length);
        }

        @Override
        void backward() {
            if (a.requiresGrad) VectorMath.add(a.grad, 0, grad, 0, a.grad, 0, grad.length);
        }
    }

    /** k copies of a stacked along rows: row s·r + i is row i of a (the sample axis comes first). */
    static final class RepeatRows extends Node {
        Var a;
        int times;

        Node bind(Var a, int k) {
            if (k < 1) throw new IllegalArgumentException("repeatRows: k must be >= 1, got " + k);
            this.a = a;
            this.times = k;
            shape(a.rows * k, a.cols);
            needsGradFrom(a);
            return this;

        }

        @Override
        void forward() {
            int block = a.rows * a.cols;
            for (int s = 0; s < times; s++) System.arraycopy(a.value, 0, value, s * block, block);
        }

        @Override
        void backward() {
            if (!a.requiresGrad) return;
            int block = a.rows * a.cols;
            for (int s = 0; s < times; s++) VectorMath.add(a.grad, 0, grad, s * block, a.grad, 0, block);
        }
    }

    /**
     * log Σ exp over axis 0 (→ [1×c]) or axis 1 (→ [r×1]), max-subtracted. The gradient of term t is its share
     * exp(t − lse); a share below e^−64 (1.6e−28) gets no gradient at all. Such a term moves no float sum that a
     * share near 1 also enters (it is 20 orders below a float's resolution), but carried through the backward
     * pass it turns whole rows of the decoder's gradients into subnormal floats, which cost Intel cores a
     * microcode assist per instruction (an IWAE sample that lost by 90 nats made the 1-layer k = 5 step 4× slower).
     */
    static final class LogSumExpOp extends Node {
        static final float NO_GRADIENT_BELOW = -64f;

        Var a;
        int axis;

        Node bind(Var a, int axis) {
            if (axis != 0 && axis != 1) throw new IllegalArgumentException("logSumExp: axis must be 0 or 1, got " + axis);
            this.a = a;
            this.axis = axis;
            if (axis == 0) shape(1, a.cols);
            else shape(a.rows, 1);
            needsGradFrom(a);
            return this;

        }

        @Override
        void forward() {
            if (axis == 0) LogSumExp.columns(a.value, 0, a.rows, a.cols, value, 0);
            else LogSumExp.rows(a.value, 0, a.rows, a.cols, value, 0);
        }

        @Override
        void backward() {
            if (!a.requiresGrad) return;
            int r = a.rows, c = a.cols;
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    int o = axis == 0 ? j : i;
                    float lse = value[o];
                    if (lse == Float.NEGATIVE_INFINITY) continue; // every term was −∞: no gradient
                    float share = a.value[i * c + j] - lse;
                    if (share < NO_GRADIENT_BELOW) continue;
                    a.grad[i * c + j] += grad[o] * (float) StrictMath.exp(share);
                }
            }
        }
    }

    /** The value of a, with no gradient flowing back. */
    static final class StopGradient extends Node {
        Var a;

        Node bind(Var a) {
            this.a = a;
            shape(a.rows, a.cols);
            requiresGrad = false;
            return this;

        }

        @Override
        void forward() {
            System.arraycopy(a.value, 0, value, 0, value.length);
        }

        @Override
        void backward() {
        }
    }
}
