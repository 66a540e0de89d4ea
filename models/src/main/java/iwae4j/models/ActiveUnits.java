package iwae4j.models;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;

/**
 * Active units (Burda et al., section 5.2): unit j of layer l is active when Var_x(E_q[h_j|x]) > 0.01 over
 * the data. E_q[h1|x] is the encoder's mean; for deeper layers E_q[h_l|x] = E over h_{l−1} ~ q of the mean of
 * q(h_l|h_{l−1}), estimated by sampling. Variances are accumulated in double.
 */
public final class ActiveUnits {
    public static final double THRESHOLD = 0.01;

    /** Per layer, the variance over x of each unit's posterior mean. */
    public final double[][] variances;

    private ActiveUnits(double[][] variances) {
        this.variances = variances;
    }

    /** Per layer, whether each unit is active. */
    public boolean[][] activeMask() {
        boolean[][] m = new boolean[variances.length][];
        for (int l = 0; l < m.length; l++) {
            m[l] = new boolean[variances[l].length];
            for (int j = 0; j < m[l].length; j++) m[l][j] = variances[l][j] > THRESHOLD;
        }
        return m;
    }

    /** Number of active units in layer {@code l}. */
    public int active(int l) {
        int n = 0;
        for (double v : variances[l]) if (v > THRESHOLD) n++;
        return n;
    }

    /**
     * @param samples how many draws of h_{l−1} estimate E_q[h_l|x] for l ≥ 2
     */
    public static ActiveUnits measure(Model model, Dataset data, int samples, long seed) {
        ModelSpec spec = model.spec();
        int layers = spec.layers(), n = data.size(), batch = 100, dim = data.dim();
        Rng rng = new Rng(seed);
        double[][] sum = new double[layers][], sumSq = new double[layers][];
        for (int l = 0; l < layers; l++) {
            sum[l] = new double[spec.latent(l)];
            sumSq[l] = new double[spec.latent(l)];
        }
        float[] x = new float[batch * dim];
        Tape t = new Tape().gradients(false);
        for (int start = 0; start < n; start += batch) {
            int b = Math.min(batch, n - start);
            for (int i = 0; i < b; i++) data.copy(start + i, x, i * dim);
            t.reset();
            Var[] q = model.encodeLayer(t, 0, t.constant(x, b, dim));
            float[] mean = q[0].value();
            accumulate(mean, b, spec.latent(0), 1, sum[0], sumSq[0]);
            Var[] below = q;
            for (int l = 1; l < layers; l++) {
                int d = spec.latent(l - 1);
                float[] eps = new float[samples * b * d];
                rng.fillGaussian(eps, eps.length);
                Var h = t.reparameterize(below[0], below[1], t.constant(eps, samples * b, d));
                Var[] next = model.encodeLayer(t, l, h);
                accumulate(next[0].value(), b, spec.latent(l), samples, sum[l], sumSq[l]);
                below = next; // [samples·b × d]: deeper layers draw one sample per row of this one
            }
        }
        double[][] var = new double[layers][];
        for (int l = 0; l < layers; l++) {
            var[l] = new double[spec.latent(l)];
            for (int j = 0; j < var[l].length; j++) {
                double m = sum[l][j] / n;
                var[l][j] = Math.max(0, sumSq[l][j] / n - m * m);
            }
        }
        return new ActiveUnits(var);
    }

    /** Adds each example's mean over {@code samples} sample rows (sample-major [samples·b × d]) to the sums. */
    private static void accumulate(float[] values, int b, int d, int samples, double[] sum, double[] sumSq) {
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < d; j++) {
                double m = 0;
                for (int s = 0; s < samples; s++) m += values[(s * b + i) * d + j];
                m /= samples;
                sum[j] += m;
                sumSq[j] += m * m;
            }
        }
    }
}
