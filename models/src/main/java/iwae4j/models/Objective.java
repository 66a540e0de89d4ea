package iwae4j.models;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;

/** The training objectives over a log-weight array log w [k × B]. Both return the loss, −bound, as [1×1]. */
public enum Objective {
    /** The ELBO: mean over B and k of log w. */
    VAE,
    /** The IWAE bound: mean over B of log-mean-exp over k of log w (max-subtracted), i.e. lse − log k. */
    IWAE;

    /** −bound for log w [k × B]. */
    public Var loss(Tape t, Var logW) {
        if (this == VAE) return t.scale(t.mean(logW, -1), -1f);
        int k = logW.rows();
        Var lse = t.logSumExp(logW, 0); // [1 × B]
        // −mean_B(lse − log k) = −mean_B(lse) + log k
        return t.affine(t.mean(lse, -1), -1f, (float) StrictMath.log(k));
    }

    public static Objective parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown objective '" + s + "': use vae or iwae");
        }
    }
}
