package iwae4j.models;

import iwae4j.autodiff.Adam;
import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import iwae4j.tensor.Parallel;
import iwae4j.tensor.VectorMath;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains a {@link Model} with minibatches, Adam and the paper's {@link Schedule}. All state that decides
 * the next step (parameters, Adam moments and step count, the random stream, the stage and epoch) lives
 * here, so a checkpoint taken between epochs resumes bit for bit.
 *
 * <p>Each epoch shuffles the data from the run's random stream and drops the last partial batch (every
 * step has the same shape, so the tape replays without allocation). With {@link TrainingConfig#binarize} each
 * batch is drawn as x ~ Bernoulli(grey value) afresh (dynamic binarization). Progress goes to
 * the progress stream: stage, epoch, running bound, examples/s and ETA.
 */
public final class Trainer {
    /** Seconds between progress lines. */
    private static final double PROGRESS_SECONDS = 5;

    private final Model model;
    private final Dataset data;
    private TrainingConfig config;
    /** Where progress lines and warnings go: the library's one channel for what it says. */
    private static final System.Logger LOG = System.getLogger("iwae4j.train");
    private final Adam adam;
    private final Rng rng;
    private final Tape tape = new Tape();
    private float[] batch;
    private double bestSpeed;
    private int slowEpochs;
    /** Whether the caller keeps a checkpoint per epoch, so the slowdown warning may advise resuming from it. */
    private boolean checkpointed = true;
    /** Epochs shorter than this are not judged for speed: a few milliseconds' timing says nothing. */
    static final double TIMED_EPOCH_SECONDS = 1.0;
    private final float[][] noise;
    private final int[] order;
    private final List<Parameter> params;
    /** The objective's own gradient, used when the config names no estimator; rebuilt if the objective changes. */
    private Estimator paperEstimator;
    private Objective paperObjective;
    private int stage;
    private long epochInStage;
    private long steps;
    private double lastEpochBound = Double.NaN;
    private double trainSeconds;
    private final java.util.ArrayList<Double> history = new java.util.ArrayList<>();
    /**
     * Whether each step's thread count is chosen by timing ({@link ThreadChoice}); else every step uses all threads.
     * On unless {@code -Diwae4j.adaptiveThreads=false}.
     */
    /** The most threads this trainer uses (0: {@link Parallel#threads()}). */
    private int maxThreads;
    private boolean adaptiveThreads = !"false".equalsIgnoreCase(System.getProperty("iwae4j.adaptiveThreads", "true").trim());
    private ThreadChoice threadChoice = new ThreadChoice();
    private boolean lastStepAlone;
    /** A step on the calling thread alone: its arguments and result pass through fields, so nothing is allocated. */
    private int aloneBatch, aloneBatchSize;
    private double aloneRate, aloneBound;
    private final Parallel.Work<Void, RuntimeException> aloneStep = () -> {
        aloneBound = step(aloneBatch, aloneRate, aloneBatchSize);
        return null;
    };

    /**
     * A trainer of {@code model} on {@code data} as {@code config} says; progress lines (stage, epoch, running bound,
     * examples/s, ETA) go to the {@code System.Logger} "iwae4j.train" at INFO level, a slowdown warning at WARNING.
     */
    public Trainer(Model model, Dataset data, TrainingConfig config) {
        if (data.dim() != model.spec().input) {
            throw new IllegalArgumentException("data has dimension " + data.dim() + ", the model expects " + model.spec().input);
        }
        int largest = config.batchSize();
        for (int i = 0; i < config.schedule().stages(); i++) largest = Math.max(largest, config.schedule().batchSize(i, config.batchSize()));
        if (data.size() < largest) {
            throw new IllegalArgumentException("data has " + data.size() + " examples, fewer than one batch of " + largest);
        }
        this.model = model;
        this.data = data;
        this.config = config;
        this.params = model.parameters();

        this.adam = new Adam(params, 0.9, 0.999, config.adamEpsilon());
        this.rng = new Rng(config.seed());
        this.noise = new float[model.spec().layers()][];
        sizeBuffers(config.schedule().batchSize(0, config.batchSize()));
        this.order = new int[data.size()];
        for (Parameter p : params) p.zeroGrad();
    }

    public Model model() {
        return model;
    }

    public Adam adam() {
        return adam;
    }

    public Rng rng() {
        return rng;
    }

    /** What this trainer runs (its schedule as extended or replaced so far). */
    public TrainingConfig config() {
        return config;
    }

    public int stage() {
        return stage;
    }

    public long epochInStage() {
        return epochInStage;
    }

    public long steps() {
        return steps;
    }

    /** The mean bound over the last finished epoch's batches (NaN before the first). */
    public double lastEpochBound() {
        return lastEpochBound;
    }

    /** The mean training bound of every epoch so far (live list; a checkpoint restores it). */
    public List<Double> history() {
        return history;
    }

    /** Wall-clock seconds this trainer has spent in {@link #train} (not counting time before a resume). */
    public double trainSeconds() {
        return trainSeconds;
    }

    /** A copy of everything that decides how training continues (for a checkpoint). */
    public TrainerState state() {
        int n = params.size();
        float[][] p = new float[n][], m = new float[n][], v = new float[n][];
        for (int i = 0; i < n; i++) {
            p[i] = params.get(i).value().clone();
            m[i] = adam.firstMoments()[i].clone();
            v[i] = adam.secondMoments()[i].clone();
        }
        return new TrainerState(model.spec(), config, p, m, v, adam.stepCount(), stage, epochInStage, steps, rng.state(), history);
    }

    /**
     * A trainer over {@code data} that continues exactly where {@code state} was taken: a new model of the state's
     * spec with its parameters, Adam's moments and step count, the random stream, the position and the history.
     */
    public static Trainer restore(TrainerState state, Dataset data) {
        Model model = new Model(state.spec(), 0);
        Trainer t = new Trainer(model, data, state.config());
        List<Parameter> ps = t.params;
        if (state.parameters().length != ps.size()) {
            throw new IllegalArgumentException("the state has " + state.parameters().length + " parameters, the model " + ps.size());
        }
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).set(state.parameters()[i]);
            copy(ps.get(i), state.firstMoments()[i], t.adam.firstMoments()[i]);
            copy(ps.get(i), state.secondMoments()[i], t.adam.secondMoments()[i]);
        }
        t.adam.setStepCount(state.adamStep());
        t.rng.setState(state.rng());
        t.stage = state.stage();
        t.epochInStage = state.epochInStage();
        t.steps = state.steps();
        t.history.addAll(state.history());
        return t;
    }

    private static void copy(Parameter like, float[] from, float[] to) {
        if (from.length != to.length) throw new IllegalArgumentException(like.name() + ": " + from.length + " moments for " + to.length + " values");
        System.arraycopy(from, 0, to, 0, to.length);
    }

    /**
     * Continues this trainer on a longer schedule whose first stages are its current ones ({@link
     * Schedule#startsWith}), e.g. the paper's schedule with more stages: a 40-pass checkpoint extended to 5 stages
     * trains on to 121 passes and ends with the same bits as a 5-stage run from the start, since nothing before
     * the new stages depends on how many follow.
     *
     * @throws IllegalArgumentException when {@code longer} does not start with the current schedule or has a batch
     *         larger than the data
     */
    public void extendSchedule(Schedule longer) {
        if (longer.stages() <= config.schedule().stages() || !longer.startsWith(config.schedule(), config.batchSize())) {
            throw new IllegalArgumentException("cannot extend the schedule " + config.schedule().format() + " to " + longer.format()
                    + ": the new schedule must have more stages and begin with the same ones");
        }
        for (int i = 0; i < longer.stages(); i++) {
            int bs = longer.batchSize(i, config.batchSize());
            if (data.size() < bs) throw new IllegalArgumentException("data has " + data.size() + " examples, fewer than stage " + i + "'s batch of " + bs);
        }
        config = config.withSchedule(longer);
    }

    /**
     * Continues from the current position on another schedule, e.g. a lower learning rate after a divergence:
     * the run is then no longer the one its config alone describes (the checkpoint records the new schedule).
     *
     * @throws IllegalArgumentException when the new schedule has fewer stages than the position reached, or a
     *         batch larger than the data
     */
    public void replaceSchedule(Schedule other) {
        if (other.stages() < stage) throw new IllegalArgumentException("the schedule " + other.format() + " ends before stage " + stage + ", where training is");
        for (int i = 0; i < other.stages(); i++) {
            int bs = other.batchSize(i, config.batchSize());
            if (data.size() < bs) throw new IllegalArgumentException("data has " + data.size() + " examples, fewer than stage " + i + "'s batch of " + bs);
        }
        config = config.withSchedule(other);
    }

    /** Whether every stage of the schedule is done. */
    public boolean finished() {
        return stage >= config.schedule().stages();
    }

    /** Trains to the end of the schedule; {@code afterEpoch} (may be null) runs after every epoch. */
    public void train(Consumer<Trainer> afterEpoch) {
        train(Long.MAX_VALUE, afterEpoch);
    }

    /** Trains at most {@code maxEpochs} more epochs (or to the end of the schedule). */
    public void train(long maxEpochs, Consumer<Trainer> afterEpoch) {
        if (maxThreads > 0) {
            Parallel.withThreads(maxThreads, () -> {
                trainHere(maxEpochs, afterEpoch);
                return null;
            });
        } else {
            trainHere(maxEpochs, afterEpoch);
        }
    }

    private void trainHere(long maxEpochs, Consumer<Trainer> afterEpoch) {
        Schedule schedule = config.schedule();
        Progress progress = new Progress(LOG, PROGRESS_SECONDS);
        long total = schedule.totalEpochs();
        long doneAtStart = schedule.epochsBefore(Math.min(stage, schedule.stages())) + epochInStage;
        long run = 0;
        while (!finished() && run < maxEpochs) {
            long epochStart = System.nanoTime();
            int bs = schedule.batchSize(stage, config.batchSize());
            if (batch.length != bs * data.dim()) sizeBuffers(bs);
            long batches = data.size() / bs;
            double lr = schedule.learningRate(stage);
            double sum = 0;
            rng.permutation(order);
            for (long b = 0; b < batches; b++) {
                double bound = chosenStep((int) b, lr, bs);
                sum += bound;
                if (progress.due()) {
                    long done = schedule.epochsBefore(stage) + epochInStage - doneAtStart;
                    double frac = (done + (b + 1.0) / batches) / (total - doneAtStart);
                    double exPerSec = ((done * batches) + b + 1) * (double) bs / progress.elapsedSeconds();
                    int threads = threadsInUse();
                    progress.print(String.format("stage %d/%d  epoch %d/%d  bound %.4f  lr %.2e  %.0f examples/s on %d thread%s  ETA %s",
                            stage + 1, schedule.stages(), epochInStage + 1, schedule.epochs(stage), sum / (b + 1), lr,
                            exPerSec, threads, threads == 1 ? "" : "s", progress.eta(frac)));
                }
            }
            double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
            if (epochSeconds >= TIMED_EPOCH_SECONDS) noteEpochSpeed(batches * (double) bs / epochSeconds);
            lastEpochBound = sum / batches;
            history.add(lastEpochBound);
            epochInStage++;
            if (epochInStage >= schedule.epochs(stage)) {
                stage++;
                epochInStage = 0;
            }
            run++;
            trainSeconds += (System.nanoTime() - epochStart) / 1e9;
            if (afterEpoch != null) afterEpoch.accept(this);
        }
    }

    /**
     * Watches the examples per second of each epoch in this process: when two epochs in a row run at less than
     * half the best epoch's speed, says so once in the progress output (another process may hold the cores, or the
     * JVM may be in a slow JIT state; restarting from the checkpoint gives the same numbers). Back to speed resets it.
     */
    void noteEpochSpeed(double examplesPerSecond) {
        bestSpeed = Math.max(bestSpeed, examplesPerSecond);
        if (examplesPerSecond < bestSpeed / 2) {
            slowEpochs++;
            if (slowEpochs == 2 && LOG.isLoggable(System.Logger.Level.WARNING)) {
                LOG.log(System.Logger.Level.WARNING, String.format(java.util.Locale.ROOT, "the last 2 epochs ran %.1f× slower than this run's fastest (%.0f against %.0f"
                        + " examples/s): another process may be using the cores, or the JVM is in a slow state%s", bestSpeed / examplesPerSecond,
                        examplesPerSecond, bestSpeed, checkpointed ? "; if nothing else runs, stop and resume from the checkpoint (same results)" : ""));
            }
        } else {
            slowEpochs = 0;
        }
    }

    /**
     * Says whether the caller writes a checkpoint it can resume from (the default); without one ({@link Fit}) the
     * slowdown warning does not advise resuming. Returns this trainer.
     */
    public Trainer checkpointed(boolean c) {
        checkpointed = c;
        return this;
    }

    /** Sizes the batch and noise buffers for batches of {@code rows} examples. */
    private void sizeBuffers(int rows) {
        batch = new float[rows * data.dim()];
        for (int l = 0; l < noise.length; l++) noise[l] = new float[model.noiseSize(l, config.k(), rows)];
    }

    /**
     * Whether each step's threads are chosen by timing (the default): after 10 s of training, then 20 and 40 s later
     * and every minute after that (every 20 s while on one thread, and at once when the chosen way slows down), the
     * trainer times four blocks of steps on all of {@link Parallel#threads()} and on the calling thread alone, and
     * keeps the faster (on a VM two threads pay only while the host keeps the two vCPUs close). The results are the
     * same bits either way. Off ({@code false}, or {@code -Diwae4j.adaptiveThreads=false} for every new trainer): every step uses all
     * threads. Returns this trainer.
     */
    public Trainer adaptiveThreads(boolean on) {
        adaptiveThreads = on;
        return this;
    }

    /**
     * Trains on at most {@code n} threads (the calling thread included), whatever the process-wide
     * {@link Parallel#setThreads} says: the setting of this trainer alone (the command line's {@code -Diwae4j.threads}
     * is the process-wide default). The results are the same bits. Returns this trainer.
     */
    public Trainer threads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        maxThreads = n;
        return this;
    }

    /** The threads the last step used: 1 when it ran on the calling thread alone, else {@link Parallel#threadsHere()}. */
    public int threadsInUse() {
        return lastStepAlone ? 1 : Parallel.threadsHere();
    }

    /** Replaces the thread chooser (tests: one that probes all the time). */
    void threadChoice(ThreadChoice choice) {
        threadChoice = choice;
    }

    /** {@link #step}, on all threads or on the calling thread alone as {@link ThreadChoice} says. */
    private double chosenStep(int b, double lr, int bs) {
        if (!adaptiveThreads || Parallel.threadsHere() == 1) {
            lastStepAlone = false;
            return step(b, lr, bs);
        }
        long start = System.nanoTime();
        lastStepAlone = threadChoice.alone(start);
        double bound;
        if (lastStepAlone) {
            aloneBatch = b;
            aloneRate = lr;
            aloneBatchSize = bs;
            Parallel.onCallingThread(aloneStep);
            bound = aloneBound;
        } else {
            bound = step(b, lr, bs);
        }
        long end = System.nanoTime();
        threadChoice.took(end - start, end);
        return bound;
    }

    /** One step on the batch at position {@code b} of the current order; returns the bound (−loss). */
    private double step(int b, double lr, int bs) {
        int dim = data.dim();
        for (int i = 0; i < bs; i++) data.copy(order[b * bs + i], batch, i * dim);
        if (config.binarize()) {
            for (int i = 0; i < bs * dim; i++) {
                double u = rng.nextDouble(); // drawn for a missing cell too, so the stream does not depend on them
                if (!Float.isNaN(batch[i])) batch[i] = u < batch[i] ? 1f : 0f;
            }
        }
        for (float[] eps : noise) rng.fillGaussian(eps, eps.length);
        tape.reset();
        Var x = tape.constant(batch, bs, dim);
        if (config.estimator() == null && paperObjective != config.objective()) {
            paperObjective = config.objective();
            paperEstimator = Estimator.of(paperObjective);
        }
        Estimator estimator = config.estimator() != null ? config.estimator() : paperEstimator;
        double bound = estimator.gradient(tape, model, x, config.k(), noise); // gradients start at zero: Adam zeroed them
        if (!Double.isFinite(bound)) {
            throw new TrainingDivergedException(where() + ": the bound became " + bound + "; first non-finite value: "
                    + tape.firstNonFinite() + "; " + parameterReport());
        }
        checkGradients(bound);
        adam.stepAndZeroGrad(lr);
        steps++;
        return bound;
    }

    private void checkGradients(double bound) {
        for (int i = 0; i < params.size(); i++) {
            float[] g = params.get(i).grad();
            if (!VectorMath.allFinite(g, 0, g.length)) {
                throw new TrainingDivergedException(where() + ": the gradient of " + params.get(i).name()
                        + " is not finite (bound " + bound + "); " + parameterReport());
            }
        }
    }

    private String where() {
        return "training stopped at stage " + stage + ", epoch " + (epochInStage + 1) + ", step " + (steps + 1);
    }

    private String parameterReport() {
        for (Parameter p : params) {
            for (float v : p.value()) if (!Float.isFinite(v)) return "parameter " + p.name() + " holds " + v;
        }
        return "all parameters are finite";
    }
}
