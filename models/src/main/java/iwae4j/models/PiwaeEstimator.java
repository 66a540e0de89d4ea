package iwae4j.models;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;

/**
 * PIWAE (Rainforth et al. 2018): from the same k samples, the decoder follows the IWAE(k) bound and the encoder
 * the MIWAE(M, k/M) bound (groups s mod M), whose encoder gradient keeps its signal-to-noise ratio. The returned
 * bound is the IWAE(k) one.
 */
final class PiwaeEstimator implements Estimator {
    private final int m;
    private final ImportanceWeights iwae = new ImportanceWeights(), miwae = new ImportanceWeights();

    PiwaeEstimator(int m) {
        if (m < 1) throw new IllegalArgumentException("PIWAE needs M >= 1 groups, got " + m);
        this.m = m;
    }

    @Override
    public double gradient(Tape t, Model model, Var x, int k, float[][] noise) {
        if (!supports(k)) throw new IllegalArgumentException("PIWAE(M=" + m + ") needs k divisible by M, got k=" + k);
        Var logW = model.logWeights(t, x, k, noise);
        int b = logW.cols();
        double bound = iwae.normalize(logW.value(), k, b, 1) / b;
        if (!Double.isFinite(bound)) return bound;
        miwae.normalize(logW.value(), k, b, m);
        float[] decoder = iwae.seed(k * b), encoder = iwae.seed2(k * b);
        for (int i = 0; i < k * b; i++) {
            decoder[i] = (float) (-iwae.weight(i / b, i % b, b) / b);
            encoder[i] = (float) (-miwae.weight(i / b, i % b, b) / (m * b));
        }
        iwae.backwardByGroups(t, logW, model, decoder, encoder);
        return bound;
    }

    @Override
    public boolean supports(int k) {
        return k >= 1 && k % m == 0;
    }

    @Override
    public String name() {
        return "piwae:" + m;
    }
}
