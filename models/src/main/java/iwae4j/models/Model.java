package iwae4j.models;

import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A VAE/IWAE generative model with L ≥ 1 Gaussian stochastic layers (the objective, not the model, makes
 * it a VAE or an IWAE). p(h_L) = N(0, I); p(h_l|h_{l+1}) and q(h_l|h_{l−1}) are diagonal Gaussians whose
 * mean and log σ come from tanh MLPs; p(x|h1) is Bernoulli (logits) or Gaussian (mean, log σ).
 *
 * <p>{@link #logWeights} computes log w = log p(x, h) − log q(h|x) for k samples of each of B inputs. The
 * encoder of the first layer runs once per x; the k samples are the rows of one [k·B × d] matrix
 * (sample-major), so every later layer is one GEMM.
 *
 * <p><b>Missing cells.</b> A non-finite input value (NaN) is a missing cell. A row with any, or any row of a model
 * built for them ({@link ModelSpec#maskInput}) or with binary columns, is encoded from the row with its missing cells
 * set to 0 (the standardized mean), and the mask beside it when the spec asks, and p(x|h1) counts the observed cells
 * only: log w is then an importance weight of p(x_observed), as MIWAE (Mattei and Frellsen, 2019) trains and scores.
 * Rows without missing cells of a plain model take the unchanged path.
 */
public final class Model {
    private final ModelSpec spec;
    private final Mlp[] encoders, decoders;
    private final List<Parameter> parameters;
    private final int encoderCount;
    /** Per column, whether p(x_j|h1) is Bernoulli (for the observed-cells likelihood). */
    private final boolean[] binary;

    /** A model of the given shape, initialized from {@code seed} (see {@link Mlp#initialize}). */
    public Model(ModelSpec spec, long seed) {
        this.spec = spec;
        int layers = spec.layers();
        encoders = new Mlp[layers];
        decoders = new Mlp[layers];
        for (int l = 0; l < layers; l++) {
            encoders[l] = new Mlp("q" + (l + 1), spec.encoderInput(l), spec.hidden(l), spec.latent(l), 2);
            decoders[l] = new Mlp("p" + (l == 0 ? "x" : "h" + l), spec.latent(l), spec.decoderHidden(l), spec.below(l), spec.decoderHeads(l));
        }
        parameters = collect(encoders, decoders);
        int count = 0;
        for (Mlp m : encoders) count += m.parameters().size();
        encoderCount = count;
        binary = spec.binaryColumns();
        Rng rng = new Rng(seed);
        for (Mlp m : encoders) m.initialize(rng);
        for (Mlp m : decoders) m.initialize(rng);
    }

    /** The parameters of q (the encoders), in {@link #parameters()} order. */
    public List<Parameter> encoderParameters() {
        return parameters.subList(0, encoderCount);
    }

    /** The parameters of p (the decoders), in {@link #parameters()} order. */
    public List<Parameter> decoderParameters() {
        return parameters.subList(encoderCount, parameters.size());
    }

    public ModelSpec spec() {
        return spec;
    }

    /** Every trainable parameter, in a fixed order (the checkpoint order). */
    public List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Sets the observation decoder's output bias to the logit of the mean of each input dimension over the
     * training data, clipped to [0.001, 0.999] (as the authors' code does for MNIST). Bernoulli only.
     */
    public void setOutputBiasFromMean(float[] meanPixel) {
        if (spec.likelihood != Likelihood.BERNOULLI) throw new IllegalStateException("output bias from the mean is for Bernoulli models");
        float[] b = decoders[0].headBias(0).value();
        if (meanPixel.length != b.length) throw new IllegalArgumentException("mean has " + meanPixel.length + " values, input size is " + b.length);
        for (int i = 0; i < b.length; i++) {
            double p = Math.min(0.999, Math.max(0.001, meanPixel[i]));
            b[i] = (float) Math.log(p / (1 - p));
        }
    }

    /** A copy of this model with its own parameter arrays. */
    public Model copy() {
        return new Model(this);
    }

    /** A copy of {@code source}'s networks, parameter by parameter (a fit copies its model every epoch: no initialization). */
    private Model(Model source) {
        spec = source.spec;
        int layers = spec.layers();
        encoders = new Mlp[layers];
        decoders = new Mlp[layers];
        for (int l = 0; l < layers; l++) {
            encoders[l] = new Mlp(source.encoders[l]);
            decoders[l] = new Mlp(source.decoders[l]);
        }
        parameters = collect(encoders, decoders);
        encoderCount = source.encoderCount;
        binary = source.binary;
    }

    private static List<Parameter> collect(Mlp[] encoders, Mlp[] decoders) {
        List<Parameter> ps = new ArrayList<>();
        for (Mlp m : encoders) ps.addAll(m.parameters());
        for (Mlp m : decoders) ps.addAll(m.parameters());
        return Collections.unmodifiableList(ps);
    }

    /**
     * A copy without the latent units whose {@code keep[l][j]} is false, as the authors' code removes
     * inactive units before its final evaluation: the unit no longer feeds any network (the rows of its
     * inputs' weights are zeroed), and its q and its p are both made N(0, 1), so its log p − log q is zero
     * for every sample. The result equals the smaller model with the unit cut out.
     */
    public Model withUnitsRemoved(boolean[][] keep) {
        if (keep.length != spec.layers()) throw new IllegalArgumentException("keep has " + keep.length + " layers, the model " + spec.layers());
        Model m = copy();
        for (int l = 0; l < keep.length; l++) {
            if (keep[l].length != spec.latent(l)) {
                throw new IllegalArgumentException("keep[" + l + "] has " + keep[l].length + " units, layer " + (l + 1) + " has " + spec.latent(l));
            }
            for (int j = 0; j < keep[l].length; j++) {
                if (keep[l][j]) continue;
                m.encoders[l].standardNormalOutput(j);                          // q(h_l,j | below) = N(0, 1)
                if (l + 1 < keep.length) m.decoders[l + 1].standardNormalOutput(j); // p(h_l,j | above) = N(0, 1); the top prior already is
                m.decoders[l].disconnectInput(j);                               // p(below | h_l) ignores it
                if (l + 1 < keep.length) m.encoders[l + 1].disconnectInput(j);  // so does q(h_{l+1} | h_l)
            }
        }
        return m;
    }

    /** Number of floats of noise layer l needs for k samples of B inputs. */
    public int noiseSize(int layer, int k, int batch) {
        return k * batch * spec.latent(layer);
    }

    /**
     * log w [k × B] for k samples of each row of x [B × input], with the reparameterization noise given:
     * {@code noise[l]} holds k·B·latent[l] standard normal draws (sample-major rows).
     */
    public Var logWeights(Tape t, Var x, int k, float[][] noise) {
        return logWeights(t, x, k, noise, false);
    }

    /**
     * {@link #logWeights}; with {@code holdEncoder} each log q(h_l | h_{l−1}) is evaluated with the encoder's
     * parameters held constant (stop-gradient), while the samples h_l stay reparameterized and h_{l−1} live: the
     * log-weights that STL and DReG differentiate. The values are the same either way.
     */
    public Var logWeights(Tape t, Var x, int k, float[][] noise, boolean holdEncoder) {
        return pass(t, x, k, noise, holdEncoder, null);
    }

    /**
     * The importance samples of {@link #logWeights} with, for each sample row (sample-major, k·B rows), the
     * parameters of p(x|h1) it decodes to: what an imputation weighs. {@code observation} is the logits for a
     * Bernoulli model, else the mean, with {@code logSigma} the floored log σ (null for a Bernoulli model).
     */
    public record Samples(Var logWeights, Var observation, Var logSigma) {
    }

    /** {@link #logWeights} and each sample's p(x|h1) (see {@link Samples}). */
    public Samples importanceSamples(Tape t, Var x, int k, float[][] noise) {
        Var[] heads = new Var[2];
        Var logW = pass(t, x, k, noise, false, heads);
        return new Samples(logW, heads[0], heads[1]);
    }

    /** The log-weights; with {@code heads} non-null, p(x|h1)'s parameters per sample row are left in it. */
    private Var pass(Tape t, Var x, int k, float[][] noise, boolean holdEncoder, Var[] heads) {
        int b = x.rows(), layers = spec.layers();
        if (x.cols() != spec.input) throw new IllegalArgumentException("input has " + x.cols() + " columns, the model expects " + spec.input);
        if (noise.length != layers) throw new IllegalArgumentException("need noise for " + layers + " layers, got " + noise.length);
        Var[] h = new Var[layers + 1];
        boolean observedOnly = observedOnly(x);
        h[0] = observedOnly ? t.observedInput(x, spec.maskInput) : x;
        Var logQ = null;
        for (int l = 0; l < layers; l++) {
            Var trunk = encoders[l].trunk(t, h[l]);
            Var mean = encoders[l].head(t, trunk, 0), logSigma = encoders[l].head(t, trunk, 1);
            int d = spec.latent(l);
            if (noise[l].length < k * b * d) throw new IllegalArgumentException("noise for layer " + (l + 1) + " has " + noise[l].length + " values, needs " + k * b * d);
            h[l + 1] = t.reparameterize(mean, logSigma, t.constant(noise[l], k * b, d));
            Var qMean = mean, qLogSigma = logSigma;
            if (holdEncoder) {
                // layer 1 reads the constant x, so holding its outputs holds its parameters; deeper layers read a
                // live sample, so their network is run again with its parameters held
                Var[] held = l == 0 ? new Var[] {t.stopGradient(mean), t.stopGradient(logSigma)} : encoders[l].headsWithParametersHeld(t, h[l]);
                qMean = held[0];
                qLogSigma = held[1];
            }
            Var lq = t.gaussianLogDensity(h[l + 1], qMean, qLogSigma);
            logQ = logQ == null ? lq : t.add(logQ, lq);
        }
        Var logP = t.standardNormalLogDensity(h[layers]);
        for (int l = layers - 1; l >= 0; l--) {
            Var trunk = decoders[l].trunk(t, h[l + 1]);
            Var term;
            if (l == 0 && observedOnly) {
                Var logSigma = spec.likelihood == Likelihood.BERNOULLI ? null : floored(t, decoders[0].head(t, trunk, 1));
                Var a = decoders[0].head(t, trunk, 0);
                term = t.observedLogLikelihood(x, a, logSigma, binary);
                if (heads != null) {
                    heads[0] = a;
                    heads[1] = logSigma;
                }
            } else if (l == 0 && spec.likelihood == Likelihood.BERNOULLI) {
                Var a = decoders[0].head(t, trunk, 0);
                term = t.bernoulliLogLikelihood(x, a);
                if (heads != null) heads[0] = a;
            } else {
                Var logSigma = decoders[l].head(t, trunk, 1), a = decoders[l].head(t, trunk, 0);
                if (l == 0) logSigma = floored(t, logSigma);
                term = t.gaussianLogDensity(h[l], a, logSigma);
                if (heads != null && l == 0) {
                    heads[0] = a;
                    heads[1] = logSigma;
                }
            }
            logP = t.add(logP, term);
        }
        return t.reshape(t.sub(logP, logQ), k, b);
    }

    /** Whether x's log-likelihood is taken over its observed cells (see the class comment). */
    private boolean observedOnly(Var x) {
        if (spec.maskInput || spec.mixed()) return true;
        float[] v = x.value();
        for (int i = 0, n = x.rows() * x.cols(); i < n; i++) if (!Float.isFinite(v[i])) return true;
        return false;
    }

    /**
     * The parameters of p(x|h1) for each row of h1 [n × latent[0]]: for Bernoulli the logits (one Var),
     * for Gaussian the mean and log σ.
     */
    public Var[] decodeObservation(Tape t, Var h1) {
        Var trunk = decoders[0].trunk(t, h1);
        if (spec.likelihood == Likelihood.BERNOULLI) return new Var[] {decoders[0].head(t, trunk, 0)};
        return new Var[] {decoders[0].head(t, trunk, 0), floored(t, decoders[0].head(t, trunk, 1))};
    }

    /** log σ of p(x|h1) under the spec's σ floor: c + softplus(log σ − c) with c = log σ_min, smooth and ≥ c. */
    private Var floored(Tape t, Var logSigma) {
        if (spec.minSigma <= 0) return logSigma;
        float c = (float) Math.log(spec.minSigma);
        return t.affine(t.softplus(t.affine(logSigma, 1f, -c)), 1f, c);
    }

    /**
     * The mean and log σ of q(h_{l+1} | h_l) for each row of the layer-l input; layer 0 reads rows with missing cells
     * as {@link #logWeights} does.
     */
    public Var[] encodeLayer(Tape t, int layer, Var below) {
        if (layer == 0 && observedOnly(below)) below = t.observedInput(below, spec.maskInput);
        Var trunk = encoders[layer].trunk(t, below);
        return new Var[] {encoders[layer].head(t, trunk, 0), encoders[layer].head(t, trunk, 1)};
    }

    /** The mean and log σ of p(h_l | h_{l+1}) for l ≥ 1 (layer index l+1 ≥ 2 is decoded to layer l). */
    public Var[] decodeLayer(Tape t, int layer, Var above) {
        if (layer == 0) throw new IllegalArgumentException("layer 0 decodes to the observation: use decodeObservation");
        Var trunk = decoders[layer].trunk(t, above);
        return new Var[] {decoders[layer].head(t, trunk, 0), decoders[layer].head(t, trunk, 1)};
    }
}
