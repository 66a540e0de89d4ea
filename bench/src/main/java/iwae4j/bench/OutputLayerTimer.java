package iwae4j.bench;

import iwae4j.tensor.Bernoulli;
import iwae4j.tensor.Gemm;
import iwae4j.tensor.VectorMath;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The output layer of an L_5000 evaluation chunk, piece by piece, in one loop: the product with its bias
 * ([rows × inner]·[inner × 784] + b), the Bernoulli forward of the logits (x tiled from {@code xRows} rows, no
 * softplus kept) and the softplus alone over the same [rows × 784] floats; 20 calls of each per round, the last
 * five of 30 rounds printed in ms per call. Calling the three in one loop is the profile under which JDK 17's C2
 * once compiled the softplus loop with a boxed store (docs/benchmarks.md, "On a Zen 5 host again").
 * Usage: {@code OutputLayerTimer ROWS INNER XROWS} (the evaluation's chunk: 500 200 100); threads from
 * {@code -Diwae4j.threads}.
 */
public final class OutputLayerTimer {
    private OutputLayerTimer() {
    }

    public static void main(String[] args) {
        int m = Integer.parseInt(args[0]), k = Integer.parseInt(args[1]), xRows = Integer.parseInt(args[2]), n = 784;
        SplittableRandom r = new SplittableRandom(1);
        float[] h = new float[m * k], w = new float[k * n], b = new float[n], x = new float[xRows * n];
        float[] logits = new float[m * n], out = new float[m], sp = new float[m * n];
        for (int i = 0; i < h.length; i++) h[i] = (float) Math.tanh(r.nextGaussian());
        for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() * 0.1);
        for (int i = 0; i < x.length; i++) x[i] = r.nextBoolean() ? 1f : 0f;
        int reps = 20;
        double sink = 0;
        for (int round = 0; round < 30; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) Gemm.mulAddBias(h, 0, w, 0, b, 0, logits, 0, m, n, k, false);
            long t1 = System.nanoTime();
            for (int i = 0; i < reps; i++) Bernoulli.forward(x, xRows, logits, m, n, null, out);
            long t2 = System.nanoTime();
            for (int i = 0; i < reps; i++) VectorMath.softplus(logits, 0, sp, 0, m * n);
            long t3 = System.nanoTime();
            sink += out[0] + sp[m * n - 1];
            if (round >= 25) {
                System.out.printf(Locale.ROOT, "output layer rows=%d inner=%d: product+bias %.3f ms (%.0f GFLOP/s), bernoulli %.3f ms, softplus alone %.3f ms%n",
                        m, k, (t1 - t0) / 1e6 / reps, 2.0 * m * n * k * reps / (t1 - t0), (t2 - t1) / 1e6 / reps, (t3 - t2) / 1e6 / reps);
            }
        }
        if (!Double.isFinite(sink)) System.out.println("(non-finite values)");
    }
}
