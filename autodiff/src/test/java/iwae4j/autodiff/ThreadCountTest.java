package iwae4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import iwae4j.tensor.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backward pass splits its big element-wise work over threads (the tanh′ of a layer, the reparameterization
 * and the Gaussian log-density split by classes of rows that share no gradient row, the zeroing of the
 * gradients): every gradient must be the same bits on one thread and on two. The graph is big enough for each
 * split (81,920 elements a layer) and has a reparameterization and a density whose mean is tiled over 256 samples
 * (20 rows), a density that is not tiled, and one whose inputs are tiled by two different row counts (20 and 40:
 * one thread).
 */
class ThreadCountTest {
    private static final long SEED = 20261201L;
    private static final int BATCH = 20, SAMPLES = 256, IN = 30, HIDDEN = 40, LATENT = 16;

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void everyGradientIsTheSameBitsOnOneThreadAndOnTwo() {
        Graph one = new Graph();
        Parallel.setThreads(1);
        List<float[]> serial = one.gradients();
        Graph two = new Graph();
        Parallel.setThreads(2);
        List<float[]> parallel = two.gradients();
        assertEquals(serial.size(), parallel.size());
        for (int i = 0; i < serial.size(); i++) {
            assertArrayEquals(serial.get(i), parallel.get(i), "seed " + SEED + ": gradient " + i + " of " + serial.size());
        }
    }

    /** A second backward on the same tape starts from dirty node gradients: they must be zeroed again, in every slice. */
    @Test
    void aSecondBackwardOnTheSameTapeGivesTheSameGradients() {
        Parallel.setThreads(2);
        Graph g = new Graph();
        List<float[]> first = g.gradients();
        List<float[]> second = g.gradients();
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), second.get(i), "seed " + SEED + ": gradient " + i + " of " + first.size());
        }
    }

    private static final class Graph {
        final SplittableRandom rnd = new SplittableRandom(SEED);
        final List<Parameter> params = new ArrayList<>();
        final Parameter w1 = param(IN, HIDDEN), b1 = param(1, HIDDEN), wm = param(HIDDEN, LATENT), bm = param(1, LATENT);
        final Parameter ws = param(HIDDEN, LATENT), bs = param(1, LATENT), wd = param(LATENT, LATENT), bd = param(1, LATENT);
        final Parameter wo = param(LATENT, LATENT), bo = param(1, LATENT), wl = param(LATENT, LATENT), bl = param(1, LATENT);
        final float[] x = random(BATCH * IN, 1f), eps = random(BATCH * SAMPLES * LATENT, 1f);
        final Tape tape = new Tape();
        Var z;

        Parameter param(int rows, int cols) {
            Parameter p = new Parameter("p" + params.size(), rows, cols);
            p.set(random(rows * cols, 0.3f));
            params.add(p);
            return p;
        }

        float[] random(int n, float scale) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextGaussian() * scale);
            return a;
        }

        /** One forward and backward; the parameters' gradients and the samples' gradient, copied. */
        List<float[]> gradients() {
            for (Parameter p : params) p.zeroGrad();
            tape.reset();
            Tape t = tape;
            Var h = t.linearTanh(t.constant(x, BATCH, IN), w1, b1);
            Var mean = t.linear(h, wm, bm), logSigma = t.linear(h, ws, bs);
            z = t.reparameterize(mean, logSigma, t.constant(eps, BATCH * SAMPLES, LATENT));
            Var q = t.gaussianLogDensity(z, mean, logSigma);                        // tiled: 20-row classes
            Var d = t.linearTanh(z, wd, bd);
            Var p = t.gaussianLogDensity(z, t.linear(d, wo, bo), t.linear(d, wl, bl)); // not tiled: row split
            Var mixed = t.gaussianLogDensity(z, mean, t.repeatRows(logSigma, 2));   // tiled by 20 and 40: one thread
            Var loss = t.sum(t.add(t.sub(q, p), mixed), -1);
            t.backward(loss);
            List<float[]> out = new ArrayList<>();
            for (Parameter prm : params) out.add(prm.grad().clone());
            out.add(z.grad().clone());
            return out;
        }
    }
}
