package iwae4j.autodiff;

import iwae4j.tensor.Bernoulli;
import iwae4j.tensor.Parallel;
import iwae4j.tensor.VectorMath;

/**
 * Log-densities summed over columns (one value per row, [R×1]) and the Gaussian reparameterization.
 * An input with fewer rows than R is tiled: output row r reads input row r mod rows, so the data x [B×d]
 * serves all k·B sample rows without being copied, and the tiled input's gradient sums over the copies.
 */
final class DensityOps {
    static final float HALF_LOG_2PI = (float) (0.5 * Math.log(2 * Math.PI));

    private DensityOps() {
    }

    /** Elements above which a density op's forward rows are split over threads (rows are independent). */
    static final int PARALLEL_ELEMENTS = 1 << 16;

    /**
     * Row r of an input with {@code rows} rows that is tiled down the output (r mod rows): a compare, not a
     * division, when the input is as tall as the output, as most are (a division per row cost as much as the row).
     */
    static int tiled(int r, int rows) {
        return r < rows ? r : r % rows;
    }

    /** Rows from r on that an input with {@code rows} rows, tiled down the output, holds contiguously (before it wraps). */
    static int contiguous(int r, int rows) {
        return rows - tiled(r, rows);
    }

    /** {@link #contiguous} for an input that takes a gradient; an input that takes none does not end a run. */
    static int contiguousIfGradient(int r, int rows, Var v) {
        return v.requiresGrad ? contiguous(r, v.rows) : rows - r;
    }

    /** Rows per part: the whole when small, else split evenly over the threads. */
    static int chunkRows(int rows, int cols) {
        return chunk(rows, (long) rows * cols);
    }

    /** Units (rows, or classes of rows) per part of work over {@code elements}: all when small, else split evenly. */
    static int chunk(int units, long elements) {
        int parts = elements >= PARALLEL_ELEMENTS && units > 1 ? Parallel.threads() : 1;
        return Math.max(1, (units + parts - 1) / parts);
    }

    /**
     * For a backward pass split over threads by classes of rows (r mod classes, each class on one thread in order
     * of r): the classes once input v is taken into account, starting from m (rows at first). An input with fewer
     * rows that needs a gradient takes rows r, r + its rows, … into one gradient row, so its row count becomes the
     * classes; two such inputs with different row counts give 0 (run on one thread).
     */
    static int gradientClasses(int rows, int m, Var v) {
        if (m == 0 || !v.requiresGrad || v.rows == rows) return m;
        return m == rows || m == v.rows ? v.rows : 0;
    }

    /**
     * A node that is its own reusable job (no allocation): its forward pass split by rows into parts of
     * {@code chunk} rows, its backward pass by classes of rows ({@link #gradientClasses}), {@code chunk} classes a part.
     */
    abstract static class RowSplitNode extends Node implements Parallel.Body {
        int chunk;
        /** Backward: rows fall into this many classes (r mod classes), each class run in order by one part. */
        int classes;
        private boolean backwardParts;

        /** The forward pass of rows r0..r1−1. */
        abstract void forwardRows(int r0, int r1);

        /** Rows from r on that every input taking a gradient holds contiguously ({@link #contiguous}). */
        abstract int gradientRun(int r);

        /** The backward pass of rows r..r+len−1, a run that every input taking a gradient holds contiguously. */
        abstract void backwardRun(int r, int len);

        /**
         * The backward pass of the rows of classes q0..q1−1 in increasing order, by runs ({@link #gradientRun}): within
         * one period of the classes, rows base + q0 .. base + q1 − 1; all rows at once when this part holds every class.
         * Each gradient element gets its contributions in increasing order of r, as on one thread.
         */
        private void backwardClasses(int q0, int q1) {
            boolean all = q0 == 0 && q1 == classes;
            for (int base = 0; base < rows; base += all ? rows : classes) {
                int hi = all ? rows : Math.min(rows, base + q1);
                for (int r = all ? 0 : base + q0, len; r < hi; r += len) {
                    len = Math.min(hi - r, gradientRun(r));
                    backwardRun(r, len);
                }
            }
        }

        @Override
        public final void run(int part) {
            int lo = part * chunk;
            if (backwardParts) backwardClasses(lo, Math.min(classes, lo + chunk));
            else forwardRows(lo, Math.min(rows, lo + chunk));
        }

        /** Runs {@link #backwardClasses} over m classes (0: inputs tiled two ways, one thread); split when big. */
        final void backwardByClasses(int m, long elements) {
            classes = Math.max(m, 1);
            chunk = chunk(classes, elements);
            backwardParts = true;
            try {
                Parallel.run((classes + chunk - 1) / chunk, this);
            } finally {
                backwardParts = false;
            }
        }
    }

    /** The row count R of three inputs that tile to it (each has R rows or a divisor of R). No varargs: no allocation. */
    private static int tiledRows(String op, Var a, Var b, Var c) {
        int r = Math.max(a.rows, Math.max(b.rows, c.rows));
        if (!tiles(a, r, a.cols) || !tiles(b, r, a.cols) || !tiles(c, r, a.cols)) throw Node.mismatch(op, a, b, c);
        return r;
    }

