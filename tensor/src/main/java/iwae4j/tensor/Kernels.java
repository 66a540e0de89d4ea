package iwae4j.tensor;

/**
 * The kernels behind the public facades ({@link Gemm}, {@link VectorMath}, {@link Bernoulli}, {@link LogSumExp},
 * {@link Normals}, {@link FixedOrderSum}), one implementation per backend: {@link PanamaKernels} on the Vector
 * API and {@link PlainJavaKernels} in plain Java. Each implementation is complete and gives the same bits as the
 * other, except {@link #expBuiltin} (the JDK's own exp, for a benchmark only; the engine never calls it);
 * {@link Vectorization} picks one when it initializes. The facades check every argument before calling,
 * so implementations do not check again. Each method has the contract of the facade method it serves.
 */
interface Kernels {
    /** The constants of e^x's range reduction (x = n·ln2 + r, Cody–Waite split of ln2), shared by both backends. */
    float LOG2E = 1.44269504088896341f;
    float LN2_HI = 0.693359375f;
    float LN2_LO = -2.12194440e-4f;
    /** 1.5·2²³: adding it rounds to an integer held in the low mantissa bits. */
    float ROUND_MAGIC = 12582912f;
    int ROUND_MAGIC_BITS = 0x4B400000;
    /** Taylor coefficients 1/6! .. 1/3! of eʳ on |r| ≤ ln2/2. */
    float EXP_C6 = 1.3888889e-3f, EXP_C5 = 8.3333333e-3f, EXP_C4 = 4.1666667e-2f, EXP_C3 = 1.6666667e-1f;
    /** e^x is 0 below this and +∞ above {@link #EXP_MAX}. */
    float EXP_MIN = -87.33654f;
    float EXP_MAX = 88.72283f;
    /** tanh is ±1 to float precision beyond this. */
    float TANH_CLAMP = 7.90531110763549805f;
    /** π, π/2 and 2π rounded to float, for the angle of the normal draws. */
    float PI = (float) Math.PI, HALF_PI = (float) (Math.PI / 2), TWO_PI = (float) (2 * Math.PI);

    /** One line for logs: which kernels these are. */
    String description();

    // ---- matrix products (Gemm) ----

    void mul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k, boolean accumulate);

    void mulAddBias(float[] a, int aOff, float[] b, int bOff, float[] bias, int biasOff, float[] c, int cOff,
                    int m, int n, int k, boolean tanh);

    void mulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k, boolean accumulate);

    void mulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int n, int k, boolean accumulate);

    // ---- elementwise functions (VectorMath) ----

    void exp(float[] x, int xOff, float[] y, int yOff, int n);

    /** The JDK's exp ({@code lanewise(EXP)} or {@link Math#exp}): not the same bits across backends or JIT states. */
    void expBuiltin(float[] x, int xOff, float[] y, int yOff, int n);

    void log(float[] x, int xOff, float[] y, int yOff, int n);

    void tanh(float[] x, int xOff, float[] y, int yOff, int n);

    void softplus(float[] x, int xOff, float[] y, int yOff, int n);

    void logSigmoid(float[] x, int xOff, float[] y, int yOff, int n);

    void expOfDifference(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n);

    /** dx[i] += g[i] · (float) StrictMath.exp(x[i] − sp[i]), exactly. */
    void softplusBackward(float[] x, int xOff, float[] sp, int spOff, float[] g, int gOff, float[] dx, int dxOff, int n);

    void add(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n);

    /** y[r·ld + c] = x[r·ld + c] + bias[c] over a [rows×cols] block with row stride ld; y may be x. */
    void addBiasRows(float[] x, int xOff, float[] bias, int bOff, float[] y, int yOff, int rows, int cols, int ld);

    /** out[c] += x[0, c] + x[1, c] + … over a [rows×cols] block, added in order of rows. */
    void sumRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff);

    void multiply(float[] x, int xOff, float[] z, int zOff, float[] y, int yOff, int n);

    void addScaled(float a, float[] x, int xOff, float[] y, int yOff, int n);

    float gaussianRow(float[] x, int xOff, float[] mean, int mOff, float[] invSigma, int iOff,
                      float[] logSigma, int lOff, float[] z, int zOff, int n);

    /**
     * A contiguous block of rows of a diagonal Gaussian's log-density: z = (x − mean)·invSigma at zOff (invSigma
     * lies as z does), out[outOff + r] = Σ_j fma(z², −½, −logSigma) over row r in {@link FixedOrderSum}'s order.
     */
    void gaussianRows(float[] x, int xOff, float[] mean, int mOff, float[] logSigma, int lOff, float[] invSigma,
                      float[] z, int zOff, int rows, int cols, float[] out, int outOff);

    /**
     * Its backward pass over the same block, with w = (g[gOff + r]·z)·invSigma: xGrad −= w, meanGrad += w,
     * logSigmaGrad += g[gOff + r]·(z·z − 1), elementwise; a null gradient is skipped.
     */
    void gaussianBackward(float[] g, int gOff, float[] z, float[] invSigma, int zOff, int rows, int cols,
                          float[] xGrad, int xgOff, float[] meanGrad, int mgOff, float[] logSigmaGrad, int sgOff);

    void adamUpdate(float[] theta, float[] g, float[] m, float[] v, int from, int to, float beta1, float beta2,
                    float epsilon, float stepSize, float invSqrtC2, boolean zero);

    boolean allFinite(float[] x, int off, int n);

    // ---- row kernels (Bernoulli, LogSumExp), draws (Normals), the reduction (FixedOrderSum) ----

    void bernoulliForward(float[] x, int xRows, float[] logits, int rows, int cols, float[] softplus, float[] out);

    void bernoulliBackward(float[] x, int xRows, float[] logits, int rows, int cols, float[] softplus, float[] g,
                           float[] logitsGrad);

    void logSumExpColumns(float[] x, int xOff, int rows, int cols, float[] out, int outOff);

    void logSumExpRows(float[] x, int xOff, int rows, int cols, float[] out, int outOff);

    void normals(float[] out, int off, int n, long key);

    float sum(float[] t, int off, int n);

}
