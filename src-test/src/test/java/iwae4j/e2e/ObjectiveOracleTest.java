package iwae4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import iwae4j.models.Dataset;
import iwae4j.models.Evaluator;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Objective;
import iwae4j.models.Rng;
import iwae4j.models.data.Camel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Oracles of the bound: IWAE with k = 1 is the ELBO; L_k does not decrease with k on average. */
class ObjectiveOracleTest {
    @Test
    void iwaeBoundWithOneSampleEqualsElboOnTheSameNoise() {
        for (ModelSpec spec : List.of(ModelSpec.mnist1(), ModelSpec.mnist2(), ModelSpec.camel())) {
            Model model = new Model(spec, 3);
            Rng rng = new Rng(4);
            int b = 20;
            float[] x = new float[b * spec.input];
            for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble() < 0.3 ? 1f : 0f;
            float[][] noise = new float[spec.layers()][];
            for (int l = 0; l < noise.length; l++) {
                noise[l] = new float[model.noiseSize(l, 1, b)];
                rng.fillGaussian(noise[l], noise[l].length);
            }
            float[][] grads = new float[2][];
            float[] losses = new float[2];
            for (Objective o : Objective.values()) {
                Tape t = new Tape();
                Var loss = o.loss(t, model.logWeights(t, t.constant(x, b, spec.input), 1, noise));
                for (Parameter p : model.parameters()) p.zeroGrad();
                t.backward(loss);
                losses[o.ordinal()] = loss.get(0);
                grads[o.ordinal()] = model.parameters().get(0).grad().clone();
            }
            assertEquals(losses[0], losses[1], 1e-5f * Math.abs(losses[0]), spec.toString());
            for (int i = 0; i < grads[0].length; i++) assertEquals(grads[0][i], grads[1][i], 1e-5f + 1e-4f * Math.abs(grads[0][i]));
        }
    }

    /** For a fixed model, the mean over many draws of L_1 ≤ L_10 ≤ L_100 (Burda et al., Theorem 1). */
    @Test
    void boundDoesNotDecreaseWithKOnAverage() {
        Model model = new Model(ModelSpec.camel(), 11);
        Dataset data = Camel.sample(300, new Rng(12));
        Evaluator eval = new Evaluator(20_000);
        double l1 = eval.logLikelihood(model, data, 1, 13).mean;
        double l10 = eval.logLikelihood(model, data, 10, 13).mean;
        double l100 = eval.logLikelihood(model, data, 100, 13).mean;
        assertTrue(l1 <= l10 && l10 <= l100, "L_1 " + l1 + ", L_10 " + l10 + ", L_100 " + l100);
        // and the gap is real, not rounding: an untrained model's posterior is far from q
        assertTrue(l100 - l1 > 0.01, "L_100 − L_1 = " + (l100 - l1));
    }
}
