package iwae4j.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trained model, everything it is in one value: the spec and parameters ({@link Model}), the input schema (feature
 * names in order, which columns are binary, point masses, standardization), the options it was trained with and
 * its provenance (library version, data shape, best epoch, validation bound). {@link Fit#run} returns one;
 * {@code ModelFile} saves and loads all of it; it makes the {@link Scorer}, the {@link Imputer} and samples.
 *
 * <p>Immutable apart from the {@link Model}'s parameter arrays, which nothing here writes; safe to share between
 * threads.
 */
public record TrainedModel(Model model, Standardizer standardizer, PointMasses pointMasses, List<String> featureNames, FitOptions options,
                           Training training, Map<String, String> metadata) {
    /**
     * How a {@link Fit} went.
     *
     * @param rows                rows the fit was given (training and validation)
     * @param columns             values per row
     * @param bestEpoch           the epoch whose parameters were kept (the last, without validation)
     * @param bestValidationBound its validation bound L_k per row (the training bound without validation)
     * @param trainBounds         the training bound after each epoch
     * @param validationBounds    the validation bound after each epoch
     * @param stoppedEarly        whether early stopping ended training before the schedule did
     * @param seconds             wall time of the fit, seconds
     * @param libraryVersion      the iwae4j version that trained it
     */
    public record Training(int rows, int columns, int bestEpoch, double bestValidationBound, List<Double> trainBounds,
                           List<Double> validationBounds, boolean stoppedEarly, double seconds, String libraryVersion) {
        public Training {
            trainBounds = List.copyOf(trainBounds);
            validationBounds = List.copyOf(validationBounds);
        }
    }

    /**
     * Checks and normalizes the parts: the point masses against the model's input and the standardizer, one name per
     * column (null: x0, x1, ...; no repeats), the metadata copied in key order.
     *
     * @param standardizer the transform fitted on the training rows (null: none, as for a Bernoulli model)
     * @param pointMasses  the point masses (null: none)
     * @param featureNames one name per column of a row as given (null: x0, x1, ...)
     * @param options      the options of the {@link Fit} that made it (null: trained otherwise, e.g. by a {@link Trainer})
     * @param training     how the fit went (null: not known)
     * @param metadata     other strings to keep with the model, such as where the data came from (null: none)
     */
    public TrainedModel {
        if (model == null) throw new IllegalArgumentException("model must not be null");
        pointMasses = PointMasses.checkedFor(pointMasses, model.spec().input, standardizer);
        int width = pointMasses.inputs();
        if (featureNames != null && featureNames.size() != width) {
            throw new IllegalArgumentException("featureNames: " + featureNames.size() + " names for a model of " + width + " columns"
                    + (pointMasses.count() > 0 ? " (and " + pointMasses.count() + " point-mass indicators)" : ""));
        }
        List<String> names = new ArrayList<>(width);
        for (int j = 0; j < width; j++) {
            String n = featureNames == null ? "x" + j : featureNames.get(j);
            if (n == null) throw new IllegalArgumentException("featureNames: name " + j + " is null");
            names.add(n);
        }
        if (new java.util.HashSet<>(names).size() != names.size()) throw new IllegalArgumentException("featureNames: names repeat: " + names);
        featureNames = Collections.unmodifiableList(names);
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** A model trained otherwise (a {@link Trainer} on images): no standardizer, no point masses, columns x0, x1, .... */
    public static TrainedModel of(Model model) {
        return new TrainedModel(model, null, null, null, null, null, null);
    }

    /** This model with other strings kept beside it (replacing the ones it had). */
    public TrainedModel withMetadata(Map<String, String> other) {
        return new TrainedModel(model, standardizer, pointMasses, featureNames, options, training, other);
    }

    /** This model with its columns named (one name per column of a row as given). */
    public TrainedModel withFeatureNames(List<String> names) {
        return new TrainedModel(model, standardizer, pointMasses, names, options, training, metadata);
    }

    public ModelSpec spec() {
        return model.spec();
    }

    /** The number of values a row has (the model's input less the point-mass indicators). */
    public int columns() {
        return pointMasses.inputs();
    }

    /** The transform rows are standardized by: the standardizer, or the identity when there is none. */
    Standardizer standardizerOrIdentity() {
        return standardizer == null ? Standardizer.identity(model.spec().input) : standardizer;
    }

    /** A scorer of rows as given (point masses expanded, the standardizer applied): L_k with {@code k} samples per row. */
    public Scorer scorer(int k, long seed) {
        return new Scorer(this, samples(k), seed);
    }

    /** An imputer of rows as given, with {@code k} importance samples per row. */
    public Imputer imputer(int k, long seed) {
        return new Imputer(this, samples(k), seed);
    }

    private static int samples(int k) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        return k;
    }

    /** {@code n} rows generated by the model, in the original units (see {@link Scorer#sample}). */
    public float[][] sample(int n, long seed) {
        return scorer(1, seed).sample(n, seed);
    }

    /** What the model is, in a few lines: the spec, the columns, the options and how training went. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        ModelSpec s = model.spec();
        b.append(String.format(Locale.ROOT, "model: %s, %d parameters%n", s.format(), s.parameterCount()));
        List<String> binary = new ArrayList<>();
        for (int j = 0; j < columns(); j++) if (s.isBinary(j)) binary.add(featureNames.get(j));
        b.append(String.format(Locale.ROOT, "columns (%d): %s%n", columns(), abbreviate(featureNames)));
        if (!binary.isEmpty() && s.likelihood == Likelihood.GAUSSIAN) b.append("binary (Bernoulli) columns: ").append(abbreviate(binary)).append('\n');
        if (pointMasses.count() > 0) b.append("point masses: ").append(abbreviate(pointMasses.describe(featureNames))).append('\n');
        b.append("standardized: ").append(standardizer != null ? "yes" : "no").append('\n');
        if (options != null) b.append("fit options: ").append(options.toProperties()).append('\n');
        if (training != null) {
            b.append(String.format(Locale.ROOT, "training: %d rows x %d columns, best validation bound %.4f at epoch %d of %d%s, %.1f s, iwae4j %s%n",
                    training.rows(), training.columns(), training.bestValidationBound(), training.bestEpoch(), training.trainBounds().size(),
                    training.stoppedEarly() ? " (stopped early)" : "", training.seconds(), training.libraryVersion()));
        }
        if (!metadata.isEmpty()) b.append("metadata: ").append(metadata).append('\n');
        return b.toString();
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 12 ? String.join(", ", names) : String.join(", ", names.subList(0, 10)) + ", ... (" + (names.size() - 10) + " more)";
    }

    /** The version of this library, as its build wrote it ("unknown" if the resource is missing). */
    public static String libraryVersion() {
        try (java.io.InputStream in = TrainedModel.class.getResourceAsStream("version.properties")) {
            if (in == null) return "unknown";
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
