package iwae4j.models.io;

import iwae4j.autodiff.Parameter;
import iwae4j.models.FitOptions;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.PointMasses;
import iwae4j.models.Standardizer;
import iwae4j.models.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TrainedModel} as one safetensors file: the parameters (no optimizer state), the standardizer
 * ({@code standardizer.mean}, {@code standardizer.scale}), the point masses if any ({@code point_masses.column},
 * {@code point_masses.value}: the model's input is then the columns plus one indicator per mass, see
 * {@link PointMasses}), and in the metadata the format ({@value #FORMAT}), the model spec, the feature names (a JSON
 * list), the fit options and how training went (JSON objects), the SHA-256 of the tensors (checked on load) and any
 * other strings the model carries. A training checkpoint ({@link Checkpoint}) loads here too, as a model without a
 * standardizer; files written before the options, the training summary and the checksum still load.
 */
public final class ModelFile {
    public static final String FORMAT = "iwae4j-model-1";
    /** Metadata keys the file format owns; a model's own metadata may not use them. */
    static final java.util.Set<String> RESERVED = java.util.Set.of("format", "spec", "features", "fit_options", "training", "tensors_sha256");

    private ModelFile() {
    }

    /**
     * Writes the trained model atomically (a temporary file, then a rename). Metadata is stored in key order, so the
     * same model gives the same bytes whatever map it was made with.
     */
    public static void save(Path file, TrainedModel trained) throws IOException {
        if (file == null) throw new IllegalArgumentException("file must not be null");
        if (trained == null) throw new IllegalArgumentException("trained must not be null");
        OutputFolder.checkWritable(file);
        Encoded e = encode(trained);
        SafeTensors.write(file, e.tensors(), e.metadata());
    }

    /**
     * The model file's bytes, the same as {@link #save} writes (for a model kept inside another object: a Tribuo model,
     * a Spark ML stage); {@link #load(InputStream, String)} reads them back.
     */
    public static byte[] toBytes(TrainedModel trained) {
        if (trained == null) throw new IllegalArgumentException("trained must not be null");
        Encoded e = encode(trained);
        return SafeTensors.encode(e.tensors(), e.metadata());
    }

    private record Encoded(Map<String, SafeTensors.Entry> tensors, Map<String, String> metadata) {
    }

    private static Encoded encode(TrainedModel trained) {
        Model model = trained.model();
        int d = model.spec().input;
        Standardizer standardizer = trained.standardizer();
        PointMasses pm = trained.pointMasses();
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
        Map<String, String> meta = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : trained.metadata().entrySet()) {
            if (RESERVED.contains(e.getKey())) throw new IllegalArgumentException("metadata: the key '" + e.getKey() + "' belongs to the file format");
            meta.put(e.getKey(), e.getValue());
        }
        meta.put("format", FORMAT);
        meta.put("spec", model.spec().format());
        meta.put("features", Json.write(new ArrayList<Object>(trained.featureNames())));
        if (trained.options() != null) meta.put("fit_options", Json.write(trained.options().toProperties()));
        if (trained.training() != null) meta.put("training", Json.write(training(trained.training())));
        meta.put("tensors_sha256", sha256(tensors));
        return new Encoded(tensors, meta);
    }

    /** Loads a model file (or a training checkpoint); an unreadable or malformed one is an {@link IOException} naming it. */
    public static TrainedModel load(Path file) throws IOException {
        if (file == null) throw new IllegalArgumentException("file must not be null");
        return load(file.toString(), SafeTensors.read(file));
    }

    /** Loads a model file from a stream (read to its end, not closed); {@code name} appears in error messages. */
    public static TrainedModel load(InputStream in, String name) throws IOException {
        if (in == null) throw new IllegalArgumentException("in must not be null");
        return load(name, SafeTensors.parseFile(name, in.readAllBytes()));
    }

    private static TrainedModel load(String name, SafeTensors.Contents c) throws CorruptFileException {
        try {
            return decode(name, c);
        } catch (IllegalArgumentException e) {
            throw SafeTensors.corrupt(name, e);
        }
    }

    /** A hex SHA-256 over the tensors in name order: each name, its shape and its floats' bits (little-endian). */
    static String sha256(Map<String, SafeTensors.Entry> tensors) {
        java.security.MessageDigest md;
        try {
            md = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (String key : new java.util.TreeSet<>(tensors.keySet())) {
            SafeTensors.Entry e = tensors.get(key);
            md.update(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (int s : e.shape) md.update(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(s).array());
            for (float v : e.data) {
                if (buf.remaining() < 4) {
                    md.update(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putFloat(v);
            }
            md.update(buf.array(), 0, buf.position());
            buf.clear();
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static Map<String, Object> training(TrainedModel.Training t) {
        Map<String, Object> m = new java.util.TreeMap<>();
        m.put("rows", t.rows());
        m.put("columns", t.columns());
        m.put("best_epoch", t.bestEpoch());
        m.put("best_validation_bound", t.bestValidationBound());
        m.put("train_bounds", t.trainBounds());
        m.put("validation_bounds", t.validationBounds());
        m.put("stopped_early", t.stoppedEarly());
        m.put("seconds", t.seconds());
        m.put("library_version", t.libraryVersion());
        return m;
    }

    private static TrainedModel.Training training(String name, String json) {
        if (!(Json.parse(json) instanceof Map<?, ?> m)) throw new IllegalArgumentException(name + ": 'training' is not a JSON object");
        return new TrainedModel.Training(number(name, m, "rows").intValue(), number(name, m, "columns").intValue(),
                number(name, m, "best_epoch").intValue(), number(name, m, "best_validation_bound").doubleValue(), numbers(name, m, "train_bounds"),
                numbers(name, m, "validation_bounds"), Boolean.TRUE.equals(m.get("stopped_early")), number(name, m, "seconds").doubleValue(),
                String.valueOf(m.get("library_version")));
    }

    private static Number number(String name, Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v == null) return Double.NaN;   // a bound that was not finite is written as null
        if (!(v instanceof Number n)) throw new IllegalArgumentException(name + ": training '" + key + "' is not a number");
        return n;
    }

    private static List<Double> numbers(String name, Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> l)) throw new IllegalArgumentException(name + ": training '" + key + "' is not a list");
        List<Double> out = new ArrayList<>();
        for (Object o : l) out.add(o instanceof Number n ? n.doubleValue() : Double.NaN);
        return out;
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

    private static TrainedModel decode(String name, SafeTensors.Contents c) {
        Map<String, String> m = c.metadata;
        String format = m.get("format");
        if (!FORMAT.equals(format) && !Checkpoint.FORMAT.equals(format)) {
            throw new IllegalArgumentException(name + ": not an iwae4j model file (format is " + format + "; this version reads "
                    + FORMAT + " and " + Checkpoint.FORMAT + ")");
        }
        String specText = m.get("spec");
        if (specText == null) throw new IllegalArgumentException(name + ": metadata has no 'spec'");
        String sum = m.get("tensors_sha256");
        if (sum != null && !sum.equals(sha256(c.tensors))) {
            throw new IllegalArgumentException(name + ": the tensors do not match the file's checksum (tensors_sha256); the file is damaged");
        }
        ModelSpec spec = specThatFits(name, specText, c);
        Model model = new Model(spec, 0);
        for (Parameter p : model.parameters()) {
            float[] v = tensor(name, c, p.name(), p.rows(), p.cols());
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) throw new IllegalArgumentException(name + ": parameter " + p.name() + " holds " + v[i] + " at " + i + "; the file is damaged");
            }
            p.set(v);
        }
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
        FitOptions options = null;
        if (m.containsKey("fit_options")) {
            if (!(Json.parse(m.get("fit_options")) instanceof Map<?, ?> om)) throw new IllegalArgumentException(name + ": 'fit_options' is not a JSON object");
            Map<String, String> props = new java.util.TreeMap<>();
            for (Map.Entry<?, ?> e : om.entrySet()) props.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
            options = FitOptions.fromProperties(props);
        }
        TrainedModel.Training training = m.containsKey("training") ? training(name, m.get("training")) : null;
        Map<String, String> other = new java.util.TreeMap<>(m);
        other.keySet().removeAll(RESERVED);
        try {
            return new TrainedModel(model, st, masses, names, options, training, other);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
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
