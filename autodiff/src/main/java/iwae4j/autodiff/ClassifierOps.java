package iwae4j.autodiff;

/**
 * The ops a classifier needs beside the linear layers: ReLU, the logistic sigmoid, log-softmax over each row
 * (max-subtracted) and the cross-entropy against integer labels. Each is one small class, forward beside backward,
 * gradients added into the inputs.
 */
final class ClassifierOps {
    private ClassifierOps() {
    }

    /** An elementwise op of one input: the output has the input's shape, and gradient flows when the input's does. */
    abstract static class OneInput extends Node {
        Var a;

        final Node bind(Var a) {
            this.a = a;
            shape(a.rows, a.cols);
            needsGradFrom(a);
            return this;
        }
    }

    /** max(x, 0), elementwise; the gradient passes where x > 0. */
    static final class Relu extends OneInput {
        @Override
        void forward() {
            float[] x = a.value;
            for (int i = 0; i < value.length; i++) value[i] = x[i] > 0f ? x[i] : 0f;
        }

        @Override
        void backward() {
            if (!a.requiresGrad) return;
            float[] x = a.value, g = a.grad;
            for (int i = 0; i < grad.length; i++) if (x[i] > 0f) g[i] += grad[i];
        }
    }

    /** 1 / (1 + e^−x), elementwise, from the side that cannot overflow; the gradient y·(1 − y). */
    static final class Sigmoid extends OneInput {
        @Override
        void forward() {
            float[] x = a.value;
            for (int i = 0; i < value.length; i++) {
                double v = x[i];
                value[i] = (float) (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
            }
        }

        @Override
        void backward() {
            if (!a.requiresGrad) return;
            float[] g = a.grad;
            for (int i = 0; i < grad.length; i++) g[i] += grad[i] * value[i] * (1f - value[i]);
        }
    }

    /** Each row minus its log-sum-exp (max subtracted, summed in double): log-probabilities of the row's classes. */
    static final class LogSoftmaxRows extends Node {
        Var a;

        Node bind(Var a) {
            if (a.cols == 0) throw mismatch("logSoftmax", a);
            this.a = a;
            shape(a.rows, a.cols);
            needsGradFrom(a);
            return this;
        }

        @Override
        void forward() {
            float[] x = a.value;
            int c = cols;
            for (int r = 0; r < rows; r++) {
                int o = r * c;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) max = Math.max(max, x[o + j]);
                double sum = 0;
                for (int j = 0; j < c; j++) sum += Math.exp(x[o + j] - max);
                double lse = max + Math.log(sum);
                for (int j = 0; j < c; j++) value[o + j] = (float) (x[o + j] - lse);
            }
        }

        @Override
        void backward() {
            if (!a.requiresGrad) return;
            float[] g = a.grad;
            int c = cols;
            for (int r = 0; r < rows; r++) {
                int o = r * c;
                double total = 0;
                for (int j = 0; j < c; j++) total += grad[o + j];
                // d/dx_j Σ_i g_i (x_i − lse) = g_j − softmax_j · Σ_i g_i
                for (int j = 0; j < c; j++) g[o + j] += (float) (grad[o + j] - Math.exp(value[o + j]) * total);
            }
        }
    }

    /** −mean over rows of logProbs[row, label[row]]: the cross-entropy of log-probabilities against integer labels. */
    static final class CrossEntropy extends Node {
        Var logProbs;
        int[] labels;

        Node bind(Var logProbs, int[] labels) {
            if (labels == null) throw new IllegalArgumentException("crossEntropy: labels must not be null");
            if (labels.length < logProbs.rows) {
                throw new IllegalArgumentException("crossEntropy: " + labels.length + " labels for " + logProbs.rows + " rows");
            }
            for (int r = 0; r < logProbs.rows; r++) {
                if (labels[r] < 0 || labels[r] >= logProbs.cols) {
                    throw new IllegalArgumentException("crossEntropy: label " + labels[r] + " of row " + r + " is not a class of " + logProbs.cols);
                }
            }
            this.logProbs = logProbs;
            this.labels = labels;
            shape(1, 1);
            needsGradFrom(logProbs);
            return this;
        }

        @Override
        void forward() {
            double sum = 0;
            for (int r = 0; r < logProbs.rows; r++) sum -= logProbs.value[r * logProbs.cols + labels[r]];
            value[0] = (float) (sum / logProbs.rows);
        }

        @Override
        void backward() {
            if (!logProbs.requiresGrad) return;
            float share = grad[0] / logProbs.rows;
            for (int r = 0; r < logProbs.rows; r++) logProbs.grad[r * logProbs.cols + labels[r]] -= share;
        }
    }

