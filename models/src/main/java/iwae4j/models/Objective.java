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
        Var meanLse = t.mean(lse, -1);
        return t.add(t.scale(meanLse, -1f), t.constant(logKConstant(k), 1, 1));
    }

    private static final ThreadLocal<float[][]> LOG_K = ThreadLocal.withInitial(() -> new float[1][]);

    /** A cached one-element array holding log k, so the loss allocates nothing per step. */
    private static float[] logKConstant(int k) {
        float[][] holder = LOG_K.get();
        float v = (float) Math.log(k);
        if (holder[0] == null || holder[0][0] != v) holder[0] = new float[] {v};
        return holder[0];
    }

    public static Objective parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown objective '" + s + "': use vae or iwae");
        }
    }
}
