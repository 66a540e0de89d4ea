package iwae4j.experiments;

import iwae4j.models.*;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import iwae4j.models.data.Mnist;
import iwae4j.models.io.Checkpoint;
import iwae4j.models.io.Json;
import iwae4j.plot.ImageGrid;
import iwae4j.plot.LinePlot;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MNIST (the paper's Table 1) as library calls: train one of the paper's architectures with a checkpoint
 * after every epoch, then evaluate the test NLL = −L_5000 over the binarized test set and the active units,
 * and write the figures and result files.
 */
public final class MnistExperiment {
    /** Settings; the defaults are the README's MNIST command. */
    public static final class Options {
        public int layers = 1;
        public int k = 5;
        public Objective objective = Objective.IWAE;
        /** A gradient estimator other than the objective's own ({@link Estimator#parse}: stl, dreg, miwae:M, ...); null: none. */
        public String estimator;
        public int stages = 3;
        /** The stages at a constant rate of 1e-3 with a growing batch ({@link Schedule#growingBatch}) instead of the paper's decay. */
        public boolean growingBatch;
        public long seed = 1;
        public Path dataDir = Mnist.defaultDirectory();
        public Path out = Path.of("runs", "mnist");
        /**
         * With {@link #resume}: continue the checkpoint's schedule (paper or growing batch) to this many stages,
         * e.g. a 40-pass run (4 stages) to 121 passes (5); 0 keeps the checkpoint's.
         */
        public int extendToStages;
        /** Continue from this checkpoint instead of starting fresh (null: fresh). */
        public Path resume;
        public int evalK = 5000;
        /** How many test images to score (all 10,000 by default). */
        public int testSize = 10_000;
        /** Whether to evaluate again with the inactive units removed (a second L_k pass); false: that NLL is null. */
        public boolean prunedPass = true;
        public PrintStream progress = System.err;
    }

    private MnistExperiment() {
    }

    /** The checkpoint written after every epoch. */
    public static Path checkpointPath(Options o) {
        return o.out.resolve("checkpoint.safetensors");
    }

    /**
     * The copy of the checkpoint kept when a stage ends ({@code checkpoint-passes-40.safetensors} after 40
     * passes), so a long run can be evaluated at every shorter budget of the paper's schedule afterwards.
     */
    public static Path stageCheckpointPath(Options o, long passes) {
        return o.out.resolve("checkpoint-passes-" + passes + ".safetensors");
    }

    /**
     * Sets every setting that says what was trained (layers, objective, estimator, k, stages, schedule, seed)
     * from a training state, so results are labelled with what the checkpoint holds, not with the command line.
     */
    public static void describe(Options o, TrainerState s) {
        TrainingConfig c = s.config();
        o.layers = s.spec().layers();
        o.objective = c.objective();
        o.estimator = c.estimator() == null ? null : c.estimator().name();
        o.k = c.k();
        o.stages = c.schedule().stages();
        o.growingBatch = c.schedule().setsBatchSize();
        o.seed = c.seed();
    }

    /**
     * Evaluates a checkpoint as {@link #evaluate} does a trained model, labelled with everything the checkpoint
     * says was trained ({@link #describe}); {@code o}'s evaluation settings (evalK, testSize, out) are used.
     */
    public static Map<String, Object> evaluateCheckpoint(Options o, Mnist mnist, Path checkpoint) throws IOException {
        if (iwae4j.models.io.ModelFile.FORMAT.equals(iwae4j.models.io.SafeTensors.read(checkpoint).metadata.get("format"))) {
            return evaluateModelFile(o, mnist, checkpoint);
        }
        TrainerState s = Checkpoint.read(checkpoint);
        describe(o, s);
        return evaluate(o, mnist, Checkpoint.loadModel(checkpoint), s.history(), Double.NaN);
    }

    /**
     * Evaluates a model file (a published cell's {@code model.safetensors}) as {@link #evaluateCheckpoint} does a
     * checkpoint: labelled with the cell and seed its metadata names, when it names them, and with no training curve.
     */
    static Map<String, Object> evaluateModelFile(Options o, Mnist mnist, Path file) throws IOException {
        iwae4j.models.TrainedModel t = iwae4j.models.io.ModelFile.load(file);
        iwae4j.models.ModelSpec spec = t.spec();
        if (spec.input != Mnist.PIXELS || spec.likelihood != iwae4j.models.Likelihood.BERNOULLI) {
            throw new IllegalArgumentException(file + " is not a model of 28×28 binary images (it takes " + spec.input + " "
                    + spec.likelihood.name().toLowerCase(java.util.Locale.ROOT) + " inputs); score a table with -Dexp=score");
        }
        o.layers = spec.layers();
        String cell = t.metadata().get("cell"), seed = t.metadata().get("seed");
        if (cell != null) {
            Table1.Cell c = Table1.Cell.parse(cell);
            o.objective = c.objective();
            o.k = c.k();
        }
        if (seed != null) o.seed = Long.parseLong(seed.trim());
        String passes = t.metadata().get("passes");
        for (int stages = 1; passes != null && stages <= 12; stages++) {
            if (Schedule.paper(stages).totalEpochs() == Long.parseLong(passes.trim())) o.stages = stages;   // the paper's schedule
        }
        return evaluate(o, mnist, t.model(), List.of(), Double.NaN);
    }

    /** Trains to the end of the schedule (resuming if asked); returns the trainer. */
    public static Trainer train(Options o, Mnist mnist) throws IOException {
        return train(o, mnist, null);
    }

    /**
     * Trains to the end of the schedule (resuming if asked); {@code afterCheckpoint} (may be null) runs after
     * each epoch's checkpoint is written. Returns the trainer.
     */
    public static Trainer train(Options o, Mnist mnist, java.util.function.Consumer<Trainer> afterCheckpoint) throws IOException {
        iwae4j.models.io.OutputFolder.requireWritable(o.out);
        Trainer trainer;
        if (o.resume != null) {
            trainer = Checkpoint.resume(o.resume, mnist.train());
            describe(o, trainer.state()); // the checkpoint's settings win: results are labelled with what was trained
            if (o.extendToStages > 0 && o.extendToStages < o.stages) {
                throw new IllegalArgumentException(o.resume + " was trained with " + o.stages + " stages; -Dstages=" + o.extendToStages
                        + " cannot shorten it (a schedule can only be extended)");
            }
            print(o, "resuming " + o.resume + " at stage " + (trainer.stage() + 1) + " of " + trainer.config().schedule().stages() + ", epoch " + (trainer.epochInStage() + 1)
                    + " (" + trainer.history().size() + " epochs done)");
            if (o.extendToStages > o.stages) {
                Schedule longer = o.growingBatch
                        ? Schedule.growingBatch(o.extendToStages, trainer.config().schedule().batchSize(0, trainer.config().batchSize()))
                        : Schedule.paper(o.extendToStages);
                trainer.extendSchedule(longer);
                print(o, "extending the schedule from " + o.stages + " to " + o.extendToStages + " stages ("
                        + longer.totalEpochs() + " passes)");
                o.stages = o.extendToStages;
            }
        } else {
            ModelSpec spec = o.layers == 1 ? ModelSpec.mnist1() : ModelSpec.mnist2();
            Model model = new Model(spec, o.seed);
            model.setOutputBiasFromMean(mnist.meanTrainPixel());
            TrainingConfig paper = TrainingConfig.paper();
            TrainingConfig t = paper.withObjective(o.objective).withEstimator(o.estimator == null ? null : Estimator.parse(o.estimator, 1, 0))
                    .withK(o.k).withSchedule(o.growingBatch ? Schedule.growingBatch(o.stages, paper.batchSize()) : Schedule.paper(o.stages))
                    .withBinarize(true).withSeed(o.seed);
            trainer = new Trainer(model, mnist.train(), t);
            print(o, String.format("training %s k=%d, %d stochastic layer(s), %d stages (%d passes over %,d images), seed %d%s",
                    o.objective, o.k, o.layers, o.stages, t.schedule().totalEpochs(), mnist.train().size(), o.seed,
                    o.growingBatch ? "; learning rate 1e-3, batch growing per stage: " + t.schedule().format().replaceAll(".*batches=", "") : ""));
        }
        Path ckpt = checkpointPath(o);
        trainer.train(tr -> {
            try {
                Checkpoint.save(tr, ckpt);
                long passes = tr.history().size();
                if (tr.epochInStage() == 0 && passes == tr.config().schedule().epochsBefore(tr.stage())) {
                    Checkpoint.save(tr, stageCheckpointPath(o, passes)); // a stage just ended
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not write the checkpoint " + ckpt + ": " + e.getMessage(), e);
            }
            print(o, String.format("epoch %d done: training bound %.3f; checkpoint %s", tr.history().size(), tr.lastEpochBound(), ckpt));
            if (afterCheckpoint != null) afterCheckpoint.accept(tr);
        });
        return trainer;
    }

    /**
     * Test NLL and active units of a model, written as JSON and a markdown row beside the figures;
     * {@code trainSeconds} is NaN when the model was loaded, not trained, in this run (JSON null, "—").
     */
    public static Map<String, Object> evaluate(Options o, Mnist mnist, Model model, List<Double> history,
                                               double trainSeconds) throws IOException {
        Dataset test = mnist.binarizedTest();
        if (o.testSize < test.size()) test = test.first(o.testSize);
        print(o, "evaluating −L_" + o.evalK + " on " + test.size() + " binarized test images");
        Evaluator.Result r = new Evaluator(Evaluator.DEFAULT_MAX_ROWS).logLikelihood(model, test, o.evalK, o.seed + 1);
        ActiveUnits au = ActiveUnits.measure(model, test, 100, o.seed + 2);
        // the authors' code: variances from one q sample chain on the first 500 training images, units below
        // 0.01 removed, then L_5000 again on the same test images and noise
        ActiveUnits authors = ActiveUnits.measure(model, binarizedTrainHead(mnist, 500, o.seed + 4), 1, o.seed + 5);
        boolean anyInactive = false;
        for (int l = 0; l < model.spec().layers(); l++) anyInactive |= authors.active(l) < model.spec().latent(l);
        Evaluator.Result pruned = r; // nothing to remove: the same model, the same number
        if (anyInactive && !o.prunedPass) {
            pruned = null;
        } else if (anyInactive) {
            print(o, "evaluating −L_" + o.evalK + " again with the units the authors' protocol finds inactive removed ("
                    + activeList(authors, model) + " kept)");
            pruned = new Evaluator(Evaluator.DEFAULT_MAX_ROWS)
                    .logLikelihood(model.withUnitsRemoved(authors.activeMask()), test, o.evalK, o.seed + 1);
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("model", model.spec().format());
        res.put("objective", o.objective.name());
        if (o.estimator != null) res.put("estimator", o.estimator);
        res.put("k", (long) o.k);
        res.put("stages", (long) o.stages);
        res.put("schedule", o.growingBatch ? "batch" : "paper");
        res.put("seed", o.seed);
        res.put("epochs", (long) history.size());
        res.put("test_images", (long) test.size());
        res.put("eval_k", (long) o.evalK);
        res.put("nll", -r.mean);
        res.put("nll_standard_error", r.standardError);
        res.put("ess_mean", r.meanEffectiveSampleSize());
        Map<String, Object> essQ = new LinkedHashMap<>();
        for (double q : new double[] {0.01, 0.05, 0.25, 0.5}) essQ.put(Double.toString(q), r.effectiveSampleSizeQuantile(q));
        res.put("ess_quantiles", essQ);
        List<Object> active = new ArrayList<>();
        for (int l = 0; l < model.spec().layers(); l++) active.add((long) au.active(l));
        res.put("active_units", active);
        List<Object> activeAuthors = new ArrayList<>();
        for (int l = 0; l < model.spec().layers(); l++) activeAuthors.add((long) authors.active(l));
        res.put("active_units_authors_protocol", activeAuthors);
        res.put("nll_units_removed", pruned == null ? null : -pruned.mean);
        res.put("nll_units_removed_standard_error", pruned == null ? null : pruned.standardError);
        res.put("train_seconds", Double.isNaN(trainSeconds) ? null : trainSeconds); // NaN: not trained here (mnist-eval)
        double evalSeconds = r.seconds + (pruned == r || pruned == null ? 0 : pruned.seconds);
        res.put("eval_seconds", evalSeconds);
        Files.createDirectories(o.out);
        Files.writeString(o.out.resolve("results.json"), Json.write(res) + "\n");
        String train = Double.isNaN(trainSeconds) ? "— (not trained in this run)" : String.format("%.0f s", trainSeconds);
        String objective = o.estimator == null ? o.objective.toString() : o.objective + " (" + o.estimator + " gradient)";
        String prunedCell = pruned == null ? "— (not evaluated)" : String.format("%.2f ± %.2f", -pruned.mean, pruned.standardError);
        String row = String.format("| %d | %s | %d | %d | %.2f ± %.2f | %s | %s | %s | %.2f | %s | %.0f s |", model.spec().layers(),
                objective, o.k, o.stages, -r.mean, r.standardError, prunedCell, active, activeAuthors,
                r.meanEffectiveSampleSize(), train, evalSeconds);
        Files.writeString(o.out.resolve("results.md"),
                "| layers | objective | k | stages | test NLL (−L_" + o.evalK + ") | inactive units removed | active units | authors' protocol | mean ESS | train | eval |\n"
                        + "|---|---|---|---|---|---|---|---|---|---|---|\n" + row + "\n");
        writeFigures(o, mnist, model, au, history);
        return res;
    }

    private static String activeList(ActiveUnits au, Model model) {
        StringBuilder b = new StringBuilder();
        for (int l = 0; l < model.spec().layers(); l++) b.append(l > 0 ? "+" : "").append(au.active(l));
        return b.toString();
    }

    /** The first n training images (all, if there are fewer) binarized once, x ~ Bernoulli(grey), from a fixed seed. */
    public static Dataset binarizedTrainHead(Mnist mnist, int n, long seed) {
        n = Math.min(n, mnist.trainImages.length / Mnist.PIXELS);
        Rng rng = new Rng(seed);
        float[] b = new float[n * Mnist.PIXELS];
        for (int i = 0; i < b.length; i++) b[i] = rng.nextDouble() < mnist.trainImages[i] ? 1f : 0f;
        return Dataset.of(b, Mnist.PIXELS);
    }

    static void writeFigures(Options o, Mnist mnist, Model model, ActiveUnits au, List<Double> history) throws IOException {
        int layers = model.spec().layers();
        LinePlot[] panels = new LinePlot[layers];
        for (int l = 0; l < layers; l++) {
            double[] v = au.variances[l];
            double lo = -7, hi = 1;
            int bins = 32;
            double[] edges = new double[bins + 1], counts = new double[bins];
            for (int i = 0; i <= bins; i++) edges[i] = lo + (hi - lo) * i / bins;
            for (double x : v) {
                double lv = Math.log10(Math.max(x, 1e-12));
                int bin = (int) Math.floor((lv - lo) / (hi - lo) * bins);
                counts[Math.max(0, Math.min(bins - 1, bin))]++;
            }
            double top = 0;
            for (double c : counts) top = Math.max(top, c);
            panels[l] = new LinePlot(String.format("layer %d: %d of %d units active", l + 1, au.active(l), v.length),
                    "log10 Var_x(E_q[h_j | x])  (values below -7 in the first bar)", "units")
                    .bars("units per bin", edges, counts, new Color(0x1f77b4))
                    .line("threshold 0.01", new double[] {-2, -2}, new double[] {0, top * 1.05 + 1}, new Color(0xd62728), true)
                    .xRange(lo, hi);
        }
        LinePlot.write(o.out.resolve("active-units.png"), 650 * layers, 480, panels);

        // latent interpolation between pairs of test images, through the top layer's posterior means
        Dataset test = mnist.binarizedTest();
        int pairs = 8, steps = 10, px = Mnist.PIXELS, top = layers - 1, dTop = model.spec().latent(top);
        float[] ends = new float[2 * pairs * px];
        for (int i = 0; i < 2 * pairs; i++) test.copy(i * 7 % test.size(), ends, i * px); // wraps on a small test set
        Tape t = new Tape().gradients(false);
        Var h = t.constant(ends, 2 * pairs, px);
        for (int l = 0; l < layers; l++) h = model.encodeLayer(t, l, h)[0];
        float[] codes = h.value().clone(), path = new float[pairs * steps * dTop];
        for (int p = 0; p < pairs; p++) {
            for (int s = 0; s < steps; s++) {
                float a = s / (float) (steps - 1);
                for (int j = 0; j < dTop; j++) {
                    path[(p * steps + s) * dTop + j] = (1 - a) * codes[(2 * p) * dTop + j] + a * codes[(2 * p + 1) * dTop + j];
                }
            }
        }
        ImageGrid.write(o.out.resolve("interpolation.png"), decodeMeans(model, path, pairs * steps), Mnist.SIDE, pairs, steps, 2);

        Rng rng = new Rng(o.seed + 3);
        float[] z = new float[100 * dTop];
        rng.fillGaussian(z, z.length);
        ImageGrid.write(o.out.resolve("samples.png"), decodeMeans(model, z, 100), Mnist.SIDE, 10, 10, 2);

        double[] epochs = new double[history.size()], bound = new double[history.size()];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = i + 1;
            bound[i] = history.get(i);
        }
        LinePlot.write(o.out.resolve("training-curve.png"), 800, 480,
                new LinePlot("Training bound per epoch (" + o.objective + ", k = " + o.k + ")", "epoch", "mean training bound (nats)")
                        .line("L_" + o.k + " on training batches", epochs, bound, false).legendBottomRight());
    }

    /** Pixel means σ(logits) of p(x|h1) for top-layer codes, decoding each layer through its mean. */
    static float[] decodeMeans(Model model, float[] topCodes, int n) {
        int layers = model.spec().layers();
        Tape t = new Tape().gradients(false);
        Var h = t.constant(topCodes, n, model.spec().latent(layers - 1));
        for (int l = layers - 1; l >= 1; l--) h = model.decodeLayer(t, l, h)[0];
        float[] logits = model.decodeObservation(t, h)[0].value();
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) p[i] = (float) (1 / (1 + Math.exp(-logits[i])));
        return p;
    }

    private static void print(Options o, String line) {
        if (o.progress != null) o.progress.println(line);
    }
}
