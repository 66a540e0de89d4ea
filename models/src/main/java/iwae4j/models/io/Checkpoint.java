package iwae4j.models.io;

import iwae4j.autodiff.Parameter;
import iwae4j.models.Dataset;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Objective;
import iwae4j.models.Schedule;
import iwae4j.models.Trainer;
import iwae4j.models.TrainerState;
import iwae4j.models.Estimator;
import iwae4j.models.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training checkpoints as safetensors files. Tensors: every parameter under its own name
 * ({@code q1.fc0.w}, ..., {@code px.logits.b}), and Adam's moments as {@code adam.m/NAME}, {@code adam.v/NAME}.
 * Metadata (strings): the model spec, the training options, the position (stage, epoch, step), Adam's step
 * count, the random stream's state and the per-epoch training bounds. Resuming from a checkpoint written
 * after epoch e continues exactly as the uninterrupted run would have.
 */
public final class Checkpoint {
    public static final String FORMAT = "iwae4j-checkpoint-1";

    private Checkpoint() {
    }

    /** Writes the trainer's whole state (atomically). */
    public static void save(Trainer trainer, Path file) throws IOException {
        save(trainer.state(), trainer.model().parameters(), file);
    }

    /** Encodes a {@link TrainerState}; {@code names} gives the parameters' names and shapes, in order. */
    static void save(TrainerState st, List<Parameter> names, Path file) throws IOException {
        Map<String, SafeTensors.Entry> tensors = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) tensors.put(names.get(i).name(), new SafeTensors.Entry(shape(names.get(i)), st.parameters()[i]));
        for (int i = 0; i < names.size(); i++) {
            tensors.put("adam.m/" + names.get(i).name(), new SafeTensors.Entry(shape(names.get(i)), st.firstMoments()[i]));
            tensors.put("adam.v/" + names.get(i).name(), new SafeTensors.Entry(shape(names.get(i)), st.secondMoments()[i]));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("spec", st.spec().format());
        writeConfig(st.config(), meta);
        meta.put("stage", Integer.toString(st.stage()));
        meta.put("epoch_in_stage", Long.toString(st.epochInStage()));
        meta.put("steps", Long.toString(st.steps()));
        meta.put("adam_step", Long.toString(st.adamStep()));
        meta.put("rng", st.rng()[0] + "," + st.rng()[1] + "," + st.rng()[2]);
        StringBuilder h = new StringBuilder();
        for (double v : st.history()) h.append(h.length() > 0 ? "," : "").append(v);
        meta.put("history", h.toString());
        SafeTensors.write(file, tensors, meta);
    }

    private static int[] shape(Parameter p) {
        return new int[] {p.rows(), p.cols()};
    }

    /** Reads only the model (spec and parameters) from a checkpoint, for evaluation. */
    public static Model loadModel(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        try {
            Model model = new Model(spec(file, c), 0);
            for (Parameter p : model.parameters()) p.set(tensor(file, c, p.name(), p));
            return model;
        } catch (IllegalArgumentException e) {
            throw SafeTensors.corrupt(file.toString(), e);
        }
    }

    /** Decodes a checkpoint into the {@link TrainerState} it holds. */
    public static TrainerState read(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        try {
            return decode(file, c);
        } catch (IllegalArgumentException e) {
            throw SafeTensors.corrupt(file.toString(), e);
        }
    }

