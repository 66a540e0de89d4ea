package iwae4j.autodiff;

import iwae4j.tensor.ScalarMath;

/**
 * Ops for rows with missing cells, a missing cell being any non-finite value (NaN): the encoder's input with the
 * cells filled and, optionally, the mask beside them; and the observation log-likelihood summed over the observed
 * cells only, Bernoulli and Gaussian columns in one row (the MIWAE bound of Mattei and Frellsen, 2019). Sums of a
 * row run in double.
 */
final class MissingOps {
    private MissingOps() {
    }

    /**
     * [x with each non-finite cell set to 0 | the mask, 1 observed and 0 missing] ([R × 2c]), or the filled x alone
     * ([R × c]). The gradient reaches only x's observed cells.
     */
    static final class ObservedInput extends Node {
        Var x;
        boolean appendMask;

        Node bind(Var x, boolean appendMask) {
            this.x = x;
            this.appendMask = appendMask;
            shape(x.rows, appendMask ? 2 * x.cols : x.cols);
            needsGradFrom(x);
            return this;
        }

        @Override
        void forward() {
            int c = x.cols;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < c; j++) {
                    float v = x.value[r * c + j];
                    boolean seen = Float.isFinite(v);
                    value[r * cols + j] = seen ? v : 0f;
                    if (appendMask) value[r * cols + c + j] = seen ? 1f : 0f;
                }
            }
        }

        @Override
        void backward() {
            if (!x.requiresGrad) return;
            int c = x.cols;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < c; j++) {
                    if (Float.isFinite(x.value[r * c + j])) x.grad[r * c + j] += grad[r * cols + j];
                }
            }
        }
    }

    /**
     * Σ over the columns j where x is finite of log p(x_j): for a binary column Bernoulli from the logit a_j,
     * x·a − softplus(a); otherwise Gaussian from the mean a_j and log σ_j, −½z² − log σ − ½log 2π with
     * z = (x − a)·e^(−log σ). [R × 1] with R the rows of a; x tiles (row r reads x's row r mod rows); log σ has a's
     * shape or is absent when every column is binary.
     */
    static final class ObservedLogLikelihood extends Node {
        Var x, a, logSigma;
        boolean[] binary;
        /**
         * Per cell, the forward pass's exponential for the backward one: e^(−|a|) of a binary column (σ(a) follows from
         * it exactly as from its own exponential), e^(−log σ) of a Gaussian one; the same doubles, so the same bits, and
         * half the exponentials of a training step. Grown, never shrunk.
         */
        private double[] exps = new double[0];

        Node bind(Var x, Var a, Var logSigma, boolean[] binary) {
            if (x.cols != a.cols || x.rows == 0 || a.rows % x.rows != 0
                    || (logSigma != null && (logSigma.rows != a.rows || logSigma.cols != a.cols))) {
                throw logSigma == null ? mismatch("observedLogLikelihood", x, a) : mismatch("observedLogLikelihood", x, a, logSigma);
            }
            if (binary != null && binary.length != a.cols) {
                throw new IllegalArgumentException("observedLogLikelihood: " + binary.length + " column kinds for " + a.cols + " columns");
            }
            if (logSigma == null) {
                for (int j = 0; j < a.cols; j++) {
                    if (binary == null || !binary[j]) throw new IllegalArgumentException("observedLogLikelihood: Gaussian column " + j + " needs a log σ");
                }
            }
            this.x = x;
            this.a = a;
            this.logSigma = logSigma;
            this.binary = binary;
            shape(a.rows, 1);
            requiresGrad = x.requiresGrad || a.requiresGrad || (logSigma != null && logSigma.requiresGrad);
            return this;
        }

        private boolean isBinary(int j) {
            return binary != null && binary[j];
        }

        @Override
        void forward() {
            int c = a.cols;
            if (requiresGrad && exps.length < rows * c) exps = new double[rows * c];
            double halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
            for (int r = 0; r < rows; r++) {
                int xr = DensityOps.tiled(r, x.rows) * c, o = r * c;
                double sum = 0;
                for (int j = 0; j < c; j++) {
                    float xv = x.value[xr + j];
                    if (!Float.isFinite(xv)) continue;
                    double m = a.value[o + j];
                    if (isBinary(j)) {
                        double e = Math.exp(-Math.abs(m));
                        if (requiresGrad) exps[o + j] = e;
                        sum += xv * m - (Math.max(m, 0) + ScalarMath.log1p(e));   // softplus(m)
                    } else {
                        double ls = logSigma.value[o + j], inv = Math.exp(-ls), z = (xv - m) * inv;
                        if (requiresGrad) exps[o + j] = inv;
                        sum += -0.5 * z * z - ls - halfLog2Pi;
                    }
                }
                value[r] = (float) sum;
            }
        }

        @Override
        void backward() {
            int c = a.cols;
            for (int r = 0; r < rows; r++) {
                double g = grad[r];
                int xr = DensityOps.tiled(r, x.rows) * c, o = r * c;
                for (int j = 0; j < c; j++) {
                    float xv = x.value[xr + j];
                    if (!Float.isFinite(xv)) continue;
                    double m = a.value[o + j];
                    if (isBinary(j)) {
                        // σ(m) from e = e^(−|m|): 1 / (1 + e) for m ≥ 0, e / (1 + e) below, as sigmoid computes it
                        double e = exps[o + j], sig = m >= 0 ? 1 / (1 + e) : e / (1 + e);
                        if (a.requiresGrad) a.grad[o + j] += (float) (g * (xv - sig));
                        if (x.requiresGrad) x.grad[xr + j] += (float) (g * m);
                    } else {
                        double ls = logSigma.value[o + j], inv = exps[o + j], z = (xv - m) * inv;
                        if (a.requiresGrad) a.grad[o + j] += (float) (g * z * inv);
                        if (x.requiresGrad) x.grad[xr + j] -= (float) (g * z * inv);
                        if (logSigma.requiresGrad) logSigma.grad[o + j] += (float) (g * (z * z - 1));
                    }
                }
            }
        }
    }
}
