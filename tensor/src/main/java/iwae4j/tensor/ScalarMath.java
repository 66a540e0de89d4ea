package iwae4j.tensor;

/**
 * Scalar reference twins of the {@link VectorMath} and {@link LogSumExp} kernels, in plain loops over
 * {@link Math}. Same arguments and meaning as the vector versions.
 */
public final class ScalarMath {
    private ScalarMath() {
    }

    public static void exp(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = (float) Math.exp(x[xOff + i]);
    }

    public static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = (float) Math.tanh(x[xOff + i]);
    }

    /** log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|)). */
    public static float softplus(float x) {
        return (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))));
    }

    public static void softplus(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = softplus(x[xOff + i]);
    }

    public static void logSigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = -softplus(-x[xOff + i]);
    }

    public static void addBiasRows(float[] x, int xOff, float[] bias, int bOff, float[] y, int yOff, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) y[yOff + r * cols + c] = x[xOff + r * cols + c] + bias[bOff + c];
        }
    }

    public static void add(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = x[xOff + i] + z[zOff + i];
    }

    public static void mul(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] = x[xOff + i] * z[zOff + i];
    }

    public static void sumRowsInto(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) out[outOff + c] += x[xOff + r * cols + c];
        }
    }

    public static void logSumExpColumns(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        logSumExpColumns(x, xOff, rows, cols, cols, out, outOff);
    }

    /** Log-sum-exp over axis 0 of the first {@code cols} columns of a block whose rows are {@code stride} apart. */
    static void logSumExpColumns(float[] x, int xOff, int rows, int cols, int stride, float[] out, int outOff) {
        for (int c = 0; c < cols; c++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) max = Math.max(max, x[xOff + r * stride + c]);
            if (rows == 0 || Float.isInfinite(max) || Float.isNaN(max)) {
                out[outOff + c] = max;
                continue;
            }
            float s = 0f;
            for (int r = 0; r < rows; r++) s += (float) Math.exp(x[xOff + r * stride + c] - max);
            out[outOff + c] = max + (float) Math.log(s);
        }
    }

    public static void logSumExpRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, x[xOff + r * cols + c]);
            if (cols == 0 || Float.isInfinite(max) || Float.isNaN(max)) {
                out[outOff + r] = max;
                continue;
            }
            float s = 0f;
            for (int c = 0; c < cols; c++) s += (float) Math.exp(x[xOff + r * cols + c] - max);
            out[outOff + r] = max + (float) Math.log(s);
        }
    }

    /** Scalar twin of {@link VectorMath#gaussianRow}, summing in double. */
    public static float gaussianRow(float[] x, int xOff, float[] mean, int mOff, float[] invSigma, int iOff,
                                    float[] logSigma, int lOff, float[] z, int zOff, int n) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            float zj = (x[xOff + j] - mean[mOff + j]) * invSigma[iOff + j];
            z[zOff + j] = zj;
            sum += -0.5 * zj * zj - logSigma[lOff + j];
        }
        return (float) sum;
    }
}