    private static TrainerState decode(Path file, SafeTensors.Contents c) {
        Map<String, String> m = c.metadata;
        ModelSpec spec = spec(file, c);
        List<Parameter> like = new Model(spec, 0).parameters();
        int n = like.size();
        float[][] p = new float[n][], fm = new float[n][], sm = new float[n][];
        for (int i = 0; i < n; i++) {
            p[i] = tensor(file, c, like.get(i).name(), like.get(i));
            fm[i] = tensor(file, c, "adam.m/" + like.get(i).name(), like.get(i));
            sm[i] = tensor(file, c, "adam.v/" + like.get(i).name(), like.get(i));
        }
        try {
            String[] r = need(file, m, "rng").split(",");
            if (r.length != 3) throw new IllegalArgumentException(file + ": rng state needs 3 numbers");
            List<Double> history = new java.util.ArrayList<>();
            String h = m.getOrDefault("history", "");
            if (!h.isEmpty()) for (String v : h.split(",")) history.add(Double.parseDouble(v));
            return new TrainerState(spec, readConfig(file, m), p, fm, sm, Long.parseLong(need(file, m, "adam_step")),
                    Integer.parseInt(need(file, m, "stage")), Long.parseLong(need(file, m, "epoch_in_stage")), Long.parseLong(need(file, m, "steps")),
                    new long[] {Long.parseLong(r[0]), Long.parseLong(r[1]), Long.parseLong(r[2])}, history);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": bad number in the training state (" + e.getMessage() + ")");
        }
    }

    /** The training configuration as metadata strings: the one place a checkpoint writes it. */
    static void writeConfig(TrainingConfig c, Map<String, String> meta) {
        meta.put("objective", c.objective().name());
        if (c.estimator() != null) meta.put("estimator", c.estimator().name());
        meta.put("k", Integer.toString(c.k()));
        meta.put("batch_size", Integer.toString(c.batchSize()));
        meta.put("stages", Integer.toString(c.schedule().stages()));
        meta.put("schedule", c.schedule().format());
        meta.put("adam_epsilon", Double.toString(c.adamEpsilon()));
        meta.put("binarize", Boolean.toString(c.binarize()));
        meta.put("seed", Long.toString(c.seed()));
    }

    /** The inverse of {@link #writeConfig}: the one place a checkpoint reads the configuration. */
    static TrainingConfig readConfig(Path file, Map<String, String> m) {
        // checkpoints before the "schedule" key held the paper's schedule
        Schedule schedule = m.containsKey("schedule") ? Schedule.parse(m.get("schedule")) : Schedule.paper(Integer.parseInt(need(file, m, "stages")));
        String estimator = m.get("estimator");
        return new TrainingConfig(Objective.parse(need(file, m, "objective")), estimator == null ? null : Estimator.parse(estimator, 1, 0),
                Integer.parseInt(need(file, m, "k")), Integer.parseInt(need(file, m, "batch_size")), schedule,
                Double.parseDouble(need(file, m, "adam_epsilon")), Boolean.parseBoolean(need(file, m, "binarize")), Long.parseLong(need(file, m, "seed")));
    }

    /**
     * A trainer over {@code data} positioned exactly where the checkpoint left off ({@link #read}, then
     * {@link Trainer#restore}).
     */
    public static Trainer resume(Path file, Dataset data) throws IOException {
        return Trainer.restore(read(file), data);
    }

    private static ModelSpec spec(Path file, SafeTensors.Contents c) {
        String format = c.metadata.get("format");
        if (format != null && format.startsWith("iwae4j-checkpoint-") && !FORMAT.equals(format)) {
            throw new IllegalArgumentException(file + ": written in checkpoint format '" + format + "' by another version of iwae4j;"
                    + " this version reads '" + FORMAT + "'");
        }
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(file + ": not an iwae4j checkpoint (metadata format is " + c.metadata.get("format") + ")");
        }
        return ModelFile.specThatFits(file.toString(), need(file, c.metadata, "spec"), c);
    }

    private static String need(Path file, Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) throw new IllegalArgumentException(file + ": metadata has no '" + key + "'");
        return v;
    }

    private static float[] tensor(Path file, SafeTensors.Contents c, String name, Parameter like) {
        SafeTensors.Entry e = c.tensors.get(name);
        if (e == null) throw new IllegalArgumentException(file + ": tensor '" + name + "' is missing");
        if (e.shape.length != 2 || e.shape[0] != like.rows() || e.shape[1] != like.cols()) {
            throw new IllegalArgumentException(file + ": tensor '" + name + "' has shape " + java.util.Arrays.toString(e.shape)
                    + ", the model needs [" + like.rows() + ", " + like.cols() + "]");
        }
        return e.data;
    }
}
