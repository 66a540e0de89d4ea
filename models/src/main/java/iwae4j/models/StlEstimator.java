package iwae4j.models;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;

/**
 * "Sticking the landing" (Roeder, Wu and Duvenaud 2017) for the IWAE bound: the IWAE gradient Σ w̃_i ∇ log w_i
 * with log q evaluated at held encoder parameters, so the score-function term whose expectation is zero is left
 * out. Unbiased for k = 1 (the ELBO); for k > 1 it is biased for the IWAE gradient (Tucker et al. 2019).
 */
final class StlEstimator implements Estimator {
    private final ImportanceWeights w = new ImportanceWeights();

    @Override
    public double gradient(Tape t, Model model, Var x, int k, float[][] noise) {
        Var logW = model.logWeights(t, x, k, noise, true);
        int b = logW.cols();
        double bound = w.normalize(logW.value(), k, b, 1) / b;
        if (!Double.isFinite(bound)) return bound;
        float[] s = w.seed(k * b);
        for (int i = 0; i < k * b; i++) s[i] = (float) (-w.weight(i / b, i % b, b) / b);
        w.backward(t, logW, s);
        return bound;
    }

    @Override
    public String name() {
        return "stl";
    }
}
