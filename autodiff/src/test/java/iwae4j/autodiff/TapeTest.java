package iwae4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TapeTest {
    /** (x + x)·x = 2x², d/dx = 4x: a node used twice must get both contributions. */
    @Test
    void aValueUsedTwiceGetsBothGradientContributions() {
        Parameter x = new Parameter("x", 1, 3);
        x.set(new float[] {1f, -2f, 0.5f});
        Tape t = new Tape();
        Var y = t.sum(t.mul(t.add(x, x), x), -1);
        t.backward(y);
        assertEquals(2 * (1 + 4 + 0.25), y.get(0), 1e-6);
        assertArrayEquals(new float[] {4f, -8f, 2f}, x.grad(), 1e-6f);
    }

    @Test
    void parameterGradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Parameter x = new Parameter("x", 1, 1);
        x.set(new float[] {3f});
        Tape t = new Tape();
        for (int i = 0; i < 2; i++) {
            t.reset();
            t.backward(t.mul(x, x));
        }
        assertEquals(12f, x.grad()[0]);
        x.zeroGrad();
        assertEquals(0f, x.grad()[0]);
    }

    @Test
    void shapeMistakesNameTheShapes() {
        Tape t = new Tape();
        Parameter a = new Parameter("a", 2, 3), b = new Parameter("b", 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.matmul(a, b));
        assertTrue(e.getMessage().contains("[2×3] [2×3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.backward(t.add(a, b)));
        assertThrows(IllegalArgumentException.class, () -> t.reshape(a, 4, 2));
    }

    private static List<Parameter> mlp(SplittableRandom rnd) {
        Parameter w1 = new Parameter("w1", 30, 40), b1 = new Parameter("b1", 1, 40);
        Parameter w2 = new Parameter("w2", 40, 30), b2 = new Parameter("b2", 1, 30);
        for (Parameter p : List.of(w1, w2)) for (int i = 0; i < p.size(); i++) p.value()[i] = (float) (rnd.nextGaussian() * 0.2);
        return List.of(w1, b1, w2, b2);
    }

    private static float step(Tape t, List<Parameter> p, Adam adam, float[] x, float[] eps) {
        t.reset();
        Var in = t.constant(x, 20, 30);
        Var h = t.linearTanh(in, p.get(0), p.get(1));
        Var logits = t.linear(h, p.get(2), p.get(3));
        Var mean = t.repeatRows(t.scale(t.tanh(logits), 0.5f), 2);
        Var z = t.reparameterize(mean, t.exp(t.scale(logits, 0.1f)), t.constant(eps, 40, 30));
        Var ll = t.add(t.bernoulliLogLikelihood(in, z), t.gaussianLogDensity(z, mean, t.softplus(logits)));
        Var w = t.reshape(ll, 2, 20);
        Var loss = t.scale(t.mean(t.logSumExp(w, 0), -1), -1f);
        for (int i = 0; i < p.size(); i++) p.get(i).zeroGrad(); // indexed: an iterator would be the only allocation
        t.backward(loss);
        adam.step(1e-3);
        return loss.get(0);
    }

    @Test
    void replayingTheSameGraphAllocatesNothing() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom rnd = new SplittableRandom(5);
        List<Parameter> p = mlp(rnd);
        Adam adam = Adam.paper(p);
        float[] x = new float[20 * 30], eps = new float[40 * 30];
        for (int i = 0; i < x.length; i++) x[i] = rnd.nextBoolean() ? 1f : 0f;
        for (int i = 0; i < eps.length; i++) eps[i] = (float) rnd.nextGaussian();
        Tape t = new Tape();
        // the first step builds the buffers; the rest let C2 compile the Vector API code (the interpreter and
        // C1 box vectors, which is allocation that belongs to warm-up, not to the step)
        for (int i = 0; i < 30_000; i++) step(t, p, adam, x, eps);
        long tid = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(tid);
        float loss = 0;
        for (int i = 0; i < 100; i++) loss = step(t, p, adam, x, eps);
        long allocated = bean.getThreadAllocatedBytes(tid) - before;
        assertTrue(Float.isFinite(loss));
        assertEquals(0, allocated, "bytes allocated by 100 replayed training steps");
    }

    @Test
    void aDifferentGraphReplacesTheRestOfTheTape() {
        Tape t = new Tape();
        Parameter a = new Parameter("a", 2, 2);
        a.set(new float[] {1, 2, 3, 4});
        t.sum(t.tanh(a), -1);
        t.reset();
        Var y = t.sum(t.exp(a), 0);
        assertEquals(2, t.size());
        assertEquals((float) (Math.exp(1) + Math.exp(3)), y.get(0), 1e-5f);
    }

    /** A tape without gradients computes the same bits (linear, tanh, Bernoulli) and refuses a backward pass. */
    @Test
    void aTapeWithoutGradientsGivesTheSameValuesAndNoBackward() {
        SplittableRandom rnd = new SplittableRandom(7);
        Parameter w = new Parameter("w", 5, 37);
        Parameter b = new Parameter("b", 1, 37);
        float[] wv = new float[5 * 37], bv = new float[37], hv = new float[12 * 5], xv = new float[4 * 37];
        for (int i = 0; i < wv.length; i++) wv[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < bv.length; i++) bv[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < hv.length; i++) hv[i] = (float) rnd.nextGaussian() * 3;
        for (int i = 0; i < xv.length; i++) xv[i] = rnd.nextBoolean() ? 1f : 0f;
        w.set(wv);
        b.set(bv);
        float[][] got = new float[2][];
        for (int mode = 0; mode < 2; mode++) {
            Tape t = new Tape().gradients(mode == 0);
            Var logits = t.linear(t.constant(hv, 12, 5), w, b);
            Var ll = t.bernoulliLogLikelihood(t.constant(xv, 4, 37), logits);
            got[mode] = ll.value().clone();
            assertEquals(mode == 0, ll.requiresGrad);
            if (mode == 1) assertThrows(IllegalStateException.class, () -> t.backward(t.sum(ll, -1)));
        }
        assertArrayEquals(got[0], got[1]);
    }
}
