package iwae4j.models.io;

import iwae4j.autodiff.Parameter;
import iwae4j.models.Fit;
import iwae4j.models.Imputer;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.PointMasses;
import iwae4j.models.Scorer;
import iwae4j.models.Standardizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained model for inference, as a safetensors file: the parameters (no optimizer state), the
 * standardizer ({@code standardizer.mean}, {@code standardizer.scale}), the point masses if any
 * ({@code point_masses.column}, {@code point_masses.value}: the model's input is then the columns plus one indicator
 * per mass, see {@link PointMasses}), and in the metadata the format
 * ({@value #FORMAT}), the model spec, the feature names (a JSON list) and any other strings the caller adds
 * (how it was trained). A training checkpoint ({@link Checkpoint}) loads here too, as a model without a
 * standardizer.
 */
public final class ModelFile {
    public static final String FORMAT = "iwae4j-model-1";

    private ModelFile() {
    }

    /** A loaded model with what scoring needs besides the parameters. */
    public record Trained(Model model, Standardizer standardizer, PointMasses pointMasses, List<String> featureNames,
                          Map<String, String> metadata) {
        /** A scorer with {@code k} samples per row and the given noise seed. */
        public Scorer scorer(int k, long seed) {
            return new Scorer(model, standardizer, pointMasses, featureNames, k, seed);
        }

        /** An imputer with {@code k} samples per row and the given noise seed. */
        public Imputer imputer(int k, long seed) {
            return new Imputer(model, standardizer, pointMasses, k, seed);
        }

        /** The number of values a row has (the model's input less the point-mass indicators). */
        public int columns() {
            return pointMasses.inputs();
        }
    }

    /**
     * Writes the model atomically; {@code extra} metadata (may be empty or null) is stored in key order, so the same model
     * and metadata give the same bytes whatever map the caller passes ({@code Map.of} iterates in a per-JVM order).
     */
    public static void save(Path file, Model model, Standardizer standardizer, List<String> featureNames, Map<String, String> extra)
            throws IOException {
        save(file, model, standardizer, null, featureNames, extra);
    }

    /** What {@link Fit#run} trained, with the names of the columns it was given (null: none). */
    public static void save(Path file, Fit.Result fit, List<String> featureNames, Map<String, String> extra) throws IOException {
        save(file, fit.model(), fit.standardizer(), fit.pointMasses(), featureNames, extra);
    }

    /** The general form: {@code masses} null or none for a model without point masses. */
    public static void save(Path file, Model model, Standardizer standardizer, PointMasses masses, List<String> featureNames,
                            Map<String, String> extra) throws IOException {
        int d = model.spec().input;
        PointMasses pm = PointMasses.checkedFor(masses, d, standardizer);
        if (featureNames != null && featureNames.size() != pm.inputs()) {
            throw new IllegalArgumentException(featureNames.size() + " feature names for " + pm.inputs() + " inputs"
                    + (pm.count() > 0 ? " (the model's other " + pm.count() + " are point-mass indicators)"
                    : featureNames.size() < pm.inputs() ? "; a model that Fit gave point masses is saved with save(file, fitResult, names, extra)" : ""));
        }
        Map<String, SafeTensors.Entry> tensors = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) tensors.put(p.name(), new SafeTensors.Entry(new int[] {p.rows(), p.cols()}, p.value()));
        if (standardizer != null) {
            tensors.put("standardizer.mean", new SafeTensors.Entry(new int[] {1, d}, standardizer.mean()));
            tensors.put("standardizer.scale", new SafeTensors.Entry(new int[] {1, d}, standardizer.scale()));
        }
        if (pm.count() > 0) {
            float[] columns = new float[pm.count()];
            for (int i = 0; i < columns.length; i++) columns[i] = pm.column(i);   // exact: far below 2^24
            tensors.put("point_masses.column", new SafeTensors.Entry(new int[] {1, pm.count()}, columns));
            tensors.put("point_masses.value", new SafeTensors.Entry(new int[] {1, pm.count()}, pm.values()));
        }
        Map<String, String> meta = extra == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(extra);
        meta.put("format", FORMAT);
        meta.put("spec", model.spec().format());
        if (featureNames != null) meta.put("features", Json.write(new ArrayList<Object>(featureNames)));
        SafeTensors.write(file, tensors, meta);
    }

    /** Loads a model file (or a training checkpoint) from a path. */
    public static Trained load(Path file) throws IOException {
        return load(file.toString(), SafeTensors.read(file));
    }

    /** Loads a model file from a stream (read to its end, not closed); {@code name} appears in error messages. */
    public static Trained load(InputStream in, String name) throws IOException {
        return load(name, SafeTensors.parse(name, in.readAllBytes()));
    }

    private static Trained load(String name, SafeTensors.Contents c) {
        try {
            return decode(name, c);
        } catch (IllegalArgumentException e) {
            throw named(name, e);
        }
    }

    /** The error with the file's name in front, unless it already starts with it. */
    static IllegalArgumentException named(String name, IllegalArgumentException e) {
        return e.getMessage() != null && e.getMessage().startsWith(name) ? e : new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }

    /**
     * The spec in a file's metadata, refused when it needs more parameters than the file's tensors hold (a
     * lying spec must not make the reader allocate a model larger than the file).
     */
    static ModelSpec specThatFits(String name, String specText, SafeTensors.Contents c) {
        ModelSpec spec = ModelSpec.parse(specText);
        long floats = 0;
        for (SafeTensors.Entry e : c.tensors.values()) floats += e.data.length;
        if (spec.parameterCount() > floats) {
            throw new IllegalArgumentException(name + ": the spec '" + specText + "' needs " + spec.parameterCount()
                    + " parameters, the file holds " + floats + " numbers");
        }
        return spec;
    }

    private static Trained decode(String name, SafeTensors.Contents c) {
        Map<String, String> m = c.metadata;
        String format = m.get("format");
        if (!FORMAT.equals(format) && !Checkpoint.FORMAT.equals(format)) {
            throw new IllegalArgumentException(name + ": not an iwae4j model file (format is " + format + "; this version reads "
                    + FORMAT + " and " + Checkpoint.FORMAT + ")");
        }
        String specText = m.get("spec");
        if (specText == null) throw new IllegalArgumentException(name + ": metadata has no 'spec'");
        ModelSpec spec = specThatFits(name, specText, c);
        Model model = new Model(spec, 0);
        for (Parameter p : model.parameters()) p.set(tensor(name, c, p.name(), p.rows(), p.cols()));
        Standardizer st = null;
        if (c.tensors.containsKey("standardizer.mean")) {
            st = new Standardizer(tensor(name, c, "standardizer.mean", 1, spec.input), tensor(name, c, "standardizer.scale", 1, spec.input));
        }
        PointMasses masses = PointMasses.none(spec.input);
        if (c.tensors.containsKey("point_masses.column")) {
            SafeTensors.Entry e = c.tensors.get("point_masses.column");
            int count = e.data.length;
            if (count >= spec.input) throw new IllegalArgumentException(name + ": " + count + " point masses for a model of " + spec.input + " inputs");
            float[] cf = tensor(name, c, "point_masses.column", 1, count), values = tensor(name, c, "point_masses.value", 1, count);
            int[] columns = new int[count];
            for (int i = 0; i < count; i++) {
                if (cf[i] != Math.rint(cf[i])) throw new IllegalArgumentException(name + ": point-mass column " + cf[i] + " is not a whole number");
                columns[i] = (int) cf[i];
            }
            masses = new PointMasses(columns, values, spec.input - count);
        }
        List<String> names = null;
        if (m.containsKey("features")) {
            Object v = Json.parse(m.get("features"));
            if (!(v instanceof List<?> l) || l.size() != masses.inputs()) {
                throw new IllegalArgumentException(name + ": 'features' must list " + masses.inputs() + " names");
            }
            names = new ArrayList<>();
            for (Object o : l) names.add(String.valueOf(o));
        }
        return new Trained(model, st, masses, names, Map.copyOf(m));
    }

    private static float[] tensor(String file, SafeTensors.Contents c, String name, int rows, int cols) {
        SafeTensors.Entry e = c.tensors.get(name);
        if (e == null) throw new IllegalArgumentException(file + ": tensor '" + name + "' is missing");
        if (e.shape.length != 2 || e.shape[0] != rows || e.shape[1] != cols) {
            throw new IllegalArgumentException(file + ": tensor '" + name + "' has shape " + java.util.Arrays.toString(e.shape)
                    + ", expected [" + rows + ", " + cols + "]");
        }
        return e.data;
    }
}
