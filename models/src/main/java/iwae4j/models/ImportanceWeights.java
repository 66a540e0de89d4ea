package iwae4j.models;

import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import java.util.List;

/**
 * The estimators' shared arithmetic on a log-weight array [k × B] (sample-major), in double: normalized weights
 * per example (or per group of samples s ≡ m mod M), the bounds, and a backward pass that gives the decoder and
 * the encoder gradients of two different surrogates. Buffers grow once and are reused.
 */
final class ImportanceWeights {
    private double[] normalized = new double[0];
    private float[] seed = new float[0], seed2 = new float[0];
    private float[][] saved = new float[0][];

    /** w̃ within groups of samples s ≡ m (mod groups); returns Σ over groups and examples of (lse − log(k/groups)). */
    double normalize(float[] logW, int k, int b, int groups) {
        if (normalized.length < k * b) normalized = new double[k * b];
        int per = k / groups;
        double sum = 0;
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < b; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int s = g; s < k; s += groups) max = Math.max(max, logW[s * b + i]);
                double z = 0;
                for (int s = g; s < k; s += groups) {
                    double e = max == Double.NEGATIVE_INFINITY ? 0 : StrictMath.exp(logW[s * b + i] - max);
                    normalized[s * b + i] = e;
                    z += e;
                }
                for (int s = g; s < k; s += groups) normalized[s * b + i] = z > 0 ? normalized[s * b + i] / z : 1.0 / per;
                sum += max + StrictMath.log(z) - StrictMath.log(per);
            }
        }
        return sum;
    }

    /** The normalized weight of sample s of example i from the last {@link #normalize}. */
    double weight(int s, int i, int b) {
        return normalized[s * b + i];
    }

    /** A seed buffer of exactly n floats (the tape wants the output's size), reused while n stays the same. */
    float[] seed(int n) {
        if (seed.length != n) seed = new float[n];
        return seed;
    }

    /** A second seed buffer of exactly n floats. */
    float[] seed2(int n) {
        if (seed2.length != n) seed2 = new float[n];
        return seed2;
    }

    /** One backward pass: every parameter's gradient of the surrogate Σ seed·log w. */
    void backward(Tape t, Var logW, float[] s) {
        t.backward(logW, s);
    }

    /**
     * The decoder's gradient of Σ decoderSeed·log w and the encoder's of Σ encoderSeed·log w, by two backward
     * passes (parameter gradients start at zero; the decoder's from the first pass are kept aside meanwhile).
     */
    void backwardByGroups(Tape t, Var logW, Model model, float[] decoderSeed, float[] encoderSeed) {
        List<Parameter> dec = model.decoderParameters(), all = model.parameters();
        if (saved.length != dec.size()) saved = new float[dec.size()][];
        t.backward(logW, decoderSeed);
        for (int i = 0; i < dec.size(); i++) {
            float[] g = dec.get(i).grad();
            if (saved[i] == null || saved[i].length != g.length) saved[i] = new float[g.length];
            System.arraycopy(g, 0, saved[i], 0, g.length);
        }
        for (Parameter p : all) java.util.Arrays.fill(p.grad(), 0f);
        t.backward(logW, encoderSeed);
        for (int i = 0; i < dec.size(); i++) System.arraycopy(saved[i], 0, dec.get(i).grad(), 0, saved[i].length);
    }
}
