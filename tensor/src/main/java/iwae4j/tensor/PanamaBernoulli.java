package iwae4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API implementation of {@link Bernoulli} (for {@link PanamaKernels}); same contracts, arguments checked by the facade. */
final class PanamaBernoulli {
    private static final VectorSpecies<Float> S = PanamaWidth.FLOATS;
    private static final int L = S.length();
    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    private PanamaBernoulli() {
    }

    /**
     * out[r] = Σ_j x·l − softplus(l) for each row of the logits; writes softplus(l) into {@code softplus}
     * (for the backward pass). Only {@code softplus} and {@code out} are modified. With {@code softplus}
     * null (no backward pass to come, as in evaluation) each row's softplus goes to a per-thread row buffer
     * that stays in L1 instead of a [rows×cols] array that goes out to memory; {@code out} is bit-identical.
     */
    static void forward(float[] x, int xRows, float[] logits, int rows, int cols, float[] softplus, float[] out) {
        run(false, x, xRows, logits, rows, cols, softplus, out, null);
    }

    /** logitsGrad[r, j] += g[r]·(x − exp(l − softplus(l))). Only {@code logitsGrad} is modified. */
    static void backward(float[] x, int xRows, float[] logits, int rows, int cols, float[] softplus, float[] g, float[] logitsGrad) {
        run(true, x, xRows, logits, rows, cols, softplus, g, logitsGrad);
    }

    private static void run(boolean back, float[] x, int xRows, float[] logits, int rows, int cols, float[] sp, float[] rowBuf, float[] lg) {
        if ((long) rows * cols < Bernoulli.parallelThreshold || Parallel.threads() == 1 || rows < 2) {
            rows(back, x, xRows, logits, 0, rows, cols, sp, rowBuf, lg);
            return;
        }
        Job job = JOBS.get();
        job.back = back;
        job.x = x;
        job.xRows = xRows;
        job.logits = logits;
        job.rows = rows;
        job.cols = cols;
        job.sp = sp;
        job.rowBuf = rowBuf;
        job.lg = lg;
        int parts = Parallel.threads();
        job.chunk = (rows + parts - 1) / parts;
        Parallel.run((rows + job.chunk - 1) / job.chunk, job);
        job.x = job.logits = job.sp = job.rowBuf = job.lg = null;
    }

    private static final class Job implements Parallel.Body {
        boolean back;
        float[] x, logits, sp, rowBuf, lg;
        int xRows, rows, cols, chunk;

        @Override
        public void run(int part) {
            int lo = part * chunk;
            rows(back, x, xRows, logits, lo, Math.min(rows, lo + chunk), cols, sp, rowBuf, lg);
        }
    }

    private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[1][0]);

    private static void rows(boolean back, float[] x, int xRows, float[] logits, int r0, int r1, int cols, float[] sp, float[] rowBuf, float[] lg) {
        int bound = S.loopBound(cols);
        float[][] holder = ROW.get();
        if (holder[0].length < cols) holder[0] = new float[cols];
        float[] sigma = holder[0];
        for (int r = r0; r < r1; r++) {
            int xr = (r % xRows) * cols, o = r * cols;
            if (!back) {
                // softplus of this row into sp (kept for the backward pass) or into the row buffer
                float[] spRow = sp == null ? sigma : sp;
                int s0 = sp == null ? 0 : o;
                PanamaVectorMath.softplus(logits, o, spRow, s0, cols);
                // terms x·l − softplus(l), one rounding each, then the fixed-order sum; the terms overwrite
                // the row buffer (its softplus is not needed again) or, when sp is kept, go to it
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector.fromArray(S, x, xr + j).fma(FloatVector.fromArray(S, logits, o + j),
                            FloatVector.fromArray(S, spRow, s0 + j).neg()).intoArray(sigma, j);
                }
                for (; j < cols; j++) sigma[j] = Math.fma(x[xr + j], logits[o + j], -spRow[s0 + j]);
                float sum = PanamaFixedOrderSum.sum(sigma, 0, cols);
                rowBuf[r] = sum;
            } else {
                PanamaVectorMath.expOfDifference(logits, o, sp, o, sigma, 0, cols); // σ(l)
                float g = rowBuf[r];
                FloatVector gv = FloatVector.broadcast(S, g);
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector d = FloatVector.fromArray(S, x, xr + j).sub(FloatVector.fromArray(S, sigma, j));
                    d.fma(gv, FloatVector.fromArray(S, lg, o + j)).intoArray(lg, o + j);
                }
                for (; j < cols; j++) lg[o + j] = Math.fma(x[xr + j] - sigma[j], g, lg[o + j]);
            }
        }
    }
}
