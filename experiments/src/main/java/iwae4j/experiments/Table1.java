package iwae4j.experiments;

import iwae4j.models.Dataset;
import iwae4j.models.Evaluator;

import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Objective;
import iwae4j.models.Progress;
import iwae4j.models.Schedule;
import iwae4j.models.Trainer;
import iwae4j.models.TrainerState;
import iwae4j.models.TrainingConfig;
import iwae4j.models.data.Mnist;
import iwae4j.models.io.Checkpoint;
import iwae4j.models.io.Json;
import iwae4j.models.io.SafeTensors;
import iwae4j.tensor.Parallel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The paper's Table 1 as a resumable grid: {1, 2} stochastic layers × {VAE, IWAE} × k ∈ {1, 5, 50} on MNIST,
 * each cell the MNIST experiment in its own folder under {@link Options#out}, with a checkpoint after every
 * epoch. Running the same grid again skips finished cells, resumes unfinished ones from their last
 * checkpoint and re-evaluates a trained cell whose evaluation settings changed; a folder that holds a cell
 * trained with other settings is an error naming the folder, never overwritten. With k = 1 the VAE and IWAE
 * objectives are the same objective, so that cell is trained once ({@code 1L-k1}, {@code 2L-k1}) and shown
 * in both columns of the table ({@link Table1Report}).
 */
public final class Table1 {
    /** One cell of the grid. */
    public record Cell(int layers, Objective objective, int k) {
        public Cell {
            if (layers < 1 || layers > 2) throw new IllegalArgumentException("a Table 1 cell has 1 or 2 layers, got " + layers);
            if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
            if (k == 1) objective = Objective.IWAE; // the same objective as the VAE at k = 1
        }

        /** "1L-iwae-k5", or "1L-k1" for the cell that serves both objectives. */
        public String name() {
            return k == 1 ? layers + "L-k1" : layers + "L-" + objective.name().toLowerCase(Locale.ROOT) + "-k" + k;
        }

        public ModelSpec spec() {
            return layers == 1 ? ModelSpec.mnist1() : ModelSpec.mnist2();
        }

        /** Parses "1L-iwae-k5", "2L-vae-k50" or "1L-k1" ("1L-vae-k1" and "1L-iwae-k1" name the k = 1 cell too). */
        public static Cell parse(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            String[] p = t.split("-");
            try {
                if (p.length == 2 && p[0].endsWith("l") && p[1].startsWith("k") && Integer.parseInt(p[1].substring(1)) == 1) {
                    return new Cell(Integer.parseInt(p[0].substring(0, p[0].length() - 1)), Objective.IWAE, 1);
                }
                if (p.length == 3 && p[0].endsWith("l") && p[2].startsWith("k")) {
                    return new Cell(Integer.parseInt(p[0].substring(0, p[0].length() - 1)), Objective.parse(p[1]),
                            Integer.parseInt(p[2].substring(1)));
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
            throw new IllegalArgumentException("bad cell '" + s + "': expected LAYERSL-OBJECTIVE-kK such as 1L-iwae-k5, 2L-vae-k50 or 1L-k1");
        }

        /** The ten distinct cells of Table 1, in the paper's order. */
        public static List<Cell> all() {
            List<Cell> cells = new ArrayList<>();
            for (int layers = 1; layers <= 2; layers++) {
                cells.add(new Cell(layers, Objective.IWAE, 1));
                for (int k : new int[] {5, 50}) {
                    cells.add(new Cell(layers, Objective.VAE, k));
                    cells.add(new Cell(layers, Objective.IWAE, k));
                }
            }
            return cells;
        }
    }

    /** Settings; the defaults are the paper's budget. */
    public static final class Options {
        public int stages = 8;
        public long seed = 1;
        public Path out;
        public int evalK = 5000;
        public int testSize = 10_000;
        public List<Cell> cells = Cell.all();
        /** Cells trained at once, each on one thread (1: one cell at a time on every core). */
        public int parallelCells = 1;
        public Path dataDir = Mnist.defaultDirectory();
        public PrintStream progress = System.err;
        /**
         * A grid of fewer stages (same seed) to continue from, or null: a cell with nothing in its own folder starts
         * from that grid's trained checkpoint and trains on to this grid's stages, ending as if trained here from
         * the start (the paper's schedule with fewer stages is a prefix of one with more). A grid of more stages
         * serves too where its cell kept the copy made at the end of this grid's last stage
         * ({@code checkpoint-passes-121.safetensors} for 5 stages): that cell is then only evaluated. That grid is
         * only read.
         */
        public Path from;
        /**
         * A folder of published long-run checkpoints ({@link LongRuns}), or null: before planning, a cell whose
         * published checkpoint is further along than its local one starts from the published one.
         */
        public Path published;

        /** The default output folder for a budget of {@code stages}. */
        public static Path defaultOut(int stages) {
            return Path.of("runs", "table1-stages" + stages);
        }
    }

    /** What a cell's folder says must still be done. */
    public enum State { FRESH, RESUME, EVALUATE, FINISHED }

    /** A cell's state and the time estimate for what is left of it. */
    public record Plan(Cell cell, Path dir, State state, long epochsDone, long epochsTotal, double secondsPerEpoch, double evalSeconds,
                       Path from) {
        double secondsLeft() {
            return state == State.FINISHED ? 0 : (epochsTotal - epochsDone) * secondsPerEpoch + evalSeconds;
        }
    }

    private Table1() {
    }

    /** Trains and evaluates every unfinished cell, then writes the table; returns the cells that failed. */
    public static List<String> run(Options o) throws IOException {
        if (o.out == null) o.out = Options.defaultOut(o.stages);
        if (o.parallelCells < 1) throw new IllegalArgumentException("-Dparallel.cells must be at least 1, got " + o.parallelCells);
        iwae4j.models.io.OutputFolder.requireWritable(o.out);
        if (o.published != null) LongRuns.adopt(o, o.published);
        List<Plan> plans = new ArrayList<>();
        for (Cell c : o.cells) plans.add(inspect(c, o)); // settings conflicts fail here, before any work
        if (plans.stream().allMatch(p -> p.state == State.FINISHED)) {
            printPlan(o, plans, Parallel.threads());
            if (o.progress != null) o.progress.println("every cell is finished; nothing to train (delete a cell's folder to run it again)");
            Table1Report.write(o.out, o.progress);
            return List.of();
        }
        Mnist mnist = Mnist.load(o.dataDir);
        int threadsPerCell = o.parallelCells > 1 ? 1 : Parallel.threads();
        int saved = Parallel.threads();
        Parallel.setThreads(threadsPerCell);
        try {
            if (o.progress != null) o.progress.println("timing a few steps of each cell to estimate the run's length ...");
            boolean warm = false;
            for (int i = 0; i < plans.size(); i++) {
                Plan p = plans.get(i);
                if (p.state == State.FINISHED) continue;
                if (!warm) withEstimate(p, mnist, o); // the first timing also compiles the whole engine: discard it
                warm = true;
                plans.set(i, withEstimate(p, mnist, o));
            }
            printPlan(o, plans, threadsPerCell);
            Clock clock = new Clock(plans, o.parallelCells);
            List<Plan> todo = new ArrayList<>();
            for (Plan p : plans) if (p.state != State.FINISHED) todo.add(p);
            List<String> failed = new ArrayList<>();
            if (o.parallelCells == 1) {
                for (Plan p : todo) runCell(p, mnist, o, clock, o.progress, failed, null);
            } else {
                todo.sort(Comparator.comparingDouble(Plan::secondsLeft).reversed()); // longest first packs best
                ExecutorService pool = Executors.newFixedThreadPool(o.parallelCells, r -> {
                    Thread t = new Thread(r, "table1-cell");
                    t.setDaemon(true);
                    return t;
                });
                try {
                    List<Future<?>> futures = new ArrayList<>();
                    for (Plan p : todo) {
                        futures.add(pool.submit(() -> {
                            runCell(p, mnist, o, clock, new PrefixedStream(o.progress, "[" + p.cell.name() + "] "), failed, null);
                            return null;
                        }));
                    }
                    for (Future<?> f : futures) f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) throw io;
                    if (cause instanceof RuntimeException re) throw re;
                    throw new IllegalStateException(cause);
                } finally {
                    pool.shutdownNow();
                }
            }
            Table1Report.write(o.out, o.progress);
            return failed;
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /**
     * Runs one cell to its end in its folder under {@code o.out} (train or resume, then evaluate), without the
     * timing estimate or the table: the unit of work of a distributed grid ({@code iwae4j.spark.Table1Job}).
     * {@code afterEpoch} (may be null) runs after each epoch's checkpoint and time file are written. Returns null
     * when the cell is finished (now or before), else why it failed (it diverged).
     */
    public static String runOne(Cell cell, Options o, Mnist mnist, PrintStream log, java.util.function.Consumer<Trainer> afterEpoch)
            throws IOException {
        if (o.published != null) LongRuns.adopt(cell, o, o.published);
        Plan p = inspect(cell, o);
        if (p.state == State.FINISHED) {
            log.println("== cell " + cell.name() + " is finished; nothing to do");
            return null;
        }
        List<String> failed = new ArrayList<>();
        runCell(p, mnist, o, new Clock(List.of(p), 1), log, failed, afterEpoch);
        return failed.isEmpty() ? null : failed.get(0);
    }

    /** The state of a cell's folder; throws if it holds a cell trained with other settings. */
    public static Plan inspect(Cell cell, Options o) throws IOException {
        Path dir = o.out.resolve(cell.name());
        long total = Schedule.paper(o.stages).totalEpochs();
        Path results = dir.resolve("results.json"), ckpt = dir.resolve("checkpoint.safetensors");
        long done = 0;
        boolean hasCheckpoint = Files.exists(ckpt);
        if (hasCheckpoint) {
            Map<String, String> m = SafeTensors.read(ckpt).metadata;
            mustMatch(dir, "model", cell.spec().format(), m.get("spec"));
            mustMatch(dir, "objective", cell.objective().name(), m.get("objective"));
            mustMatch(dir, "k", Integer.toString(cell.k()), m.get("k"));
            mustMatch(dir, "stages", Integer.toString(o.stages), m.get("stages"));
            mustMatch(dir, "seed", Long.toString(o.seed), m.get("seed"));
            if (m.containsKey("schedule")) mustMatch(dir, "schedule", Schedule.paper(o.stages).format(), m.get("schedule"));
            done = LongRuns.passesDone(m);
        }
        if (Files.exists(results)) {
            Map<String, Object> r = readJson(results);
            mustMatch(dir, "model", cell.spec().format(), String.valueOf(r.get("model")));
            mustMatch(dir, "objective", cell.objective().name(), String.valueOf(r.get("objective")));
            mustMatch(dir, "k", Integer.toString(cell.k()), String.valueOf(r.get("k")));
            mustMatch(dir, "stages", Integer.toString(o.stages), String.valueOf(r.get("stages")));
            mustMatch(dir, "seed", Long.toString(o.seed), String.valueOf(r.get("seed")));
            boolean sameEval = String.valueOf(o.evalK).equals(String.valueOf(r.get("eval_k")))
                    && String.valueOf(o.testSize).equals(String.valueOf(r.get("test_images")));
            if (sameEval) return new Plan(cell, dir, State.FINISHED, total, total, 0, 0, null);
            if (!hasCheckpoint) {
                throw new IllegalArgumentException(dir + " was evaluated with other settings (eval.k, test.size) and has no checkpoint to evaluate again");
            }
            return new Plan(cell, dir, State.EVALUATE, total, total, 0, 0, null);
        }
        if (!hasCheckpoint && o.from != null) {
            Path src = o.from.resolve(cell.name()).resolve("checkpoint.safetensors");
            // a longer grid's copy of its checkpoint at the end of this grid's last stage
            Path stageCopy = o.from.resolve(cell.name()).resolve("checkpoint-passes-" + total + ".safetensors");
            if (Files.exists(stageCopy)) src = stageCopy;
            if (Files.exists(src)) {
                TrainerState s = Checkpoint.read(src);
                Path srcDir = src.getParent();
                String advice = "-Dfrom must be a grid of the same cells and seed";
                mustMatch(srcDir, "model", cell.spec().format(), s.spec().format(), advice);
                mustMatch(srcDir, "objective", cell.objective().name(), s.config().objective().name(), advice);
                mustMatch(srcDir, "k", Integer.toString(cell.k()), Integer.toString(s.config().k()), advice);
                mustMatch(srcDir, "seed", Long.toString(o.seed), Long.toString(s.config().seed()), advice);
                long srcDone = s.history().size();
                boolean shorter = Schedule.paper(o.stages).startsWith(s.config().schedule(), s.config().batchSize());
                boolean longerAtOurEnd = srcDone == total && s.config().schedule().startsWith(Schedule.paper(o.stages), s.config().batchSize());
                if (!shorter && !longerAtOurEnd) {
                    throw new IllegalArgumentException(srcDir + " was trained on the schedule " + s.config().schedule().format() + ", which is not the start of the paper's "
                            + o.stages + " stages: it cannot be continued to this grid");
                }
                return new Plan(cell, dir, srcDone >= total ? State.EVALUATE : State.RESUME, srcDone, total, 0, 0, src);
            }
        }
        if (!hasCheckpoint) return new Plan(cell, dir, State.FRESH, 0, total, 0, 0, null);
        return new Plan(cell, dir, done >= total ? State.EVALUATE : State.RESUME, done, total, 0, 0, null);
    }

    private static void mustMatch(Path dir, String what, String want, String found) {
        mustMatch(dir, what, want, found, "use another -Dout or remove that folder");
    }

    private static void mustMatch(Path dir, String what, String want, String found, String advice) {
        if (!want.equals(found)) throw new IllegalArgumentException(dir + " holds a cell with " + what + " " + found + ", not " + want + ": " + advice);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readJson(Path file) throws IOException {
        Object v;
        try {
            v = Json.parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        if (!(v instanceof Map)) throw new IllegalArgumentException(file + ": expected a JSON object");
        return (Map<String, Object>) v;
    }

    /**
     * Times at least 1.5 s of training steps of the cell (after 2.5 s to warm up) and L_k on 4 test images,
     * on the current thread count, and scales them to an epoch of 60,000 images and the whole test set.
     */
    static Plan withEstimate(Plan p, Mnist mnist, Options o) {
        Cell c = p.cell;
        Model model = new Model(c.spec(), o.seed);
        model.setOutputBiasFromMean(mnist.meanTrainPixel());
        double spe = 0;
        if (p.state != State.EVALUATE) {
            TrainingConfig t = TrainingConfig.paper().withObjective(c.objective()).withK(c.k()).withBinarize(true).withSeed(o.seed);
            int stepsPerEpoch = 25;
            Trainer trainer = new Trainer(model, mnist.train().first(stepsPerEpoch * t.batchSize()), t);
            // warm up until the JIT has compiled the step (at least 2.5 s), then time at least 1.5 s of steps
            long t0 = System.nanoTime();
            for (int e = 0; e < 4 || System.nanoTime() - t0 < 2_500_000_000L; e++) trainer.train(1, null);
            t0 = System.nanoTime();
            long timed = 0;
            do {
                trainer.train(1, null);
                timed += stepsPerEpoch;
            } while (System.nanoTime() - t0 < 1_500_000_000L);
            spe = (System.nanoTime() - t0) / 1e9 / timed * (mnist.train().size() / t.batchSize());
        }
        Dataset few = mnist.binarizedTest().first(4);
        long t0 = System.nanoTime();
        new Evaluator(Evaluator.DEFAULT_MAX_ROWS).logLikelihood(model, few, o.evalK, 1);
        double eval = (System.nanoTime() - t0) / 1e9 * o.testSize / few.size() * 1.1; // + active units and figures
        return new Plan(p.cell, p.dir, p.state, p.epochsDone, p.epochsTotal, spe, eval, p.from);
    }

    private static void printPlan(Options o, List<Plan> plans, int threadsPerCell) {
        PrintStream out = o.progress;
        if (out == null) return;
        long total = Schedule.paper(o.stages).totalEpochs();
        out.printf("Table 1 grid: %d cell(s), %d stage(s) of the paper's schedule (%d passes each), seed %d, test NLL = -L_%d on %d test images%n",
                plans.size(), o.stages, total, o.seed, o.evalK, o.testSize);
        out.printf("output %s; %s%n", o.out.toAbsolutePath(), o.parallelCells == 1
                ? "one cell at a time on " + threadsPerCell + " thread(s)" : o.parallelCells + " cells at a time, one thread each");
        out.println("| cell | state | epochs done | s/epoch (est.) | train left (est.) | eval (est.) |");
        out.println("|---|---|---|---|---|---|");
        double sum = 0;
        for (Plan p : plans) {
            double train = (p.epochsTotal - p.epochsDone) * p.secondsPerEpoch;
            out.printf("| %s | %s | %d of %d | %s | %s | %s |%n", p.cell.name(), p.state.name().toLowerCase(Locale.ROOT),
                    p.epochsDone, p.epochsTotal, p.state == State.FINISHED || p.state == State.EVALUATE ? "-" : String.format("%.1f", p.secondsPerEpoch),
                    p.state == State.FINISHED ? "-" : Progress.duration(train), p.state == State.FINISHED ? "-" : Progress.duration(p.evalSeconds));
            sum += p.secondsLeft();
        }
        out.printf("estimated time on this machine: %s%s%n", Progress.duration(sum / o.parallelCells),
                o.parallelCells > 1 ? " (" + Progress.duration(sum) + " of cell time over " + o.parallelCells + " cells at once)" : "");
    }

    private static void runCell(Plan p, Mnist mnist, Options o, Clock clock, PrintStream log, List<String> failed,
                                java.util.function.Consumer<Trainer> afterEpoch) throws IOException {
        Cell c = p.cell;
        Files.createDirectories(p.dir);
        MnistExperiment.Options mo = new MnistExperiment.Options();
        mo.layers = c.layers();
        mo.k = c.k();
        mo.objective = c.objective();
        mo.stages = o.stages;
        mo.seed = o.seed;
        mo.dataDir = o.dataDir;
        mo.out = p.dir;
        mo.evalK = o.evalK;
        mo.testSize = o.testSize;
        mo.progress = log;
        Path ckpt = MnistExperiment.checkpointPath(mo);
        Path timeFile = p.dir.resolve("train-seconds.txt");
        if (p.from != null && !Files.exists(ckpt)) {
            // continue the shorter grid's cell: its time so far, then its checkpoint on this grid's longer schedule
            // (checkpoint written last, so a kill in between starts this step again)
            Trainer t = Checkpoint.resume(p.from, mnist.train());
            int theirStages = t.config().schedule().stages();
            // a longer grid's stage copy: that grid's training time is not the time to this point, so none is copied
            Path srcTime = p.from.resolveSibling("train-seconds.txt");
            if (theirStages <= o.stages && Files.exists(srcTime)) Files.writeString(timeFile, Double.toString(parseSeconds(srcTime)) + "\n");
            if (theirStages < o.stages) t.extendSchedule(Schedule.paper(o.stages));
            // the same state as this grid's run at its end: only the schedule it would have gone on with differs
            if (theirStages > o.stages) t.replaceSchedule(Schedule.paper(o.stages));
            Checkpoint.save(t, ckpt);
            log.printf("== cell %s: continuing %s (%d passes) to %d stages%n", c.name(), p.from, t.history().size(), o.stages);
        }
        if (Files.exists(ckpt)) mo.resume = ckpt;
        double before = Files.exists(timeFile) ? parseSeconds(timeFile) : 0;
        log.printf("== cell %s: %s%n", c.name(), p.state == State.FRESH ? "starting" : p.state == State.RESUME
                ? "resuming after epoch " + p.epochsDone + " of " + p.epochsTotal : "trained; evaluating");
        Trainer trainer;
        try {
            trainer = MnistExperiment.train(mo, mnist, tr -> {
                try {
                    // written after the checkpoint, so a kill between the two loses at most this epoch's seconds
                    Files.writeString(timeFile, Double.toString(before + tr.trainSeconds()) + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write " + timeFile + ": " + e.getMessage(), e);
                }
                clock.epochDone(c, tr.trainSeconds() / Math.max(1, tr.history().size() - p.epochsDone));
                log.printf("%s: epoch %d of %d done; grid %s%n", c.name(), tr.history().size(), p.epochsTotal, clock.status());
                if (afterEpoch != null) afterEpoch.accept(tr);
            });
        } catch (iwae4j.models.TrainingDivergedException e) {
            log.println("cell " + c.name() + " diverged: " + e.getMessage());
            synchronized (failed) {
                failed.add(c.name() + ": " + e.getMessage());
            }
            return;
        }
        MnistExperiment.evaluate(mo, mnist, trainer.model(), trainer.history(), before + trainer.trainSeconds());
        clock.cellDone(c);
        log.printf("== cell %s finished: %s", c.name(), Files.readString(p.dir.resolve("results.md")).lines().skip(2).findFirst().orElse("") + "\n");
    }

    private static double parseSeconds(Path f) throws IOException {
        try {
            return Double.parseDouble(Files.readString(f).trim());
        } catch (NumberFormatException e) {
            return 0; // a torn write: the time tally restarts, the training does not
        }
    }

    /** The grid's ETA: each cell's epochs left at its measured (or estimated) seconds per epoch. */
    static final class Clock {
        private final Map<Cell, double[]> left = new LinkedHashMap<>(); // epochs left, s/epoch, eval s
        private final int parallel;
        private final long start = System.nanoTime();

        Clock(List<Plan> plans, int parallel) {
            this.parallel = parallel;
            for (Plan p : plans) {
                if (p.state != State.FINISHED) left.put(p.cell, new double[] {p.epochsTotal - p.epochsDone, p.secondsPerEpoch, p.evalSeconds});
            }
        }

        synchronized void epochDone(Cell c, double measuredSecondsPerEpoch) {
            double[] v = left.get(c);
            v[0] = Math.max(0, v[0] - 1);
            if (measuredSecondsPerEpoch > 0) v[1] = measuredSecondsPerEpoch;
        }

        synchronized void cellDone(Cell c) {
            left.remove(c);
        }

        synchronized String status() {
            double s = 0;
            for (double[] v : left.values()) s += v[0] * v[1] + v[2];
            return String.format("%d cell(s) left, ETA %s (running %s)", left.size(), Progress.duration(s / parallel),
                    Progress.duration((System.nanoTime() - start) / 1e9));
        }
    }

    /** Prefixes every line written to it (one cell's progress among several). */
    static final class PrefixedStream extends PrintStream {
        PrefixedStream(PrintStream target, String prefix) {
            super(new java.io.OutputStream() {
                private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

                @Override
                public void write(int b) {
                    if (b == '\n') {
                        String text = line.toString(java.nio.charset.StandardCharsets.UTF_8);
                        line.reset();
                        synchronized (target) {
                            target.println(prefix + text);
                        }
                    } else {
                        line.write(b);
                    }
                }
            }, true, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
