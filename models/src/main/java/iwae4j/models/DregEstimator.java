package iwae4j.models;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;

/**
 * Doubly reparameterized gradients for the IWAE bound (Tucker, Lawson, Gu and Maddison 2019): the decoder gets
 * the IWAE gradient Σ w̃_i ∇_θ log w_i; the encoder gets Σ w̃_i² ∇_φ log w_i with log q at held encoder parameters
 * (only the path through the reparameterized samples), an unbiased estimate of the IWAE encoder gradient whose
 * signal-to-noise ratio grows like √k where the IWAE's falls like 1/√k (once the weights are light-tailed enough
 * for those rates to hold). With several stochastic layers every q(h_l | h_{l−1}) is held
 * this way and every h_l reparameterized, as in the paper's treatment of hierarchical encoders.
 */
final class DregEstimator implements Estimator {
    private final ImportanceWeights w = new ImportanceWeights();

    @Override
    public double gradient(Tape t, Model model, Var x, int k, float[][] noise) {
        Var logW = model.logWeights(t, x, k, noise, true);
        int b = logW.cols();
        double bound = w.normalize(logW.value(), k, b, 1) / b;
        if (!Double.isFinite(bound)) return bound;
        float[] decoder = w.seed(k * b), encoder = w.seed2(k * b);
        for (int i = 0; i < k * b; i++) {
            double wt = w.weight(i / b, i % b, b);
            decoder[i] = (float) (-wt / b);
            encoder[i] = (float) (-wt * wt / b);
        }
        w.backwardByGroups(t, logW, model, decoder, encoder);
        return bound;
    }

    @Override
    public String name() {
        return "dreg";
    }
}
