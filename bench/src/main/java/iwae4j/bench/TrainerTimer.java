package iwae4j.bench;

import iwae4j.models.Dataset;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Rng;
import iwae4j.models.Schedule;
import iwae4j.models.Trainer;
import iwae4j.models.TrainingConfig;
import iwae4j.tensor.Parallel;

/**
 * The library's {@link Trainer} timed as a long run sees it: everything a training step does beyond
 * {@link TrainStepBench#step} (the batch copied and binarized, the gradients checked, the choice between all
 * threads and one), on 3,000 MNIST-shaped grey rows, one epoch (150 steps of 20) per call of {@link ChunkTimer}.
 * Prints {@code trainer layers=L k=K threads=T ms_per_step=X passes_per_hour=P threads_in_use=U warmup_s=W}, where
 * P counts passes over MNIST's 60,000 training images and U is the thread count of the last step (the trainer's
 * choice). Usage: {@code TrainerTimer LAYERS K THREADS SECONDS}.
 */
public final class TrainerTimer {
    /** MNIST's training set, in batches of 20. */
    static final int STEPS_PER_MNIST_PASS = 60_000 / 20;
    private static final int ROWS = 3_000, BATCH = 20;

    private TrainerTimer() {
    }

    public static void main(String[] args) {
        int layers = Integer.parseInt(args[0]), k = Integer.parseInt(args[1]), threads = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        Parallel.setThreads(threads);
        ModelSpec spec = layers == 1 ? ModelSpec.mnist1() : ModelSpec.mnist2();
        Rng r = new Rng(5);
        float[] x = new float[ROWS * spec.input];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() < 0.8 ? 0f : (float) r.nextDouble(); // MNIST: ~80 % background
        Trainer t = new Trainer(new Model(spec, 1), Dataset.of(x, spec.input),
                TrainingConfig.paper().withK(k).withSchedule(Schedule.constant(1e-4, Long.MAX_VALUE / 2)), null);
        ChunkTimer timer = ChunkTimer.run(() -> {
            t.train(1, null);
            return t.lastEpochBound();
        }, seconds);
        double ms = timer.secondsPerCall * 1e3 / (ROWS / BATCH);
        System.out.printf(java.util.Locale.ROOT, "trainer layers=%d k=%d threads=%d ms_per_step=%.3f passes_per_hour=%.1f threads_in_use=%d warmup_s=%.1f%s%n",
                layers, k, threads, ms, 3.6e6 / (STEPS_PER_MNIST_PASS * ms), t.threadsInUse(), timer.warmupSeconds,
                Double.isFinite(timer.sink) ? "" : " (non-finite bound)");
    }
}
