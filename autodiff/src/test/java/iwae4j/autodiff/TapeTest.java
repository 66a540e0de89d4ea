package iwae4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** The share rule of logSumExp: exp(t − lse) as the gradient, exactly 0 below e^−64. */
    @Test
    void aTermWithAShareBelowEToTheMinus64GetsNoGradient() {
        Parameter a = new Parameter("a", 5, 1);
        a.set(new float[] {0f, -63.5f, -64.5f, -90f, -200f});
        Tape t = new Tape();
        t.backward(t.logSumExp(a, 0));
        assertEquals(1f, a.grad()[0], 1e-6f);
        assertEquals(Math.exp(-63.5), a.grad()[1], 1e-6 * Math.exp(-63.5)); // still carried
        assertEquals(0f, a.grad()[2]);
        assertEquals(0f, a.grad()[3]);
        assertEquals(0f, a.grad()[4]);
    }

    /**
     * An importance sample that lost by about 90 nats sends nothing back through the decoder: its share in float
     * is a subnormal (the negative control: without the rule every gradient it reaches would be subnormal), and
     * with the rule the weights it alone feeds get exactly 0 while the bias equals the winner's alone, bit for bit.
     */
    @Test
    void aSampleThatLostByNinetyNatsLeavesNoSubnormalGradient() {
        int d = 8;
        float[] x = new float[d], bias = new float[d], w = new float[3 * d];
        for (int j = 0; j < d; j++) {
            x[j] = j % 3 == 0 ? 1f : 0f;
            bias[j] = x[j] == 1f ? 3f : -3f;                      // sample 1 (z = 0) predicts x well
            for (int r = 0; r < 3; r++) w[r * d + j] = -bias[j] * (3f + 11.5f) / 9f; // sample 2 (z = 1) predicts it badly
        }
        Parameter wp = new Parameter("w", 3, d), bp = new Parameter("b", 1, d);
        wp.set(w);
        bp.set(bias);
        float[] z = {0, 0, 0, 1, 1, 1}, xx = new float[2 * d];
        System.arraycopy(x, 0, xx, 0, d);
        System.arraycopy(x, 0, xx, d, d);
        Tape t = new Tape();
        Var logW = t.bernoulliLogLikelihood(t.constant(xx, 2, d), t.linear(t.constant(z, 2, 3), wp, bp)); // [2 × 1]: k = 2, B = 1
        float lost = logW.get(1) - logW.get(0);
        assertTrue(lost < -87.4f && lost > -103f, "the setup must make sample 2 lose by 87–103 nats, got " + lost);
        float share = (float) StrictMath.exp(lost);
        assertTrue(share > 0f && share < Float.MIN_NORMAL, "negative control: the loser's float share is a subnormal " + share);
        t.backward(t.logSumExp(logW, 0));
        for (float g : wp.grad()) assertEquals(0f, g, "only the losing sample reaches w");
        float[] both = bp.grad().clone();
        bp.zeroGrad();
        Tape one = new Tape();
        one.backward(one.logSumExp(one.bernoulliLogLikelihood(one.constant(x, 1, d), one.linear(one.constant(new float[3], 1, 3), wp, bp)), 0));
        assertArrayEquals(bp.grad(), both);
        for (float g : both) assertTrue(g == 0f || Math.abs(g) >= Float.MIN_NORMAL, "subnormal gradient " + g);
        assertEquals(0, t.subnormals().gradients(), "no op on the tape holds a subnormal gradient");
    }

    @Test
    void subnormalsCountsTheRecordedOpsValuesAndGradients() {
        Tape t = new Tape();
        Parameter p = new Parameter("p", 1, 3);
        p.set(new float[] {1e-39f, 1f, 0f});
        Var y = t.scale(p, 1e-3f);                 // 1e-42 subnormal, 1e-3, 0
        t.backward(t.sum(t.scale(y, 1e-37f), -1)); // y's gradient 1e-37 (normal); the last scale's value 1e-40 and 1e-79 → 0
        Tape.Subnormals c = t.subnormals();
        assertEquals(3 + 3 + 1, c.elements());
        assertEquals(3, c.values(), "y[0] = 1e-42, then 1e-3·1e-37 = 1e-40 in the second scale and again in the sum");
        assertEquals(0, c.gradients());
        t.reset();
        assertEquals(new Tape.Subnormals(0, 0, 0), t.subnormals(), "nothing recorded since the reset");
    }
}