    private static boolean tiles(Var v, int rows, int cols) {
        return v.cols == cols && v.rows > 0 && rows % v.rows == 0;
    }

    /**
     * log N(x; μ, σ²) summed over columns, from log σ: −½z² − log σ − ½log 2π with z = (x − μ)·e^(−log σ).
     * Working from log σ keeps the density finite for any σ the float range holds.
     */
    static final class GaussianLogDensity extends RowSplitNode {
        Var x, mean, logSigma;
        private float[] z, invSigma;

        Node bind(Var x, Var mean, Var logSigma) {
            int r = tiledRows("gaussianLogDensity", x, mean, logSigma);
            this.x = x;
            this.mean = mean;
            this.logSigma = logSigma;
            shape(r, 1);
            needsGradFrom(x, mean, logSigma);
            int n = r * x.cols;
            if (z == null || z.length != n) {
                z = new float[n];
                invSigma = new float[n];
            }
            return this;

        }

        @Override
        void forward() {
            chunk = chunkRows(rows, x.cols);
            Parallel.run((rows + chunk - 1) / chunk, this); // the node is its own reusable job: no allocation
        }

        @Override
        void forwardRows(int r0, int r1) {
            int c = x.cols;
            float[] ls = logSigma.value;
            for (int r = r0, len; r < r1; r += len) {
                len = Math.min(r1 - r, contiguous(r, logSigma.rows));
                for (int i = r * c, s = tiled(r, logSigma.rows) * c, end = i + len * c; i < end; i++, s++) invSigma[i] = -ls[s];
            }
            VectorMath.exp(invSigma, r0 * c, invSigma, r0 * c, (r1 - r0) * c); // one call per part: rows can be 1 wide
            // by runs of rows that every input holds contiguously (a tiled input wraps every few rows); a run of one row
            // (an input of one row, as when one row is scored) row by row, which gives the same bits without the block's passes
            for (int r = r0, len; r < r1; r += len) {
                len = Math.min(r1 - r, Math.min(contiguous(r, x.rows), Math.min(contiguous(r, mean.rows), contiguous(r, logSigma.rows))));
                int xr = tiled(r, x.rows) * c, mr = tiled(r, mean.rows) * c, sr = tiled(r, logSigma.rows) * c;
                if (len == 1) value[r] = VectorMath.gaussianRow(x.value, xr, mean.value, mr, invSigma, r * c, logSigma.value, sr, z, r * c, c);
                else VectorMath.gaussianRows(x.value, xr, mean.value, mr, logSigma.value, sr, invSigma, z, r * c, len, c, value, r);
            }
            float constant = c * HALF_LOG_2PI;
            for (int r = r0; r < r1; r++) value[r] -= constant;
        }

        /**
         * Split over threads by classes of rows that share no gradient row: an input with fewer rows (tiled, as
         * q(h|x)'s mean over k samples) takes the gradient of rows r, r + its rows, … into one row, so those stay
         * on one thread in order of r; every element gets its contributions in the same order as on one thread.
         * Inputs tiled by two different row counts run on one thread.
         */
        @Override
        void backward() {
            backwardByClasses(gradientClasses(rows, gradientClasses(rows, gradientClasses(rows, rows, x), mean), logSigma),
                    (long) rows * x.cols);
        }

        @Override
        int gradientRun(int r) {
            return Math.min(contiguousIfGradient(r, rows, x),
                    Math.min(contiguousIfGradient(r, rows, mean), contiguousIfGradient(r, rows, logSigma)));
        }

        @Override
        void backwardRun(int r, int len) {
            int c = x.cols;
            VectorMath.gaussianBackward(grad, r, z, invSigma, r * c, len, c, x.requiresGrad ? x.grad : null, tiled(r, x.rows) * c,
                    mean.requiresGrad ? mean.grad : null, tiled(r, mean.rows) * c, logSigma.requiresGrad ? logSigma.grad : null,
                    tiled(r, logSigma.rows) * c);
        }
    }

    /** log N(x; 0, I) summed over columns. */
    static final class StandardNormalLogDensity extends Node {
        Var x;

        Node bind(Var x) {
            this.x = x;
            shape(x.rows, 1);
            needsGradFrom(x);
            return this;

        }

