package iwae4j.models;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;

/**
 * MIWAE(M, K) (Rainforth et al. 2018): the mean of M IWAE bounds of K = k/M samples each (sample s in group
 * s mod M), differentiated for every parameter. MIWAE(1, K) is IWAE(K); MIWAE(K, 1) is the ELBO.
 */
final class MiwaeEstimator implements Estimator {
    private final int m;
    private final ImportanceWeights w = new ImportanceWeights();

    MiwaeEstimator(int m) {
        if (m < 1) throw new IllegalArgumentException("MIWAE needs M >= 1 groups, got " + m);
        this.m = m;
    }

    @Override
    public double gradient(Tape t, Model model, Var x, int k, float[][] noise) {
        if (!supports(k)) throw new IllegalArgumentException("MIWAE(M=" + m + ") needs k divisible by M, got k=" + k);
        Var logW = model.logWeights(t, x, k, noise);
        int b = logW.cols();
        double bound = w.normalize(logW.value(), k, b, m) / (m * b);
        if (!Double.isFinite(bound)) return bound;
        float[] s = w.seed(k * b);
        for (int i = 0; i < k * b; i++) s[i] = (float) (-w.weight(i / b, i % b, b) / (m * b));
        w.backward(t, logW, s);
        return bound;
    }

    @Override
    public boolean supports(int k) {
        return k >= 1 && k % m == 0;
    }

    @Override
    public String name() {
        return "miwae:" + m;
    }
}
