package iwae4j.userops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.autodiff.CustomOp;
import iwae4j.autodiff.GradCheck;
import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Ops a user writes outside the autodiff package, through its public API only: recorded like the built-ins, checked
 * against central finite differences by the public GradCheck (tolerance 1e-3 absolute + 1e-2 relative, h = 1e-3, in
 * double), an input used twice getting both contributions; {@code iwae4j.faults.CustomOpAllocationTest} runs
 * {@link #main} in a fresh JVM to show the replayed graph allocates nothing.
 */
public class CustomOpTest {
    /** softsign(x) = x / (1 + |x|), elementwise; its derivative 1 / (1 + |x|)². */
    static final class Softsign extends CustomOp {
        @Override
        public void checkShapes(Var[] in, int rows, int cols) {
            if (in[0].rows() != rows || in[0].cols() != cols) throw new IllegalArgumentException(name() + ": output must have the input's shape");
        }

        @Override
        public void forward(Var[] in, float[] out, int rows, int cols) {
            float[] x = in[0].value();
            for (int i = 0; i < rows * cols; i++) out[i] = x[i] / (1 + Math.abs(x[i]));
        }

        @Override
        public void backward(Var[] in, float[] out, float[] outGrad, int rows, int cols) {
            if (!in[0].requiresGrad()) return;
            float[] x = in[0].value(), g = in[0].grad();
            for (int i = 0; i < rows * cols; i++) {
                float d = 1 + Math.abs(x[i]);
                g[i] += outGrad[i] / (d * d);
            }
        }
    }

    /** hypot(a, b) = sqrt(a² + b² + 1e-3), elementwise over two inputs of one shape. */
    static class Hypot extends CustomOp {
        @Override
        public void forward(Var[] in, float[] out, int rows, int cols) {
            float[] a = in[0].value(), b = in[1].value();
            for (int i = 0; i < rows * cols; i++) out[i] = (float) Math.sqrt(a[i] * a[i] + b[i] * b[i] + 1e-3);
        }

        @Override
        public void backward(Var[] in, float[] out, float[] outGrad, int rows, int cols) {
            for (int k = 0; k < 2; k++) {
                if (!in[k].requiresGrad()) continue;
                float[] v = in[k].value(), g = in[k].grad();
                for (int i = 0; i < rows * cols; i++) g[i] += outGrad[i] * v[i] / out[i];
            }
        }
    }

    /** The negative control: assigns its gradient instead of adding it, so an input used twice loses a contribution. */
    static final class HypotThatAssigns extends Hypot {
        @Override
        public void backward(Var[] in, float[] out, float[] outGrad, int rows, int cols) {
            for (int k = 0; k < 2; k++) {
                if (!in[k].requiresGrad()) continue;
                float[] v = in[k].value(), g = in[k].grad();
                for (int i = 0; i < rows * cols; i++) g[i] = outGrad[i] * v[i] / out[i];
            }
        }
    }

    static Parameter random(String name, int rows, int cols, long seed) {
        Parameter p = new Parameter(name, rows, cols);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < p.size(); i++) p.value()[i] = (float) (r.nextDouble() * 4 - 2);
        return p;
    }

    static GradCheck.Result check(List<Parameter> in, java.util.function.Function<Tape, Var> f) {
        return GradCheck.check(in, f, 11, 1e-3, 1e-3, 1e-2);
    }

    @Test
    void aUserOpPassesTheGradientCheckAndAWrongOneFailsIt() {
        Parameter x = random("x", 3, 5, 1), y = random("y", 3, 5, 2);
        Softsign softsign = new Softsign();
        Hypot hypot = new Hypot();
        GradCheck.Result one = check(List.of(x), t -> t.apply(softsign, 3, 5, x));
        assertTrue(one.passed, "softsign " + one);
        // composed with the built-ins, and x used twice (hypot(x, x) + x·softsign(y)): both contributions reach x
        GradCheck.Result composed = check(List.of(x, y), t -> t.add(t.apply(hypot, 3, 5, x, x), t.mul(x, t.apply(softsign, 3, 5, y))));
        assertTrue(composed.passed, "composed " + composed);
        GradCheck.Result assigns = check(List.of(x), t -> t.apply(new HypotThatAssigns(), 3, 5, x, x));
        assertFalse(assigns.passed, "the control that assigns its gradient must fail: " + assigns);
        GradCheck.Result tampered = GradCheck.check(List.of(x), t -> t.apply(softsign, 3, 5, x), 11, 1e-3, 1e-3, 1e-2,
                in -> in.get(0).grad()[4] *= 1.1f);
        assertFalse(tampered.passed, "a gradient 10 % off in one element must fail: " + tampered);
    }

    @Test
    void shapesAndNullsAreNamedErrors() {
        Tape t = new Tape();
        Var a = t.constant(new float[6], 2, 3);
        assertEquals("Softsign: output must have the input's shape", assertThrows(IllegalArgumentException.class, () -> t.apply(new Softsign(), 3, 2, a)).getMessage());
        assertEquals("apply: op must not be null", assertThrows(IllegalArgumentException.class, () -> t.apply(null, 2, 3, a)).getMessage());
        assertEquals("Hypot: input 1 is null", assertThrows(IllegalArgumentException.class, () -> t.apply(new Hypot(), 2, 3, a, null)).getMessage());
    }

    /** Steps of a graph holding both user ops, replayed 100 times after a warm-up; prints the bytes they allocated. */
    public static void main(String[] args) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Parameter w = random("w", 20, 30, 3), v = random("v", 20, 30, 4);
        Softsign softsign = new Softsign();
        Hypot hypot = new Hypot();
        Tape t = new Tape();
        float loss = 0;
        for (int i = 0; i < 130_000; i++) {
            if (i == 30_000) {
                long tid = Thread.currentThread().getId(), before = bean.getThreadAllocatedBytes(tid);
                for (int j = 0; j < 100; j++) loss = step(t, w, v, softsign, hypot);
                System.out.println("allocated " + (bean.getThreadAllocatedBytes(tid) - before) + " loss " + loss);
                return;
            }
            step(t, w, v, softsign, hypot);
        }
    }

    private static float step(Tape t, Parameter w, Parameter v, Softsign softsign, Hypot hypot) {
        t.reset();
        Var h = t.apply(hypot, 20, 30, t.apply(softsign, 20, 30, w), v);
        Var loss = t.mean(h, -1);
        w.zeroGrad();
        v.zeroGrad();
        t.backward(loss);
        return loss.get(0);
    }
}
