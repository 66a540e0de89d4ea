package iwae4j.bench;

/**
 * The library's {@link iwae4j.models.Trainer} timed as a long run sees it: {@link TrainerBench}'s trainer (3,000
 * MNIST-shaped grey rows; everything a training step does beyond {@link TrainStepBench#step}: the batch copied and
 * binarized, the gradients checked, the choice between all threads and one), one epoch (150 steps of 20) per call
 * of {@link ChunkTimer}. Prints {@code trainer layers=L k=K threads=T ms_per_step=X passes_per_hour=P
 * threads_in_use=U warmup_s=W}, where P counts passes over MNIST's 60,000 training images and U is the thread count
 * of the last step (the trainer's choice). Usage: {@code TrainerTimer LAYERS K THREADS SECONDS}.
 */
public final class TrainerTimer {
    /** MNIST's training set, in batches of 20. */
    static final int STEPS_PER_MNIST_PASS = 60_000 / 20;

    private TrainerTimer() {
    }

    public static void main(String[] args) {
        TrainerBench b = new TrainerBench();
        b.layers = Integer.parseInt(args[0]);
        b.k = Integer.parseInt(args[1]);
        b.threads = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        b.setUp();
        ChunkTimer timer = ChunkTimer.run(b::epoch, seconds);
        double ms = timer.secondsPerCall * 1e3 / TrainerBench.STEPS;
        System.out.printf(java.util.Locale.ROOT, "trainer layers=%d k=%d threads=%d ms_per_step=%.3f passes_per_hour=%.1f threads_in_use=%d warmup_s=%.1f%s%n",
                b.layers, b.k, b.threads, ms, 3.6e6 / (STEPS_PER_MNIST_PASS * ms), b.trainer().threadsInUse(), timer.warmupSeconds,
                Double.isFinite(timer.sink) ? "" : " (non-finite bound)");
    }
}
