package iwae4j.bench;

import iwae4j.models.Dataset;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Rng;
import iwae4j.models.Schedule;
import iwae4j.models.Trainer;
import iwae4j.models.TrainingConfig;
import iwae4j.tensor.Parallel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The library's {@link Trainer} under JMH, per step: one invocation is one epoch of {@link #STEPS} steps of 20 over
 * 3,000 MNIST-shaped grey rows, so the score includes what a long run's step adds to {@link TrainStepBench#step}
 * (the batch copied and binarized, the gradients checked, the choice of threads). Uses only the trainer's public
 * API, so the same benchmark can time an older build's classes put first on the class path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrainerBench {
    static final int ROWS = 3_000, BATCH = 20, STEPS = ROWS / BATCH;

    @Param({"1", "2"})
    public int layers = 1;

    @Param({"1", "5", "50"})
    public int k = 1;

    @Param({"1"})
    public int threads = 1;

    private Trainer trainer;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        ModelSpec spec = layers == 1 ? ModelSpec.mnist1() : ModelSpec.mnist2();
        Rng r = new Rng(5);
        float[] x = new float[ROWS * spec.input];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() < 0.8 ? 0f : (float) r.nextDouble(); // MNIST: ~80 % background
        trainer = new Trainer(new Model(spec, 1), Dataset.of(x, spec.input),
                TrainingConfig.paper().withK(k).withSchedule(Schedule.constant(1e-4, Long.MAX_VALUE / 2)));
    }

    /** The trainer of the last {@link #setUp} (for {@link TrainerTimer}). */
    Trainer trainer() {
        return trainer;
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double epoch() {
        trainer.train(1, null);
        return trainer.lastEpochBound();
    }
}
