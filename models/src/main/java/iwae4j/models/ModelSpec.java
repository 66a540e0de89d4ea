package iwae4j.models;

import java.util.Arrays;

/**
 * The shape of a model: input size, one latent size per stochastic layer, the deterministic tanh hidden
 * sizes of each conditional, and the likelihood. Layer l's encoder q(h_l|h_{l−1}) runs through
 * {@code hidden[l]} and its decoder p(h_{l−1}|h_l) through the same sizes in reverse, as in the paper.
 */
public final class ModelSpec {
    public final int input;
    private final int[] latent;
    private final int[][] hidden;
    public final Likelihood likelihood;
    /**
     * A floor on the σ of a Gaussian p(x|h1), in the data's units (standardized data: training standard
     * deviations); 0 for none. With it a column the model can predict almost exactly (a near-constant column, a
     * spike of equal values) cannot add unbounded density: log σ becomes log σ_min + softplus(log σ − log σ_min).
     */
    public final float minSigma;
    /**
     * Which columns of a Gaussian model are binary (0/1) and have a Bernoulli p(x_j|h1) from the decoder's mean head
     * instead, so one model holds both kinds; null for none. A Bernoulli model's columns are all binary.
     */
    private final int[] binary; // sorted column indices, null for none (indices: a lying input size allocates nothing)
    /**
     * Whether the first encoder reads the mask of observed cells beside the (filled) row, 2·input values: a model
     * trained on rows with missing cells (MIWAE, Mattei and Frellsen 2019), whose q(h1|x) then knows which cells it
     * was not shown. Any model scores rows with missing cells; this one was trained for them.
     */
    public final boolean maskInput;

    public ModelSpec(int input, int[] latent, int[][] hidden, Likelihood likelihood) {
        this(input, latent, hidden, likelihood, 0f);
    }

    /** A spec whose Gaussian p(x|h1) has σ ≥ {@code minSigma} (see {@link #minSigma}). */
    public ModelSpec(int input, int[] latent, int[][] hidden, Likelihood likelihood, float minSigma) {
        this(input, latent, hidden, likelihood, minSigma, (int[]) null, false);
    }

    /**
     * The general form: a σ floor, the binary columns of a Gaussian model (null or all false: none), and whether the
     * encoder reads the mask of observed cells (see {@link #maskInput}).
     */
    public ModelSpec(int input, int[] latent, int[][] hidden, Likelihood likelihood, float minSigma, boolean[] binary, boolean maskInput) {
        this(input, latent, hidden, likelihood, minSigma, flagged(input, binary), maskInput);
    }

    private static int[] flagged(int input, boolean[] binary) {
        if (binary == null) return null;
        if (binary.length != input) throw new IllegalArgumentException(binary.length + " binary flags for " + input + " columns");
        return java.util.stream.IntStream.range(0, binary.length).filter(j -> binary[j]).toArray();
    }

