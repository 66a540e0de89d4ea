package iwae4j.models;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How {@link Fit} trains a model on one's own rows, as one immutable value checked when it is made: a bad value fails
 * where it is written, with the parameter's name. {@link #defaults()} suits small tabular data (tens of features,
 * hundreds of rows) and {@link #forRows} scales it to a table's size; the {@code with…} methods give a changed copy. The options travel inside the model file
 * ({@link #toProperties()} and {@link #fromProperties}), so a trained model says how it was made.
 *
 * @param likelihood         Gaussian (standardized data) or Bernoulli (data in [0, 1])
 * @param latent             size of the stochastic layer
 * @param hidden             sizes of the deterministic hidden layers of the encoder and the decoder
 * @param objective          IWAE or VAE
 * @param k                  importance samples per row in training
 * @param batchSize          rows per gradient step
 * @param schedule           learning rates and passes (an upper bound when early stopping is on)
 * @param validationFraction share of the rows held out for validation (0: none, and no early stopping)
 * @param patience           epochs without a better validation bound before stopping (0: never stop early)
 * @param minSigma           the floor on a Gaussian p(x|h1)'s σ in training standard deviations (0: none; ignored for
 *                           Bernoulli data): no column may be claimed more precise than this share of its spread, so a
 *                           near-constant column cannot dominate a row's density
 * @param binary             which columns get a Bernoulli likelihood beside the Gaussian ones (Gaussian models only), or
 *                           null for none; {@link Fit#binaryColumns} finds the 0/1 columns. Not the default: for anomaly
 *                           ranking a Gaussian with the σ floor separated the benchmark's all-binary table better
 * @param maskInput          whether the encoder reads the mask of observed cells (MIWAE); null: when the data has a
 *                           missing cell or a point mass is found
 * @param pointMassShare     the share of a continuous column's observed cells one value must hold to get a point mass
 *                           of its own ({@link PointMasses#find}; Gaussian models only); 0: none
 * @param validationK        samples of the validation bound L_k
 * @param seed               the seed of the split, the initial parameters and the noise
 */
public record FitOptions(Likelihood likelihood, int latent, int[] hidden, Objective objective, int k, int batchSize, Schedule schedule,
                         double validationFraction, int patience, float minSigma, boolean[] binary, Boolean maskInput,
                         double pointMassShare, int validationK, long seed) {
    public FitOptions {
        if (likelihood == null) throw new IllegalArgumentException("likelihood must not be null");
        if (objective == null) throw new IllegalArgumentException("objective must not be null");
        if (schedule == null) throw new IllegalArgumentException("schedule must not be null");
        if (hidden == null) throw new IllegalArgumentException("hidden must not be null (layer sizes such as {32, 32})");
        if (hidden.length == 0) throw new IllegalArgumentException("hidden must name at least one layer size");
        for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden layer sizes must be >= 1, got " + Arrays.toString(hidden));
        if (latent < 1) throw new IllegalArgumentException("latent must be >= 1, got " + latent);
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 1), got " + validationFraction);
        }
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        if (!(minSigma >= 0 && Float.isFinite(minSigma))) throw new IllegalArgumentException("minSigma must be finite and >= 0, got " + minSigma);
        if (!(pointMassShare >= 0 && pointMassShare <= 1)) throw new IllegalArgumentException("pointMassShare must be in [0, 1], got " + pointMassShare);
        if (validationK < 1) throw new IllegalArgumentException("validationK must be >= 1, got " + validationK);
        hidden = hidden.clone();
        binary = binary == null ? null : binary.clone();
    }

    /** Gaussian IWAE, latent 4, hidden {32, 32}, k = 20, batch 20, rate 1e-3 for up to 500 epochs, 10 % validation,
     * patience 50, σ floor 0.01, point masses at 10 %, L_100 validation, seed 1. */
    public static FitOptions defaults() {
        return new FitOptions(Likelihood.GAUSSIAN, 4, new int[] {32, 32}, Objective.IWAE, 20, 20, Schedule.constant(1e-3, 500), 0.1, 50,
                0.01f, null, null, 0.1, 100, 1);
    }

    /** Up to this many training rows (the rows less the validation share) {@link #forRows} gives {@link #defaults()}. */
    public static final long SCALED_ABOVE = 5_000;

    /**
     * The training rows × epochs a fit of a larger table runs for at most ({@link #forRows}): the work of the largest
     * table that keeps the defaults ({@link #SCALED_ABOVE} rows × their 500 epochs), so the budget does not drop at
     * the threshold.
     */
    public static final double ROW_PASSES = SCALED_ABOVE * 500.0;

    /**
     * {@link #defaults()} for a table of {@code rows} rows: unchanged up to {@link #SCALED_ABOVE} training rows; above,
     * the work is bounded, so a big table trains in about the time of a 5,000-row one (a fit's time stops growing with
     * the rows but for its validation; the 500 epochs a small table needs would take an hour on 100,000 rows):
     * batches of 50 at a rate of 2e-3 (fewer, larger steps, which use the cores better, the rate up with the batch)
     * for {@link #ROW_PASSES} / training rows epochs (at least 20); early stopping still ends a fit sooner
     * (docs/tabular.md).
     */
    public static FitOptions forRows(long rows) {
        if (rows < 0) throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        FitOptions d = defaults();
        long train = rows - Math.round(rows * d.validationFraction);
        if (train <= SCALED_ABOVE) return d;
        return d.withBatchSize(50).withEpochs(2e-3, Math.max(20, Math.round(ROW_PASSES / train)));
    }

    /** One line for logs: batch, learning rates and epochs, patience. */
    public String describeTraining() {
        StringBuilder b = new StringBuilder("batch " + batchSize + ", ");
        for (int i = 0; i < schedule.stages(); i++) {
            b.append(i > 0 ? " then " : "").append(schedule.epochs(i)).append(" epochs at ").append(String.format(Locale.ROOT, "%.3g", schedule.learningRate(i)));
        }
        return b.append(patience > 0 && validationFraction > 0 ? ", early stopping after " + patience + " epochs without a better validation bound" : "").toString();
    }

    /** A copy of the hidden layer sizes. */
    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** A copy of the binary-column flags, or null. */
    @Override
    public boolean[] binary() {
        return binary == null ? null : binary.clone();
    }

    /** Whether column j gets a Bernoulli likelihood beside the Gaussian ones. */
    public boolean isBinary(int j) {
        return binary != null && binary[j];
    }

    /** The options as loose fields, changed by one wither and checked again when built. */
    private static final class Draft {
        Likelihood likelihood;
        int latent;
        int[] hidden;
        Objective objective;
        int k;
        int batchSize;
        Schedule schedule;
        double validationFraction;
        int patience;
        float minSigma;
        boolean[] binary;
        Boolean maskInput;
        double pointMassShare;
        int validationK;
        long seed;

        Draft(FitOptions o) {
            likelihood = o.likelihood;
            latent = o.latent;
            hidden = o.hidden;
            objective = o.objective;
            k = o.k;
            batchSize = o.batchSize;
            schedule = o.schedule;
            validationFraction = o.validationFraction;
            patience = o.patience;
            minSigma = o.minSigma;
            binary = o.binary;
            maskInput = o.maskInput;
            pointMassShare = o.pointMassShare;
            validationK = o.validationK;
            seed = o.seed;
        }
    }

    /** A copy with one change, made through the checking constructor. */
    private FitOptions edit(java.util.function.Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return new FitOptions(d.likelihood, d.latent, d.hidden, d.objective, d.k, d.batchSize, d.schedule, d.validationFraction,
                d.patience, d.minSigma, d.binary, d.maskInput, d.pointMassShare, d.validationK, d.seed);
    }

    // each with… gives a copy with one value changed, checked as the constructor checks it

    public FitOptions withLikelihood(Likelihood v) { return edit(d -> d.likelihood = v); }
    public FitOptions withLatent(int v) { return edit(d -> d.latent = v); }
    public FitOptions withHidden(int... v) { return edit(d -> d.hidden = v); }
    public FitOptions withObjective(Objective v) { return edit(d -> d.objective = v); }
    public FitOptions withK(int v) { return edit(d -> d.k = v); }
    public FitOptions withBatchSize(int v) { return edit(d -> d.batchSize = v); }
    public FitOptions withSchedule(Schedule v) { return edit(d -> d.schedule = v); }

    /** A constant learning rate for up to {@code epochs} passes. */
    public FitOptions withEpochs(double learningRate, long epochs) {
        return withSchedule(Schedule.constant(learningRate, epochs));
    }

    public FitOptions withValidationFraction(double v) { return edit(d -> d.validationFraction = v); }
    public FitOptions withPatience(int v) { return edit(d -> d.patience = v); }
    public FitOptions withMinSigma(float v) { return edit(d -> d.minSigma = v); }
    public FitOptions withBinary(boolean[] v) { return edit(d -> d.binary = v); }
    public FitOptions withMaskInput(Boolean v) { return edit(d -> d.maskInput = v); }
    public FitOptions withPointMassShare(double v) { return edit(d -> d.pointMassShare = v); }
    public FitOptions withValidationK(int v) { return edit(d -> d.validationK = v); }
    public FitOptions withSeed(long v) { return edit(d -> d.seed = v); }

    /** The options as text, keys in order; {@link #fromProperties} is the inverse, exactly (doubles in full precision). */
    public Map<String, String> toProperties() {
        Map<String, String> p = new TreeMap<>();
        p.put("likelihood", likelihood.name());
        p.put("latent", Integer.toString(latent));
        p.put("hidden", join(hidden));
        p.put("objective", objective.name());
        p.put("k", Integer.toString(k));
        p.put("batch_size", Integer.toString(batchSize));
        p.put("schedule", schedule.format());
        p.put("validation_fraction", Double.toString(validationFraction));
        p.put("patience", Integer.toString(patience));
        p.put("min_sigma", Float.toString(minSigma));
        if (binary != null) {
            StringBuilder b = new StringBuilder();
            for (boolean f : binary) b.append(f ? '1' : '0');
            p.put("binary", b.toString());
        }
        p.put("mask_input", maskInput == null ? "auto" : maskInput.toString());
        p.put("point_mass_share", Double.toString(pointMassShare));
        p.put("validation_k", Integer.toString(validationK));
        p.put("seed", Long.toString(seed));
        return p;
    }

    /** The inverse of {@link #toProperties()}; a missing or malformed value is an {@link IllegalArgumentException} naming it. */
    public static FitOptions fromProperties(Map<String, String> p) {
        try {
            String b = p.get("binary");
            boolean[] binary = null;
            if (b != null) {
                binary = new boolean[b.length()];
                for (int j = 0; j < binary.length; j++) binary[j] = b.charAt(j) == '1';
            }
            String mask = need(p, "mask_input");
            return new FitOptions(Likelihood.valueOf(need(p, "likelihood")), Integer.parseInt(need(p, "latent")),
                    Arrays.stream(need(p, "hidden").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray(),
                    Objective.parse(need(p, "objective").toLowerCase(Locale.ROOT)), Integer.parseInt(need(p, "k")),
                    Integer.parseInt(need(p, "batch_size")), Schedule.parse(need(p, "schedule")),
                    Double.parseDouble(need(p, "validation_fraction")), Integer.parseInt(need(p, "patience")),
                    Float.parseFloat(need(p, "min_sigma")), binary, mask.equals("auto") ? null : Boolean.valueOf(mask),
                    Double.parseDouble(need(p, "point_mass_share")), Integer.parseInt(need(p, "validation_k")), Long.parseLong(need(p, "seed")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fit options: " + e.getMessage(), e);
        }
    }

    private static String need(Map<String, String> p, String key) {
        String v = p.get(key);
        if (v == null) throw new IllegalArgumentException("fit options: '" + key + "' is missing");
        return v;
    }

    private static String join(int[] v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ",").append(v[i]);
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FitOptions f && toProperties().equals(f.toProperties());
    }

    @Override
    public int hashCode() {
        return toProperties().hashCode();
    }

    @Override
    public String toString() {
        return "FitOptions" + toProperties();
    }
}
