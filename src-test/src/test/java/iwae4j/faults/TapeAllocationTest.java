package iwae4j.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import iwae4j.autodiff.Adam;
import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Replaying a recorded graph allocates nothing, measured with the JDK's per-thread allocation counter (in
 * jdk.management, which the autodiff module does not read, so the test sits here on the classpath) in a fresh
 * child JVM: the steady state of a process that only trains, not of a test JVM whose JIT has seen every other test.
 * The child compiles in the foreground ({@code -Xbatch}): with background compilation on a loaded machine the
 * warm-up could end before C2's code was installed, and C1's Vector API code boxes vectors (seen once on JDK 25:
 * 19,200 bytes in 100 steps while five processes shared two cores), so the warm-up count would depend on load.
 */
public class TapeAllocationTest {
    public static void main(String[] args) {
        System.out.println("allocated " + allocatedBy100Steps());
    }

    @Test
    void replayingTheSameGraphAllocatesNothingInAFreshJvm() throws Exception {
        ChildJvm.Result r = ChildJvm.run(ChildJvm.command(List.of("-Xmx512m", "-Xbatch"), true, TapeAllocationTest.class), 300);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("allocated 0", r.stdout().trim(), "bytes allocated by 100 replayed training steps");
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

    static long allocatedBy100Steps() {
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
        if (!Float.isFinite(loss)) throw new AssertionError("loss " + loss);
        return allocated;
    }

}