    private ModelSpec(int input, int[] latent, int[][] hidden, Likelihood likelihood, float minSigma, int[] binaryAt, boolean maskInput) {
        if (input <= 0) throw new IllegalArgumentException("input size must be positive, got " + input);
        if (latent.length == 0 || latent.length != hidden.length) {
            throw new IllegalArgumentException("need one hidden-size list per stochastic layer: latent "
                    + Arrays.toString(latent) + ", hidden " + Arrays.deepToString(hidden));
        }
        for (int d : latent) if (d <= 0) throw new IllegalArgumentException("latent sizes must be positive: " + Arrays.toString(latent));
        for (int[] h : hidden) for (int d : h) if (d <= 0) throw new IllegalArgumentException("hidden sizes must be positive: " + Arrays.deepToString(hidden));
        this.input = input;
        this.latent = latent.clone();
        this.hidden = new int[hidden.length][];
        for (int i = 0; i < hidden.length; i++) this.hidden[i] = hidden[i].clone();
        this.likelihood = likelihood;
        if (!(minSigma >= 0) || !Float.isFinite(minSigma)) throw new IllegalArgumentException("the σ floor must be finite and >= 0, got " + minSigma);
        if (minSigma > 0 && likelihood != Likelihood.GAUSSIAN) throw new IllegalArgumentException("a σ floor is for a Gaussian likelihood");
        this.minSigma = minSigma;
        if (binaryAt != null && binaryAt.length > 0) {
            if (likelihood != Likelihood.GAUSSIAN) throw new IllegalArgumentException("binary columns are for a Gaussian model (a Bernoulli model's columns all are)");
            int[] sorted = binaryAt.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                if (sorted[i] < 0 || sorted[i] >= input) throw new IllegalArgumentException("binary column " + sorted[i] + " outside 0.." + (input - 1));
                if (i > 0 && sorted[i] == sorted[i - 1]) throw new IllegalArgumentException("binary column " + sorted[i] + " given twice");
            }
            this.binary = sorted;
        } else {
            this.binary = null;
        }
        this.maskInput = maskInput;
    }

    /** This spec with the given binary columns and mask input (see the general constructor). */
    public ModelSpec with(boolean[] binaryColumns, boolean mask) {
        return new ModelSpec(input, latent, hidden, likelihood, minSigma, binaryColumns, mask);
    }

    /** Whether column j has a Bernoulli p(x_j|h1): every column of a Bernoulli model, the binary ones of a Gaussian one. */
    public boolean isBinary(int j) {
        return likelihood == Likelihood.BERNOULLI || (binary != null && Arrays.binarySearch(binary, j) >= 0);
    }

    /** Whether a Gaussian model has binary columns. */
    public boolean mixed() {
        return binary != null;
    }

    /** The per-column Bernoulli flags (a copy; all true for a Bernoulli model, all false for a plain Gaussian one). */
    public boolean[] binaryColumns() {
        boolean[] b = new boolean[input];
        for (int j = 0; j < input; j++) b[j] = isBinary(j);
        return b;
    }

    /** Values the first encoder reads per row: the input, and the mask beside it when {@link #maskInput}. */
    public int encoderInput() {
        return maskInput ? 2 * input : input;
    }

    /** The paper's one-stochastic-layer MNIST model: 784-200-200-50 and back, Bernoulli. */
    public static ModelSpec mnist1() {
        return new ModelSpec(784, new int[] {50}, new int[][] {{200, 200}}, Likelihood.BERNOULLI);
    }

    /** The paper's two-stochastic-layer MNIST model: 784-200-200-100 (h1), 100-100-100-50 (h2), and back. */
    public static ModelSpec mnist2() {
        return new ModelSpec(784, new int[] {100, 50}, new int[][] {{200, 200}, {100, 100}}, Likelihood.BERNOULLI);
    }

    /** The camel model: 1-D data and latent, two tanh layers of 5 units each way, Gaussian p(x|z). */
    public static ModelSpec camel() {
        return new ModelSpec(1, new int[] {1}, new int[][] {{5, 5}}, Likelihood.GAUSSIAN);
    }

    /** Number of stochastic layers. */
    public int layers() {
        return latent.length;
    }

    /**
     * A one-line text form, parsed back by {@link #parse}: {@code input=784;latent=50;hidden=200,200;likelihood=BERNOULLI},
     * then {@code ;sigma_min=0.01} when there is a σ floor, {@code ;binary=0,3} (0-based columns) when some columns
     * are binary and {@code ;mask=true} when the encoder reads the mask (so a spec without them reads as it always did).
     */
    public String format() {
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < hidden.length; i++) {
            if (i > 0) h.append('/');
            h.append(join(hidden[i]));
        }
        return "input=" + input + ";latent=" + join(latent) + ";hidden=" + h + ";likelihood=" + likelihood
                + (minSigma > 0 ? ";sigma_min=" + minSigma : "") + (binary != null ? ";binary=" + join(binary) : "")
                + (maskInput ? ";mask=true" : "");
    }



    private static String join(int[] a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(a[i]);
        }
        return sb.toString();
    }

    /**
     * How many floats the model's parameters hold (saturating at {@link Long#MAX_VALUE}), known before any is
     * allocated: a file reader compares it with the data a file really has, so a lying spec is refused cheaply.
     */
    public long parameterCount() {
        long n = 0;
        for (int l = 0; l < layers(); l++) {
            n = saturatingAdd(n, chain(encoderInput(l), hidden[l], latent[l], 2));
            n = saturatingAdd(n, chain(latent[l], decoderHidden(l), below(l), decoderHeads(l)));
        }
        return n;
    }

    // the parameter-shape rule, in one place: layer l's encoder q(h_l | below) runs below → hidden[l] → 2 × latent[l]
    // (mean, log σ); its decoder p(below | h_l) runs latent[l] → hidden[l] reversed → heads × below

    /** The size of stochastic layer {@code l} (0: the first, next to x). */
    public int latent(int l) {
        return latent[l];
    }

    /** A copy of layer {@code l}'s encoder hidden sizes, from the input side. */
    public int[] hidden(int l) {
        return hidden[l].clone();
    }

    /** Layer {@code l}'s decoder hidden sizes: the encoder's in reverse, as in the paper. */
    public int[] decoderHidden(int l) {
        int[] reversed = new int[hidden[l].length];
        for (int i = 0; i < reversed.length; i++) reversed[i] = hidden[l][reversed.length - 1 - i];
        return reversed;
    }

    /** What layer {@code l} sits on and its decoder outputs: x's size for l = 0, else layer l − 1's size. */
    public int below(int l) {
        return l == 0 ? input : latent[l - 1];
    }

    /** Layer {@code l}'s encoder input: {@link #encoderInput()} for l = 0 (with the mask), else {@link #below}. */
    public int encoderInput(int l) {
        return l == 0 ? encoderInput() : below(l);
    }

    /** Heads of layer {@code l}'s decoder output: 1 (logits) for a Bernoulli x, else 2 (mean, log σ). */
    public int decoderHeads(int l) {
        return l == 0 && likelihood == Likelihood.BERNOULLI ? 1 : 2;
    }

    /** Weights and biases of an MLP in → hidden… → heads × out. */
    private static long chain(long in, int[] hidden, long out, int heads) {
        long n = 0, prev = in;
        for (int h : hidden) {
            n = saturatingAdd(n, (prev + 1) * h); // each factor < 2^31: the product fits a long
            prev = h;
        }
        for (int h = 0; h < heads; h++) n = saturatingAdd(n, (prev + 1) * out);
        return n;
    }

    private static long saturatingAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    /** Parses {@link #format()}; throws IllegalArgumentException naming what is wrong. */
    public static ModelSpec parse(String s) {
        try {
            int input = -1;
            int[] latent = null;
            int[][] hidden = null;
            Likelihood lik = null;
            float minSigma = 0;
            int[] binaryAt = null;
            boolean mask = false;
            for (String part : s.split(";")) {
                String[] kv = part.split("=", 2);
                if (kv.length != 2) throw new IllegalArgumentException("expected key=value, got '" + part + "'");
                switch (kv[0].trim()) {
                    case "input": input = Integer.parseInt(kv[1].trim()); break;
                    case "latent": latent = ints(kv[1]); break;
                    case "hidden": {
                        String[] layers = kv[1].split("/");
                        hidden = new int[layers.length][];
                        for (int i = 0; i < layers.length; i++) hidden[i] = ints(layers[i]);
                        break;
                    }
                    case "likelihood": lik = Likelihood.valueOf(kv[1].trim()); break;
                    case "sigma_min": minSigma = Float.parseFloat(kv[1].trim()); break;
                    case "binary": binaryAt = ints(kv[1]); break;
                    case "mask": {
                        String v = kv[1].trim();
                        if (!v.equals("true") && !v.equals("false")) throw new IllegalArgumentException("mask must be true or false, got '" + v + "'");
                        mask = v.equals("true");
                        break;
                    }
                    default: throw new IllegalArgumentException("unknown key '" + kv[0] + "'");
                }
            }
            if (input < 0 || latent == null || hidden == null || lik == null) throw new IllegalArgumentException("missing a key");
            return new ModelSpec(input, latent, hidden, lik, minSigma, binaryAt, mask);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad model spec '" + s + "': " + e.getMessage(), e);
        }
    }

    private static int[] ints(String csv) {
        String[] p = csv.split(",");
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Integer.parseInt(p[i].trim());
        return out;
    }

    @Override
    public String toString() {
        return format();
    }
}
