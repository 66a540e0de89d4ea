package iwae4j.autodiff;

import iwae4j.tensor.Gemm;
import iwae4j.tensor.Parallel;
import iwae4j.tensor.VectorMath;

/** Matrix product, broadcast bias, and the fused affine layer (optionally with tanh). */
final class LinearOps {
    private LinearOps() {
    }

    /** a[m×k] · b[k×n]. */
    static final class MatMul extends Node {
        Var a, b;

        Node bind(Var a, Var b) {
            if (a.cols != b.rows) throw mismatch("matmul", a, b);
            this.a = a;
            this.b = b;
            shape(a.rows, b.cols);
            needsGradFrom(a, b);
            return this;

        }

        @Override
        void forward() {
            Gemm.mul(a.value, 0, b.value, 0, value, 0, a.rows, b.cols, a.cols, false);
        }

        @Override
        void backward() {
            if (a.requiresGrad) Gemm.mulTransB(grad, 0, b.value, 0, a.grad, 0, rows, a.cols, cols, true);
            if (b.requiresGrad) Gemm.mulTransA(a.value, 0, grad, 0, b.grad, 0, b.rows, cols, rows, true);
        }
    }

    /** x[r×c] + bias[1×c], the bias broadcast over rows. */
    static final class AddBias extends Node {
        Var x, bias;

        Node bind(Var x, Var bias) {
            if (bias.rows != 1 || bias.cols != x.cols) throw mismatch("addBias", x, bias);
            this.x = x;
            this.bias = bias;
            shape(x.rows, x.cols);
            needsGradFrom(x, bias);
            return this;

        }

        @Override
        void forward() {
            VectorMath.addBiasRows(x.value, 0, bias.value, 0, value, 0, rows, cols);
        }

        @Override
        void backward() {
            if (x.requiresGrad) VectorMath.add(x.grad, 0, grad, 0, x.grad, 0, rows * cols);
            if (bias.requiresGrad) VectorMath.sumRowsInto(grad, 0, rows, cols, bias.grad, 0);
        }
    }

    /**
     * The fused layer x·W + b, followed by tanh when {@code activation} is set: one GEMM, the bias and the
     * activation in one pass, and in backward one pass for tanh' before the two GEMMs.
     */
    static final class Linear extends Node implements Parallel.Body {
        Var x, w, b;
        boolean tanh;
        private float[] dz;
        private int chunk;

        /** tanh′ of rows part·chunk.. of the output: dz = grad·(1 − tanh²), split by rows like the density ops. */
        @Override
        public void run(int part) {
            int lo = part * chunk * cols, hi = Math.min(rows, (part + 1) * chunk) * cols;
            for (int i = lo; i < hi; i++) dz[i] = grad[i] * (1f - value[i] * value[i]);
        }

        Node bind(Var x, Var w, Var b, boolean tanh) {
            if (x.cols != w.rows || b.rows != 1 || b.cols != w.cols) throw mismatch(tanh ? "linearTanh" : "linear", x, w, b);
            this.x = x;
            this.w = w;
            this.b = b;
            this.tanh = tanh;
            shape(x.rows, w.cols);
            needsGradFrom(x, w, b);
            if (tanh && (dz == null || dz.length != value.length)) dz = new float[value.length];
            return this;

        }

        @Override
        void forward() {
            Gemm.mulAddBias(x.value, 0, w.value, 0, b.value, 0, value, 0, rows, cols, x.cols, tanh);
        }

        @Override
        void backward() {
            float[] d = grad;
            if (tanh) {
                d = dz;
                chunk = DensityOps.chunkRows(rows, cols);
                Parallel.run((rows + chunk - 1) / chunk, this);
            }
            if (x.requiresGrad) Gemm.mulTransB(d, 0, w.value, 0, x.grad, 0, rows, x.cols, cols, true);
            if (w.requiresGrad) Gemm.mulTransA(x.value, 0, d, 0, w.grad, 0, w.rows, cols, rows, true);
            if (b.requiresGrad) VectorMath.sumRowsInto(d, 0, rows, cols, b.grad, 0);
        }
    }
}
