package iwae4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdamTest {
    /** Adam's first step moves every coordinate by lr·g/(|g| + ε·…) ≈ lr·sign(g), computed here by hand. */
    @Test
    void firstStepMatchesTheFormulaOnEveryLane() {
        int n = 37; // not a multiple of any lane count: covers the scalar tail
        Parameter p = new Parameter("p", 1, n);
        for (int i = 0; i < n; i++) {
            p.value()[i] = i;
            p.grad()[i] = (i % 3 - 1) * 0.5f * (i + 1);
        }
        Adam adam = new Adam(List.of(p), 0.9, 0.999, 1e-4);
        adam.step(0.01);
        for (int i = 0; i < n; i++) {
            double g = (i % 3 - 1) * 0.5 * (i + 1);
            double m = 0.1 * g / 0.1, v = 0.001 * g * g / 0.001;
            double expected = i - 0.01 * m / (Math.sqrt(v) + 1e-4);
            assertEquals(expected, p.value()[i], 1e-5, "lane " + i);
        }
        assertEquals(1, adam.stepCount());
    }

    /**
     * Every element gets the same bits whether the vector body or the scalar tail updates it: the update is
     * recomputed here element by element in the vector body's float order and compared bit for bit, for sizes
     * whose tails fall at different places.
     */
    @Test
    void everyElementGetsTheSameBitsInTheVectorBodyAndTheScalarTail() {
        for (int n : new int[] {1, 7, 17, 50, 100, 201, 784}) {
            Parameter p = new Parameter("p", 1, n);
            java.util.SplittableRandom r = new java.util.SplittableRandom(n);
            for (int i = 0; i < n; i++) {
                p.value()[i] = (float) r.nextGaussian();
                p.grad()[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(5) - 2));
            }
            float[] theta = p.value().clone(), g = p.grad().clone(), m = new float[n], v = new float[n];
            Adam adam = new Adam(List.of(p), 0.9, 0.999, 1e-4);
            for (int step = 1; step <= 3; step++) {
                adam.step(1e-3);
                float stepSize = (float) (1e-3 / (1 - StrictMath.pow(0.9f, step)));
                float invSqrtC2 = (float) (1 / Math.sqrt(1 - StrictMath.pow(0.999f, step)));
                for (int i = 0; i < n; i++) {
                    m[i] = m[i] * 0.9f + g[i] * (1 - 0.9f);
                    v[i] = v[i] * 0.999f + g[i] * g[i] * (1 - 0.999f);
                    theta[i] = theta[i] - m[i] * stepSize / ((float) Math.sqrt(v[i]) * invSqrtC2 + 1e-4f);
                }
            }
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(theta[i]), Float.floatToRawIntBits(p.value()[i]), "n=" + n + ", element " + i);
            }
        }
    }

    @Test
    void minimizesAQuadratic() {
        Parameter p = new Parameter("p", 1, 20);
        for (int i = 0; i < 20; i++) p.value()[i] = i - 10;
        Adam adam = Adam.paper(List.of(p));
        Tape t = new Tape();
        for (int step = 0; step < 3000; step++) {
            t.reset();
            Var loss = t.sum(t.mul(p, p), -1);
            p.zeroGrad();
            t.backward(loss);
            adam.step(0.05);
        }
        for (float v : p.value()) assertTrue(Math.abs(v) < 0.05, "did not converge: " + v);
    }
}
