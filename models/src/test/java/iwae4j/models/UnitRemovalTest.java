package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Model#withUnitsRemoved} against its definition: the log-weights of the model with units removed equal
 * those of a genuinely smaller model whose weights are the big model's with those units' rows and columns cut
 * out, fed the same noise without the removed units' columns.
 */
class UnitRemovalTest {
    private static final ModelSpec BIG = new ModelSpec(6, new int[] {4, 3}, new int[][] {{5}, {4}}, Likelihood.BERNOULLI);
    private static final ModelSpec SMALL = new ModelSpec(6, new int[] {3, 2}, new int[][] {{5}, {4}}, Likelihood.BERNOULLI);
    private static final boolean[][] KEEP = {{true, false, true, true}, {true, true, false}};

    @Test
    void removingUnitsEqualsCuttingThemOutOfASmallerModel() {
        Model big = new Model(BIG, 3);
        Rng rng = new Rng(4);
        for (Parameter p : big.parameters()) for (int i = 0; i < p.size(); i++) p.value()[i] += (float) (rng.nextDouble() - 0.5);
        Model small = new Model(SMALL, 0);
        Map<String, Parameter> byName = new HashMap<>();
        for (Parameter p : big.parameters()) byName.put(p.name(), p);
        for (Parameter p : small.parameters()) cut(byName.get(p.name()), p);

        int b = 3, k = 4;
        float[] x = new float[b * BIG.input];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble() < 0.4 ? 1f : 0f;
        float[][] noise = new float[2][], smallNoise = new float[2][];
        for (int l = 0; l < 2; l++) {
            noise[l] = new float[k * b * BIG.latent(l)];
            rng.fillGaussian(noise[l], noise[l].length);
            smallNoise[l] = keepColumns(noise[l], KEEP[l]);
        }
        Tape t = new Tape();
        float[] pruned = big.withUnitsRemoved(KEEP).logWeights(t, t.constant(x, b, BIG.input), k, noise).value().clone();
        float[] cutOut = small.logWeights(t, t.constant(x, b, SMALL.input), k, smallNoise).value().clone();
        float[] original = big.logWeights(t, t.constant(x, b, BIG.input), k, noise).value().clone();
        for (int i = 0; i < pruned.length; i++) {
            assertEquals(cutOut[i], pruned[i], 1e-4 * Math.max(1, Math.abs(cutOut[i])), "log w " + i);
        }
        assertNotEquals(original[0], pruned[0], "removing units must change the model (negative control)");
    }

    /** Copies the big parameter into the small one, dropping removed units' input rows and output columns. */
    private static void cut(Parameter from, Parameter to) {
        String n = from.name();
        boolean[] rows = null, cols = null;
        // inputs: q2 reads h1, ph1 reads h2, px reads h1 (first linear layer only)
        if (n.startsWith("q2.fc0.") || n.startsWith("px.fc0.")) rows = KEEP[0];
        if (n.startsWith("ph1.fc0.")) rows = KEEP[1];
        // outputs: q1 heads give h1, q2 heads give h2, ph1 heads give h1
        boolean head = n.contains(".mean.") || n.contains(".logSigma.");
        if (head && n.startsWith("q1.")) cols = KEEP[0];
        if (head && n.startsWith("q2.")) cols = KEEP[1];
        if (head && n.startsWith("ph1.")) cols = KEEP[0];
        if (n.endsWith(".b")) rows = null; // a bias is one row
        int r = 0;
        for (int i = 0; i < from.rows(); i++) {
            if (rows != null && !rows[i]) continue;
            int c = 0;
            for (int j = 0; j < from.cols(); j++) {
                if (cols != null && !cols[j]) continue;
                to.value()[r * to.cols() + c] = from.value()[i * from.cols() + j];
                c++;
            }
            r++;
        }
        assertEquals(to.rows(), r, n);
    }

    private static float[] keepColumns(float[] a, boolean[] keep) {
        int d = keep.length, kept = 0;
        for (boolean v : keep) if (v) kept++;
        float[] out = new float[a.length / d * kept];
        int o = 0;
        for (int i = 0; i < a.length; i++) if (keep[i % d]) out[o++] = a[i];
        return out;
    }
}
