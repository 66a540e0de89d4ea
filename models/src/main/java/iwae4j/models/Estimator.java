package iwae4j.models;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import java.util.Locale;

/**
 * A gradient estimator: how one training step turns k samples per example into parameter gradients. Besides the
 * paper's two objectives ({@link #of(Objective)}): STL (Roeder et al. 2017), DReG (Tucker et al. 2019), MIWAE,
 * CIWAE and PIWAE (Rainforth et al. 2018). Each is its own small class; {@link #parse} builds one from its name.
 */
public interface Estimator {
    /**
     * Records log w for the batch {@code x} with k samples each, leaves this estimator's gradient of the loss
     * (−its bound) in every parameter's gradient (which must start at zero), and returns the bound.
     */
    double gradient(Tape t, Model model, Var x, int k, float[][] noise);

    /** The name {@link #parse} reads back, e.g. "dreg", "miwae:8", "ciwae:0.5". */
    String name();

    /** Whether this estimator can use k samples per example (MIWAE and PIWAE need k divisible by M). */
    default boolean supports(int k) {
        return k >= 1;
    }

    /** The paper's VAE or IWAE objective, differentiated as before (the default of {@link Trainer}). */
    static Estimator of(Objective objective) {
        return new ObjectiveEstimator(objective);
    }

    /**
     * "vae", "iwae", "stl", "dreg", "miwae:M", "piwae:M" (k samples as M groups of k/M) or "ciwae:β" (β·ELBO +
     * (1 − β)·IWAE); {@code m} and {@code beta} fill in a parameter the name leaves out.
     */
    static Estimator parse(String text, int m, double beta) {
        String[] p = text.trim().toLowerCase(Locale.ROOT).split(":", 2);
        try {
            switch (p[0]) {
                case "vae": return of(Objective.VAE);
                case "iwae": return of(Objective.IWAE);
                case "stl": return new StlEstimator();
                case "dreg": return new DregEstimator();
                case "miwae": return new MiwaeEstimator(p.length > 1 ? Integer.parseInt(p[1]) : m);
                case "piwae": return new PiwaeEstimator(p.length > 1 ? Integer.parseInt(p[1]) : m);
                case "ciwae": return new CiwaeEstimator(p.length > 1 ? Double.parseDouble(p[1]) : beta);
                default: break;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad estimator parameter in '" + text + "'");
        }
        throw new IllegalArgumentException("unknown estimator '" + text + "': use vae, iwae, stl, dreg, miwae:M, piwae:M or ciwae:β");
    }
}