    /**
     * Inverted dropout: each element kept with probability 1 − rate and then scaled by 1 / (1 − rate), else 0; the
     * choice of element i is a SplitMix64 hash of (seed, i), so a seed gives the same mask on any thread and in
     * backward without storing it.
     */
    static final class Dropout extends Node {
        Var a;
        float rate, scale;
        long seed;

        Node bind(Var a, float rate, long seed) {
            if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("dropout: rate must be in [0, 1), got " + rate);
            this.a = a;
            this.rate = rate;
            this.scale = 1f / (1f - rate);
            this.seed = seed;
            shape(a.rows, a.cols);
            needsGradFrom(a);
            return this;
        }

        /** Whether element i is kept: the top 24 bits of its hash, as a uniform in [0, 1), at least the rate. */
        boolean kept(int i) {
            long z = seed + 0x9E3779B97F4A7C15L * (i + 1L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
            return (z >>> 40) * 0x1.0p-24f >= rate;
        }

        @Override
        void forward() {
            float[] x = a.value;
            for (int i = 0; i < value.length; i++) value[i] = kept(i) ? x[i] * scale : 0f;
        }

        @Override
        void backward() {
            if (!a.requiresGrad) return;
            float[] g = a.grad;
            for (int i = 0; i < grad.length; i++) if (kept(i)) g[i] += grad[i] * scale;
        }
    }

    /** log x, elementwise (in double, rounded once); the gradient 1/x. */
    static final class Log extends OneInput {
        @Override
        void forward() {
            for (int i = 0; i < value.length; i++) value[i] = (float) Math.log(a.value[i]);
        }

        @Override
        void backward() {
            if (a.requiresGrad) for (int i = 0; i < grad.length; i++) a.grad[i] += (float) (grad[i] / (double) a.value[i]);
        }
    }

    /** √x, elementwise; the gradient 1/(2√x). */
    static final class Sqrt extends OneInput {
        @Override
        void forward() {
            for (int i = 0; i < value.length; i++) value[i] = (float) Math.sqrt(a.value[i]);
        }

        @Override
        void backward() {
            if (a.requiresGrad) for (int i = 0; i < grad.length; i++) a.grad[i] += (float) (grad[i] * 0.5 / value[i]);
        }
    }

    /** 1/x, elementwise (in double, rounded once); the gradient −1/x². */
    static final class Reciprocal extends OneInput {
        @Override
        void forward() {
            for (int i = 0; i < value.length; i++) value[i] = (float) (1 / (double) a.value[i]);
        }

        @Override
        void backward() {
            if (!a.requiresGrad) return;
            for (int i = 0; i < grad.length; i++) {
                double v = a.value[i];
                a.grad[i] += (float) (-grad[i] / (v * v));
            }
        }
    }

    /** The columns of a and then of b, row by row: [r × (ca + cb)]. */
    static final class ConcatColumns extends Node {
        Var a, b;

        Node bind(Var a, Var b) {
            if (a.rows != b.rows) throw mismatch("concatColumns", a, b);
            this.a = a;
            this.b = b;
            shape(a.rows, a.cols + b.cols);
            needsGradFrom(a, b);
            return this;
        }

        @Override
        void forward() {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(a.value, r * a.cols, value, r * cols, a.cols);
                System.arraycopy(b.value, r * b.cols, value, r * cols + a.cols, b.cols);
            }
        }

        @Override
        void backward() {
            for (int r = 0; r < rows; r++) {
                if (a.requiresGrad) for (int j = 0; j < a.cols; j++) a.grad[r * a.cols + j] += grad[r * cols + j];
                if (b.requiresGrad) for (int j = 0; j < b.cols; j++) b.grad[r * b.cols + j] += grad[r * cols + a.cols + j];
            }
        }
    }

    /** Columns [from, to) of a: [r × (to − from)]. */
    static final class SliceColumns extends Node {
        Var a;
        int from;

        Node bind(Var a, int from, int to) {
            if (from < 0 || to > a.cols || from > to) {
                throw new IllegalArgumentException("sliceColumns: columns [" + from + ", " + to + ") of " + a.shape());
            }
            this.a = a;
            this.from = from;
            shape(a.rows, to - from);
            needsGradFrom(a);
            return this;
        }

        @Override
        void forward() {
            for (int r = 0; r < rows; r++) System.arraycopy(a.value, r * a.cols + from, value, r * cols, cols);
        }

        @Override
        void backward() {
            if (!a.requiresGrad) return;
            for (int r = 0; r < rows; r++) for (int j = 0; j < cols; j++) a.grad[r * a.cols + from + j] += grad[r * cols + j];
        }
    }
}
