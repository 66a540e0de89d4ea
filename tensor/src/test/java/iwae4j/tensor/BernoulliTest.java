package iwae4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fused Bernoulli kernel against its scalar twin, on awkward sizes, tiled data and both thread counts. */
class BernoulliTest {
    @Test
    void simdAndThreadedEqualTheScalarTwin() {
        int saved = Parallel.threads();
        int savedThreshold = Bernoulli.parallelThreshold;
        try {
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreads(threads);
                Bernoulli.parallelThreshold = 1;
                for (int cols : new int[] {1, 3, 7, 8, 9, 15, 16, 17, 33, 784}) {
                    for (int[] rr : new int[][] {{1, 1}, {2, 6}, {5, 5}, {20, 100}}) {
                        int xRows = rr[0], rows = rr[1];
                        SplittableRandom rnd = new SplittableRandom(cols * 31L + rows);
                        float[] x = new float[xRows * cols], l = new float[rows * cols], g = new float[rows];
                        for (int i = 0; i < x.length; i++) x[i] = rnd.nextBoolean() ? 1f : 0f;
                        for (int i = 0; i < l.length; i++) l[i] = (float) (rnd.nextDouble() * 30 - 15);
                        for (int i = 0; i < g.length; i++) g[i] = (float) rnd.nextGaussian();
                        float[] spF = new float[l.length], spS = new float[l.length], outF = new float[rows], outS = new float[rows];
                        Bernoulli.forward(x, xRows, l, rows, cols, spF, outF);
                        Bernoulli.forwardScalar(x, xRows, l, rows, cols, spS, outS);
                        String where = "threads " + threads + " cols " + cols + " rows " + rows;
                        for (int i = 0; i < l.length; i++) assertEquals(spS[i], spF[i], 1e-6f * Math.max(1, spS[i]), where);
                        for (int r = 0; r < rows; r++) assertEquals(outS[r], outF[r], 2e-5f * Math.max(1, Math.abs(outS[r])), where);
                        // without a softplus array (evaluation): the same bits as with one, and the twin agrees too
                        float[] outN = new float[rows], outNS = new float[rows];
                        Bernoulli.forward(x, xRows, l, rows, cols, null, outN);
                        Bernoulli.forwardScalar(x, xRows, l, rows, cols, null, outNS);
                        assertArrayEquals(outF, outN, where + " (no softplus array)");
                        assertArrayEquals(outS, outNS, where + " (scalar, no softplus array)");
                        float[] gF = new float[l.length], gS = new float[l.length];
                        Bernoulli.backward(x, xRows, l, rows, cols, spS, g, gF);
                        Bernoulli.backwardScalar(x, xRows, l, rows, cols, spS, g, gS);
                        assertArrayEquals(gS, gF, 1e-5f, where);
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
            Bernoulli.parallelThreshold = savedThreshold;
        }
    }
}
