package iwae4j.tensor;

/**
 * The scalar reference twin of {@link Gemm}: plain triple loops, one fused multiply-add per term in
 * increasing order of the inner index. Same arguments and meaning as the {@link Gemm} methods.
 */
public final class GemmScalar {
    private GemmScalar() {
    }

    /** C[m×n] (+)= A[m×k] · B[k×n]. */
    public static void mul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                           int m, int n, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) s = Math.fma(a[aOff + i * k + p], b[bOff + p * n + j], s);
                int ci = cOff + i * n + j;
                c[ci] = accumulate ? c[ci] + s : s;
            }
        }
    }

    /** C[m×n] (+)= A[m×k] · B[n×k]ᵀ. */
    public static void mulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                                 int m, int n, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) s = Math.fma(a[aOff + i * k + p], b[bOff + j * k + p], s);
                int ci = cOff + i * n + j;
                c[ci] = accumulate ? c[ci] + s : s;
            }
        }
    }

    /** C[m×n] (+)= A[k×m]ᵀ · B[k×n]. */
    public static void mulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                                 int m, int n, int k, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) s = Math.fma(a[aOff + p * m + i], b[bOff + p * n + j], s);
                int ci = cOff + i * n + j;
                c[ci] = accumulate ? c[ci] + s : s;
            }
        }
    }
}