        @Override
        void forward() {
            int c = x.cols;
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int j = 0; j < c; j++) {
                    float v = x.value[r * c + j];
                    sum += -0.5f * v * v - HALF_LOG_2PI;
                }
                value[r] = (float) sum;
            }
        }

        @Override
        void backward() {
            if (!x.requiresGrad) return;
            int c = x.cols;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < c; j++) x.grad[r * c + j] -= grad[r] * x.value[r * c + j];
            }
        }
    }

    /**
     * log Bernoulli(x; σ(l)) summed over columns, from the logits l: x·l − softplus(l). Never forms σ(l), so
     * it stays finite for any logit; x may be tiled.
     */
    static final class BernoulliLogits extends Node {
        Var x, logits;
        private float[] softplus;

        Node bind(Var x, Var logits) {
            if (x.cols != logits.cols || x.rows == 0 || logits.rows % x.rows != 0) throw mismatch("bernoulliLogLikelihood", x, logits);
            this.x = x;
            this.logits = logits;
            shape(logits.rows, 1);
            needsGradFrom(x, logits);
            return this;

        }

        @Override
        void forward() {
            // softplus(l) is kept only when a backward pass may come (not on a tape without gradients)
            int n = logits.rows * logits.cols;
            if (requiresGrad && (softplus == null || softplus.length != n)) softplus = new float[n];
            Bernoulli.forward(x.value, x.rows, logits.value, rows, x.cols, requiresGrad ? softplus : null, value);
        }

        @Override
        void backward() {
            int c = x.cols;
            if (logits.requiresGrad) Bernoulli.backward(x.value, x.rows, logits.value, rows, c, softplus, grad, logits.grad);
            if (x.requiresGrad) {
                for (int r = 0; r < rows; r++) {
                    int xr = tiled(r, x.rows) * c, o = r * c;
                    for (int j = 0; j < c; j++) x.grad[xr + j] += grad[r] * logits.value[o + j];
                }
            }
        }
    }

    /** h = μ + e^(log σ)·ε, with μ and log σ tiled over the rows of the noise ε. */
    static final class Reparameterize extends RowSplitNode {
        Var mean, logSigma, eps;
        private float[] sigma, product;

        Node bind(Var mean, Var logSigma, Var eps) {
            int r = tiledRows("reparameterize", mean, logSigma, eps);
            if (eps.rows != r) throw mismatch("reparameterize (noise must have the most rows)", mean, logSigma, eps);
            this.mean = mean;
            this.logSigma = logSigma;
            this.eps = eps;
            shape(r, eps.cols);
            needsGradFrom(mean, logSigma, eps);
            if (sigma == null || sigma.length != value.length) {
                sigma = new float[value.length];
                product = new float[value.length];
            }
            return this;

        }

        @Override
        void forward() {
            chunk = chunkRows(rows, cols);
            Parallel.run((rows + chunk - 1) / chunk, this);
        }

        /** σ = e^(log σ), then h = σ·ε and h = μ + h by runs of rows that μ holds contiguously: the same sums as row by row. */
        @Override
        void forwardRows(int r0, int r1) {
            int c = cols;
            for (int r = r0; r < r1; r++) {
                int sr = tiled(r, logSigma.rows) * c;
                System.arraycopy(logSigma.value, sr, sigma, r * c, c);
            }
            int n = (r1 - r0) * c;
            VectorMath.exp(sigma, r0 * c, sigma, r0 * c, n);
            VectorMath.mul(sigma, r0 * c, eps.value, r0 * c, value, r0 * c, n);
            float[] mv = mean.value;
            for (int r = r0, len; r < r1; r += len) {
                len = Math.min(r1 - r, contiguous(r, mean.rows));
                int mr = tiled(r, mean.rows) * c, o = r * c;
                if (len > 1) VectorMath.add(mv, mr, value, o, value, o, len * c);
                else for (int j = 0; j < c; j++) value[o + j] = mv[mr + j] + value[o + j]; // a mean of one row: no call a row
            }
        }

        /** Split over threads like {@link GaussianLogDensity#backward}: tiled inputs' shared rows stay on one thread. */
        @Override
        void backward() {
            backwardByClasses(gradientClasses(rows, gradientClasses(rows, gradientClasses(rows, rows, mean), logSigma), eps),
                    (long) rows * cols);
        }

        @Override
        int gradientRun(int r) {
            return Math.min(contiguousIfGradient(r, rows, mean), contiguousIfGradient(r, rows, logSigma)); // ε has every row
        }

        /** With g the gradient of h: μ's gradient += g, ε's += g·σ and log σ's += (g·σ)·ε, elementwise. */
        @Override
        void backwardRun(int r, int len) {
            int c = cols, o = r * c, n = len * c;
            if (mean.requiresGrad) {
                int mr = tiled(r, mean.rows) * c;
                VectorMath.add(mean.grad, mr, grad, o, mean.grad, mr, n);
            }
            if (!logSigma.requiresGrad && !eps.requiresGrad) return;
            VectorMath.mul(grad, o, sigma, o, product, o, n);
            if (eps.requiresGrad) VectorMath.add(eps.grad, o, product, o, eps.grad, o, n);
            if (logSigma.requiresGrad) {
                int sr = tiled(r, logSigma.rows) * c;
                VectorMath.mul(product, o, eps.value, o, product, o, n);
                VectorMath.add(logSigma.grad, sr, product, o, logSigma.grad, sr, n);
            }
        }
    }
}
