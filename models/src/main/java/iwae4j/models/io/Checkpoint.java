package iwae4j.models.io;

import iwae4j.autodiff.Adam;
import iwae4j.autodiff.Parameter;
import iwae4j.models.Dataset;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Objective;
import iwae4j.models.Schedule;
import iwae4j.models.Trainer;
import java.io.IOException;
import java.io.PrintStream;
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
        Model model = trainer.model();
        Adam adam = trainer.adam();
        Map<String, SafeTensors.Entry> tensors = new LinkedHashMap<>();
        List<Parameter> ps = model.parameters();
        for (Parameter p : ps) tensors.put(p.name(), new SafeTensors.Entry(new int[] {p.rows(), p.cols()}, p.value()));
        for (int i = 0; i < ps.size(); i++) {
            int[] shape = {ps.get(i).rows(), ps.get(i).cols()};
            tensors.put("adam.m/" + ps.get(i).name(), new SafeTensors.Entry(shape, adam.firstMoments()[i]));
            tensors.put("adam.v/" + ps.get(i).name(), new SafeTensors.Entry(shape, adam.secondMoments()[i]));
        }
        Trainer.Options o = trainer.options();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("spec", model.spec().format());
        meta.put("objective", o.objective.name());
        meta.put("k", Integer.toString(o.k));
        meta.put("batch_size", Integer.toString(o.batchSize));
        meta.put("stages", Integer.toString(o.schedule.stages()));
        meta.put("schedule", o.schedule.format());
        meta.put("adam_epsilon", Double.toString(o.adamEpsilon));
        meta.put("binarize", Boolean.toString(o.binarize));
        meta.put("seed", Long.toString(o.seed));
        meta.put("stage", Integer.toString(trainer.stage()));
        meta.put("epoch_in_stage", Long.toString(trainer.epochInStage()));
        meta.put("steps", Long.toString(trainer.steps()));
        meta.put("adam_step", Long.toString(adam.stepCount()));
        long[] rng = trainer.rng().state();
        meta.put("rng", rng[0] + "," + rng[1] + "," + rng[2]);
        StringBuilder h = new StringBuilder();
        for (double v : trainer.history()) h.append(h.length() > 0 ? "," : "").append(v);
        meta.put("history", h.toString());
        SafeTensors.write(file, tensors, meta);
    }

    /** Reads only the model (spec and parameters) from a checkpoint, for evaluation. */
    public static Model loadModel(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Model model = new Model(spec(file, c), 0);
        restoreParameters(file, c, model);
        return model;
    }

    /**
     * A trainer over {@code data} positioned exactly where the checkpoint left off: parameters, Adam moments
     * and step, random stream, stage, epoch and history restored; options from the checkpoint.
     */
    public static Trainer resume(Path file, Dataset data, PrintStream progress) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> m = c.metadata;
        Model model = new Model(spec(file, c), 0);
        Trainer.Options o = new Trainer.Options();
        try {
            o.objective = Objective.parse(need(file, m, "objective"));
            o.k = Integer.parseInt(need(file, m, "k"));
            o.batchSize = Integer.parseInt(need(file, m, "batch_size"));
            // checkpoints before the "schedule" key held the paper's schedule
            o.schedule = m.containsKey("schedule") ? Schedule.parse(m.get("schedule")) : Schedule.paper(Integer.parseInt(need(file, m, "stages")));
            o.adamEpsilon = Double.parseDouble(need(file, m, "adam_epsilon"));
            o.binarize = Boolean.parseBoolean(need(file, m, "binarize"));
            o.seed = Long.parseLong(need(file, m, "seed"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": bad number in the training options (" + e.getMessage() + ")");
        }
        o.progress = progress;
        Trainer t = new Trainer(model, data, o);
        restoreParameters(file, c, model);
        Adam adam = t.adam();
        List<Parameter> ps = model.parameters();
        for (int i = 0; i < ps.size(); i++) {
            copy(file, c, "adam.m/" + ps.get(i).name(), ps.get(i), adam.firstMoments()[i]);
            copy(file, c, "adam.v/" + ps.get(i).name(), ps.get(i), adam.secondMoments()[i]);
        }
        try {
            adam.setStepCount(Long.parseLong(need(file, m, "adam_step")));
            String[] r = need(file, m, "rng").split(",");
            if (r.length != 3) throw new IllegalArgumentException(file + ": rng state needs 3 numbers");
            t.rng().setState(new long[] {Long.parseLong(r[0]), Long.parseLong(r[1]), Long.parseLong(r[2])});
            t.setPosition(Integer.parseInt(need(file, m, "stage")), Long.parseLong(need(file, m, "epoch_in_stage")),
                    Long.parseLong(need(file, m, "steps")));
            String h = m.getOrDefault("history", "");
            if (!h.isEmpty()) for (String v : h.split(",")) t.history().add(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": bad number in the training state (" + e.getMessage() + ")");
        }
        return t;
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
        return ModelSpec.parse(need(file, c.metadata, "spec"));
    }

    private static String need(Path file, Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) throw new IllegalArgumentException(file + ": metadata has no '" + key + "'");
        return v;
    }

    private static void restoreParameters(Path file, SafeTensors.Contents c, Model model) {
        for (Parameter p : model.parameters()) copy(file, c, p.name(), p, p.value());
    }

    private static void copy(Path file, SafeTensors.Contents c, String name, Parameter like, float[] into) {
        SafeTensors.Entry e = c.tensors.get(name);
        if (e == null) throw new IllegalArgumentException(file + ": tensor '" + name + "' is missing");
        if (e.shape.length != 2 || e.shape[0] != like.rows() || e.shape[1] != like.cols()) {
            throw new IllegalArgumentException(file + ": tensor '" + name + "' has shape " + java.util.Arrays.toString(e.shape)
                    + ", the model needs [" + like.rows() + ", " + like.cols() + "]");
        }
        System.arraycopy(e.data, 0, into, 0, into.length);
    }
}
