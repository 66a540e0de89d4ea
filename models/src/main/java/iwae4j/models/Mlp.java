package iwae4j.models;

import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * A tanh MLP with one or two linear heads: the conditional distributions of the model. With two heads it
 * outputs a Gaussian's (mean, log σ); with one, Bernoulli logits.
 */
final class Mlp {
    private final Parameter[] weights, biases;
    private final Parameter[] headWeights, headBiases;

    /**
     * @param name      prefix of the parameter names
     * @param in        input size
     * @param hidden    tanh layer sizes
     * @param out       head output size
     * @param heads     1 (logits) or 2 (mean, log σ)
     */
    Mlp(String name, int in, int[] hidden, int out, int heads) {
        weights = new Parameter[hidden.length];
        biases = new Parameter[hidden.length];
        int prev = in;
        for (int i = 0; i < hidden.length; i++) {
            weights[i] = new Parameter(name + ".fc" + i + ".w", prev, hidden[i]);
            biases[i] = new Parameter(name + ".fc" + i + ".b", 1, hidden[i]);
            prev = hidden[i];
        }
        String[] headNames = heads == 1 ? new String[] {"logits"} : new String[] {"mean", "logSigma"};
        headWeights = new Parameter[heads];
        headBiases = new Parameter[heads];
        for (int h = 0; h < heads; h++) {
            headWeights[h] = new Parameter(name + "." + headNames[h] + ".w", prev, out);
            headBiases[h] = new Parameter(name + "." + headNames[h] + ".b", 1, out);
        }
    }

    /** A copy of {@code source}: parameters of the same names and values (no initialization, no names built afresh). */
    Mlp(Mlp source) {
        weights = copies(source.weights);
        biases = copies(source.biases);
        headWeights = copies(source.headWeights);
        headBiases = copies(source.headBiases);
    }

    private static Parameter[] copies(Parameter[] ps) {
        Parameter[] out = new Parameter[ps.length];
        for (int i = 0; i < ps.length; i++) {
            out[i] = new Parameter(ps[i].name(), ps[i].rows(), ps[i].cols());
            out[i].set(ps[i].value());
        }
        return out;
    }

    /**
     * Glorot-uniform weights (U(±√(6/(fan_in+fan_out)))), zero biases. The log σ head of a Gaussian starts
     * with zero weights too, so every σ is exactly 1 at initialization whatever the input's scale: a
     * random log σ head can start with σ so small (or large) that log p underflows to −∞ on the first
     * batch, the instability reported by the paper's reproducers.
     */
    void initialize(Rng rng) {
        for (Parameter w : weights) glorot(w, rng);
        glorot(headWeights[0], rng);
        for (Parameter b : biases) java.util.Arrays.fill(b.value(), 0f);
        for (Parameter b : headBiases) java.util.Arrays.fill(b.value(), 0f);
        if (headWeights.length == 2) java.util.Arrays.fill(headWeights[1].value(), 0f);
    }

    private static void glorot(Parameter w, Rng rng) {
        double limit = Math.sqrt(6.0 / (w.rows() + w.cols()));
        float[] v = w.value();
        for (int i = 0; i < v.length; i++) v[i] = (float) ((2 * rng.nextDouble() - 1) * limit);
    }

    /** The tanh trunk's output for input x. */
    Var trunk(Tape t, Var x) {
        Var h = x;
        for (int i = 0; i < weights.length; i++) h = t.linearTanh(h, weights[i], biases[i]);
        return h;
    }

    /**
     * The two heads' outputs for input x computed with the parameters held constant (stop-gradient): gradients
     * flow into x but not into this network's weights (DReG and STL evaluate log q this way).
     */
    Var[] headsWithParametersHeld(Tape t, Var x) {
        Var h = x;
        for (int i = 0; i < weights.length; i++) h = t.linearTanh(h, t.stopGradient(weights[i]), t.stopGradient(biases[i]));
        Var[] out = new Var[headWeights.length];
        for (int i = 0; i < out.length; i++) out[i] = t.linear(h, t.stopGradient(headWeights[i]), t.stopGradient(headBiases[i]));
        return out;
    }

    /** Head {@code i} applied to a trunk output. */
    Var head(Tape t, Var trunk, int i) {
        return t.linear(trunk, headWeights[i], headBiases[i]);
    }

    /**
     * Cuts input {@code j} off: zeroes row j of the first linear layer (the trunk's, or the heads' when there
     * is no trunk), so the output no longer depends on it.
     */
    void disconnectInput(int j) {
        Parameter[] first = weights.length > 0 ? new Parameter[] {weights[0]} : headWeights;
        for (Parameter w : first) java.util.Arrays.fill(w.value(), j * w.cols(), (j + 1) * w.cols(), 0f);
    }

    /** Makes output j of a Gaussian MLP N(0, 1) whatever the input: zero mean and log σ weights and biases. */
    void standardNormalOutput(int j) {
        for (int h = 0; h < headWeights.length; h++) {
            Parameter w = headWeights[h];
            for (int r = 0; r < w.rows(); r++) w.value()[r * w.cols() + j] = 0f;
            headBiases[h].value()[j] = 0f;
        }
    }

    /** The bias of head {@code i} (the decoder's output bias is set from the data's mean). */
    Parameter headBias(int i) {
        return headBiases[i];
    }

    List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            out.add(weights[i]);
            out.add(biases[i]);
        }
        for (int h = 0; h < headWeights.length; h++) {
            out.add(headWeights[h]);
            out.add(headBiases[h]);
        }
        return out;
    }
}
