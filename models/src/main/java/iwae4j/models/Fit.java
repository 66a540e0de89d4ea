package iwae4j.models;

import iwae4j.tensor.Parallel;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a model on one's own rows: a seeded validation split, the validation bound L_k after every epoch, early
 * stopping when it has not improved for {@link FitOptions#patience} epochs, and the model of the best epoch kept.
 * Gaussian data is standardized with a {@link Standardizer} fitted on the training part (part of the
 * {@link TrainedModel}); columns flagged in {@link FitOptions#binary} get a Bernoulli likelihood beside the Gaussian
 * ones; Bernoulli data must lie in [0, 1]. Missing cells (NaN) are allowed: the model is trained on the observed
 * cells (MIWAE) with the mask beside its encoder's input; an infinite value is an error naming its row and column.
 * Progress goes to the {@link TrainingListener} and, at DEBUG level, to the {@code System.Logger} named "iwae4j.fit".
 * {@link FitOptions#forRows} sizes the options to the table. A fit whose steps are too small to share runs on one
 * thread and, where a second one is allowed, validates each epoch there while the next one trains: the same bounds,
 * stopping epoch and model as one after the other, in less time.
 */
public final class Fit {
    private static final System.Logger LOG = System.getLogger("iwae4j.fit");

    private Fit() {
    }

    /** The seeded split {@link #run} trains and validates on, checked against the options. */
    private record Split(Dataset train, Dataset valid, int nValid) {
    }

    private static Split split(Dataset data, FitOptions o) {
        int n = data.size(), d = data.dim();
        int nValid = (int) Math.round(n * o.validationFraction());
        if (o.validationFraction() > 0 && nValid < 1) nValid = 1;
        int nTrain = n - nValid;
        if (nTrain < o.batchSize()) {
            throw new IllegalArgumentException("data: " + n + " rows leave " + nTrain + " for training, fewer than one batch of " + o.batchSize());
        }
        if (o.likelihood() == Likelihood.GAUSSIAN && o.binary() != null && o.binary().length != d) {
            throw new IllegalArgumentException("binary: " + o.binary().length + " flags for " + d + " columns");
        }
        int[] order = new int[n];
        new Rng(o.seed() ^ 0x5DEECE66DL).permutation(order);
        return new Split(subset(data, order, 0, nTrain), subset(data, order, nTrain, n), nValid);
    }

    /** The point masses {@link #run} gives the model: found on its training part only, as the standardizer is. */
    private static PointMasses masses(Dataset train, FitOptions o) {
        boolean gaussian = o.likelihood() == Likelihood.GAUSSIAN;
        return gaussian && o.pointMassShare() > 0 ? PointMasses.find(train, o.pointMassShare(), o.binary()) : PointMasses.none(train.dim());
    }

    /** The point masses {@link #run} will find in these rows with these options (to report them before training). */
    public static PointMasses pointMasses(Dataset data, FitOptions o) {
        return masses(split(data, o).train(), o);
    }

    /** {@link #run(Dataset, FitOptions, TrainingListener)} without a listener. */
    public static TrainedModel run(Dataset data, FitOptions o) {
        return run(data, o, null);
    }

    /**
     * Trains on {@code data} (a {@link iwae4j.models.Table} gives the model its column names; other datasets get
     * x0, x1, ...) and returns the best epoch's model with its schema, options and how training went.
     *
     * @param listener told after every epoch, and may stop training (null: none)
     */
    public static TrainedModel run(Dataset data, FitOptions o, TrainingListener listener) {
        if (data == null) throw new IllegalArgumentException("data must not be null");
        if (o == null) throw new IllegalArgumentException("options must not be null");
        // a small model's products are too small to share: one thread runs its steps and validation sooner
        // (same bits on any thread count)
        long perStep = (long) o.batchSize() * o.k() * (o.latent() + java.util.Arrays.stream(o.hidden()).sum()) * 2L * data.dim();
        if (perStep >= ONE_THREAD_BELOW) return fit(data, o, listener, false);
        // the second core, if the caller allows one, validates each epoch while the next one trains
        boolean alongside = Parallel.threadsHere() >= 2;
        return Parallel.withThreads(1, () -> fit(data, o, listener, alongside));
    }

    /**
     * Below this many multiply-adds per step (batch × k × the data-side layers: dim × (hidden + latent) × 2, roughly), a
     * fit runs on one thread:
     * ionosphere's 142 training rows fit in 4.7 s on one thread against 6.0 s on two (docs/benchmarks.md).
     */
    static final long ONE_THREAD_BELOW = 10_000_000L;

    /**
     * @param alongside validate epoch e on a copy of its model, on a thread of its own, while epoch e + 1 trains; the
     *                  same bounds, best model and stopping epoch as one after the other (an epoch trained past the
     *                  stop is dropped)
     */
    static TrainedModel fit(Dataset data, FitOptions o, TrainingListener listener, boolean alongside) {
        long t0 = System.nanoTime();
        if (data instanceof Table table && new java.util.HashSet<>(table.names()).size() != table.cols()) {
            // the model reads rows by these names: two columns of one name could not be told apart (checked before training)
            throw new IllegalArgumentException("data: column names repeat: " + table.names());
        }
        checkValues(data, o.likelihood());
        int d = data.dim();
        Split split = split(data, o);
        Dataset train = split.train(), valid = split.valid();
        int nValid = split.nValid();
        boolean gaussian = o.likelihood() == Likelihood.GAUSSIAN;
        boolean[] binary = gaussian ? o.binary() : null;
        // none found leaves everything as without the rule
        PointMasses masses = masses(train, o);
        boolean mask = o.maskInput() != null ? o.maskInput() : hasMissing(data) || masses.count() > 0;
        if (masses.count() > 0) {
            boolean[] flags = masses.indicatorFlags();
            if (binary != null) System.arraycopy(binary, 0, flags, 0, d);
            binary = flags;
            train = masses.expand(train);
            valid = masses.expand(valid);
            d = masses.expandedDim();
        }
        Standardizer st = gaussian ? Standardizer.fit(train, binary) : null;
        if (st != null) {
            train = st.standardize(train);
            valid = st.standardize(valid);
        }
        float floor = gaussian ? o.minSigma() : 0f;
        Model model = new Model(new ModelSpec(d, new int[] {o.latent()}, new int[][] {o.hidden()}, o.likelihood(), floor, binary, mask), o.seed());
        TrainingConfig t = TrainingConfig.paper().withObjective(o.objective()).withK(o.k()).withBatchSize(o.batchSize())
                .withSchedule(o.schedule()).withSeed(o.seed());
        Trainer trainer = new Trainer(model, train, t).checkpointed(false);
        Evaluator evaluator = new Evaluator(Evaluator.DEFAULT_MAX_ROWS * 2);
        Dataset validRows = valid;
        java.util.function.Function<Model, Double> validate = m -> evaluator.logLikelihood(m, validRows, o.validationK(), o.seed() + 7).mean;
        List<Double> validBounds = new ArrayList<>();
        Model best = model.copy();
        int bestEpoch = 0, epochs = (int) o.schedule().totalEpochs();
        double bestBound = Double.NEGATIVE_INFINITY;
        boolean stopped = false;
        long trainStart = System.nanoTime(), epochStart = trainStart;
        // early stopping is a listener too, told after the caller's (without validation rows it has nothing to go by)
        TrainingListener told = listener == null ? TrainingListener.none() : listener;
        if (nValid > 0) told = told.and(TrainingListener.earlyStopping(o.patience()));
        java.util.concurrent.ExecutorService side = alongside && nValid > 0 ? Alongside.single("iwae4j-fit-validation") : null;
        try {
            boolean more = !trainer.finished();
            if (more) trainer.train(1, null);
            for (int e = 1; more; e++) {
                // epoch e is trained; its bound comes from its own model while epoch e + 1 trains (alongside) or after it
                Model snapshot = side == null ? model : model.copy();
                java.util.concurrent.Future<Double> pending = side == null ? null : side.submit(() -> Parallel.withThreads(1, () -> validate.apply(snapshot)));
                more = !trainer.finished();
                if (side != null && more) trainer.train(1, null);
                double vb = nValid == 0 ? trainer.history().get(e - 1) : side == null ? validate.apply(snapshot) : Alongside.await(pending);
                validBounds.add(vb);
                boolean better = vb > bestBound;
                if (better) {
                    bestBound = vb;
                    bestEpoch = e;
                    best = side == null ? model.copy() : snapshot;
                }
                double trainBound = trainer.history().get(e - 1);
                int epoch = e;
                LOG.log(System.Logger.Level.DEBUG, () -> String.format("epoch %d: training bound %.4f, validation bound %.4f", epoch, trainBound, vb));
                long now = System.nanoTime();
                double seconds = (now - epochStart) / 1e9, perEpoch = (now - trainStart) / 1e9 / e;
                epochStart = now;
                if (!told.epochDone(new TrainingListener.Epoch(e, epochs, trainBound, vb, better, train.size() / seconds, perEpoch * (epochs - e)))) {
                    stopped = true;
                    break;
                }
                if (side == null && more) trainer.train(1, null);
            }
        } finally {
            if (side != null) side.shutdownNow();
        }
        int be = bestEpoch;
        double bb = bestBound;
        boolean st2 = stopped;
        LOG.log(System.Logger.Level.DEBUG, () -> String.format("fit: best validation bound %.4f at epoch %d%s", bb, be, st2 ? " (stopped early)" : ""));
        List<String> names = data instanceof iwae4j.models.Table table ? table.names() : null;
        // an epoch trained alongside the validation that stopped the fit is not part of it
        List<Double> trainBounds = trainer.history().subList(0, validBounds.size());
        TrainedModel.Training training = new TrainedModel.Training(data.size(), data.dim(), bestEpoch, bestBound, trainBounds, validBounds,
                stopped, (System.nanoTime() - t0) / 1e9, TrainedModel.libraryVersion());
        return new TrainedModel(nValid == 0 ? model : best, st, masses, names, o, training, null);
    }

    /** The one helper thread of a fit that validates alongside training. */
    private static final class Alongside {
        static java.util.concurrent.ExecutorService single(String name) {
            return java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread th = new Thread(r, name);
                th.setDaemon(true);
                return th;
            });
        }

        /** The validation bound, or what went wrong computing it, thrown as it was. */
        static double await(java.util.concurrent.Future<Double> f) {
            try {
                return f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException r) throw r;
                if (c instanceof Error err) throw err;
                throw new IllegalStateException(c);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("fit interrupted while validating", e);
            }
        }
    }

    /** The input rule: NaN is missing, ±Infinity an error; Bernoulli data must lie in [0, 1]. Names the first bad cell. */
    private static void checkValues(Dataset data, Likelihood likelihood) {
        float[] row = new float[data.dim()];
        for (int i = 0; i < data.size(); i++) {
            data.copy(i, row, 0);
            for (int j = 0; j < row.length; j++) {
                float v = row[j];
                if (Float.isInfinite(v)) {
                    throw new IllegalArgumentException("data: row " + i + ", column " + (j + 1) + " is " + v + "; a value must be a finite number or missing (NaN)");
                }
                if (likelihood == Likelihood.BERNOULLI && !Float.isNaN(v) && !(v >= 0 && v <= 1)) {
                    throw new IllegalArgumentException("data: row " + i + ", column " + (j + 1) + " is " + v
                            + ", outside [0, 1], which Bernoulli observations need (use the Gaussian likelihood for other data)");
                }
            }
        }
    }

    /** The columns whose observed (finite) values are all 0 or 1, with at least one observed: binary columns. */
    public static boolean[] binaryColumns(Dataset data) {
        int n = data.size(), d = data.dim();
        boolean[] binary = new boolean[d], seen = new boolean[d];
        java.util.Arrays.fill(binary, true);
        float[] row = new float[d];
        for (int i = 0; i < n; i++) {
            data.copy(i, row, 0);
            for (int j = 0; j < d; j++) {
                float v = row[j];
                if (Float.isNaN(v)) continue;
                seen[j] = true;
                if (v != 0f && v != 1f) binary[j] = false;
            }
        }
        for (int j = 0; j < d; j++) binary[j] &= seen[j];
        return binary;
    }

    /** Whether any cell is missing (NaN). */
    public static boolean hasMissing(Dataset data) {
        float[] row = new float[data.dim()];
        for (int i = 0; i < data.size(); i++) {
            data.copy(i, row, 0);
            for (float v : row) if (Float.isNaN(v)) return true;
        }
        return false;
    }

    private static Dataset subset(Dataset data, int[] order, int from, int to) {
        return new Dataset() {
            @Override
            public int size() {
                return to - from;
            }

            @Override
            public int dim() {
                return data.dim();
            }

            @Override
            public void copy(int i, float[] out, int off) {
                data.copy(order[from + i], out, off);
            }
        };
    }
}
