package iwae4j.models;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;

/** CIWAE(β) (Rainforth et al. 2018): β·ELBO + (1 − β)·IWAE on the same k samples. CIWAE(1) is the ELBO, CIWAE(0) the IWAE. */
final class CiwaeEstimator implements Estimator {
    private final double beta;
    private final ImportanceWeights w = new ImportanceWeights();

    CiwaeEstimator(double beta) {
        if (!(beta >= 0 && beta <= 1)) throw new IllegalArgumentException("CIWAE needs β in [0, 1], got " + beta);
        this.beta = beta;
    }

    @Override
    public double gradient(Tape t, Model model, Var x, int k, float[][] noise) {
        Var logW = model.logWeights(t, x, k, noise);
        int b = logW.cols();
        float[] lw = logW.value();
        double elbo = 0;
        for (int i = 0; i < k * b; i++) elbo += lw[i];
        elbo /= (double) k * b;
        double bound = beta * elbo + (1 - beta) * w.normalize(lw, k, b, 1) / b;
        if (!Double.isFinite(bound)) return bound;
        float[] s = w.seed(k * b);
        for (int i = 0; i < k * b; i++) s[i] = (float) (-(beta / ((double) k * b) + (1 - beta) * w.weight(i / b, i % b, b) / b));
        w.backward(t, logW, s);
        return bound;
    }

    @Override
    public String name() {
        return "ciwae:" + beta;
    }
}
