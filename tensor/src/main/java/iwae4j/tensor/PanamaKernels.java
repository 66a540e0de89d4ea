package iwae4j.tensor;

/**
 * The Vector API backend: each method runs the {@code Panama*} class of its facade ({@link PanamaGemm},
 * {@link PanamaVectorMath}, {@link PanamaBernoulli}, {@link PanamaLogSumExp}, {@link PanamaNormals},
 * {@link PanamaFixedOrderSum}), which call one another, never the facades. Loaded by {@link Vectorization}
 * only when {@code jdk.incubator.vector} is readable.
 */
final class PanamaKernels implements Kernels {
    @Override
    public String description() {
        return "Vector API kernels (jdk.incubator.vector, " + PanamaWidth.FLOATS.vectorBitSize() + "-bit vectors)";
    }

    @Override
    public void mul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k, boolean accumulate) {
        PanamaGemm.mul(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
    }

    @Override
    public void mulAddBias(float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff, float[] c, int cOff,
                           int m, int n, int k, boolean tanh) {
        PanamaGemm.mulAddBias(a, aOff, b, bOff, bias, biasOff, c, cOff, m, n, k, tanh);
    }

    @Override
    public void mulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k, boolean accumulate) {
        PanamaGemm.mulTransB(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
    }

    @Override
    public void mulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k, boolean accumulate) {
        PanamaGemm.mulTransA(a, aOff, b, bOff, c, cOff, m, n, k, accumulate);
    }

    @Override
    public void exp(float[] x, int xOff, float[] y, int yOff, int n) {
        PanamaVectorMath.exp(x, xOff, y, yOff, n);
    }

    @Override
    public void expBuiltin(float[] x, int xOff, float[] y, int yOff, int n) {
        PanamaVectorMath.expBuiltin(x, xOff, y, yOff, n);
    }

    @Override
    public void log(float[] x, int xOff, float[] y, int yOff, int n) {
        PanamaVectorMath.log(x, xOff, y, yOff, n);
    }

    @Override
    public void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        PanamaVectorMath.tanh(x, xOff, y, yOff, n);
    }

    @Override
    public void softplus(float[] x, int xOff, float[] y, int yOff, int n) {
        PanamaVectorMath.softplus(x, xOff, y, yOff, n);
    }

    @Override
    public void logSigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        PanamaVectorMath.logSigmoid(x, xOff, y, yOff, n);
    }

    @Override
    public void expOfDifference(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        PanamaVectorMath.expOfDifference(x, xOff, z, zOff, y, yOff, n);
    }

    @Override
    public void softplusBackward(float[] x, int xOff, float[] sp, int spOff, float[] g, int gOff, float[] dx, int dxOff, int n) {
        PanamaVectorMath.softplusBackward(x, xOff, sp, spOff, g, gOff, dx, dxOff, n);
    }

    @Override
    public void add(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        PanamaVectorMath.add(x, xOff, z, zOff, y, yOff, n);
    }

    @Override
    public void addBiasRows(float[] x, int xOff, float[] bias, int bOff, float[] y, int yOff, int rows, int cols, int ld) {
        PanamaVectorMath.addBiasRows(x, xOff, bias, bOff, y, yOff, rows, cols, ld);
    }

    @Override
    public void sumRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        PanamaVectorMath.sumRows(x, xOff, rows, cols, out, outOff);
    }

    @Override
    public void multiply(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n) {
        PanamaVectorMath.mul(x, xOff, z, zOff, y, yOff, n);
    }

    @Override
    public void addScaled(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        PanamaVectorMath.addScaled(a, x, xOff, y, yOff, n);
    }

    @Override
    public float gaussianRow(float[] x, int xOff, float[] mean, int mOff, float[] invSigma, int iOff,
                             float[] logSigma, int lOff, float[] z, int zOff, int n) {
        return PanamaVectorMath.gaussianRow(x, xOff, mean, mOff, invSigma, iOff, logSigma, lOff, z, zOff, n);
    }

    @Override
    public void gaussianRows(float[] x, int xOff, float[] mean, int mOff, float[] logSigma, int lOff, float[] invSigma,
                             float[] z, int zOff, int rows, int cols, float[] out, int outOff) {
        PanamaVectorMath.gaussianRows(x, xOff, mean, mOff, logSigma, lOff, invSigma, z, zOff, rows, cols, out, outOff);
    }

    @Override
    public void gaussianBackward(float[] g, int gOff, float[] z, float[] invSigma, int zOff, int rows, int cols,
                                 float[] xGrad, int xgOff, float[] meanGrad, int mgOff, float[] logSigmaGrad, int sgOff) {
        PanamaVectorMath.gaussianBackward(g, gOff, z, invSigma, zOff, rows, cols, xGrad, xgOff, meanGrad, mgOff, logSigmaGrad, sgOff);
    }

    @Override
    public boolean allFinite(float[] x, int off, int n) {
        return PanamaVectorMath.allFinite(x, off, n);
    }

    @Override
    public void adamUpdate(float[] theta, float[] g, float[] m, float[] v, int from, int to, float beta1, float beta2,
                           float epsilon, float stepSize, float invSqrtC2, boolean zero) {
        PanamaVectorMath.adamUpdate(theta, g, m, v, from, to, beta1, beta2, epsilon, stepSize, invSqrtC2, zero);
    }

    @Override
    public void bernoulliForward(float[] x, int xRows, float[] logits, int rows, int cols, float[] softplus, float[] out) {
        PanamaBernoulli.forward(x, xRows, logits, rows, cols, softplus, out);
    }

    @Override
    public void bernoulliBackward(float[] x, int xRows, float[] logits, int rows, int cols, float[] softplus, float[] g,
                                  float[] logitsGrad) {
        PanamaBernoulli.backward(x, xRows, logits, rows, cols, softplus, g, logitsGrad);
    }

    @Override
    public void logSumExpColumns(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        PanamaLogSumExp.columns(x, xOff, rows, cols, out, outOff);
    }

    @Override
    public void logSumExpRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff) {
        PanamaLogSumExp.rows(x, xOff, rows, cols, out, outOff);
    }

    @Override
    public void normals(float[] out, int off, int n, long key) {
        PanamaNormals.fill(out, off, n, key);
    }

    @Override
    public float sum(float[] t, int off, int n) {
        return PanamaFixedOrderSum.sum(t, off, n);
    }
}
