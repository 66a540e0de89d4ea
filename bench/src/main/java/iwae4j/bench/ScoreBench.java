package iwae4j.bench;

import iwae4j.models.Likelihood;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Rng;
import iwae4j.models.Scorer;
import iwae4j.tensor.Parallel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring throughput for tables, rows per second (one operation = one row): the {@code fit} defaults' model of a
 * 30-feature table (latent 4, hidden 32-32, Gaussian, σ floor), L_k at k = 100 and 1,000, on one and two threads,
 * one row per call ({@link Scorer#logLikelihood(float[])}, as a service scoring requests) and a batch of
 * {@value #ROWS} rows per call. Throughput does not depend on the parameters' values, so the model is as
 * initialized. bench/compare-scoring.sh puts it beside scikit-learn's score_samples.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ScoreBench {
    static final int ROWS = 1000, FEATURES = 30;

    @Param({"100", "1000"})
    public int k = 100;

    @Param({"1", "2"})
    public int threads = 1;

    private Scorer scorer;
    private float[][] rows;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        Model model = new Model(new ModelSpec(FEATURES, new int[] {4}, new int[][] {{32, 32}}, Likelihood.GAUSSIAN, 0.01f), 1);
        scorer = iwae4j.models.TrainedModel.of(model).scorer(k, 1);
        Rng rng = new Rng(7);
        rows = new float[ROWS][FEATURES];
        for (float[] r : rows) for (int j = 0; j < FEATURES; j++) r[j] = (float) rng.nextGaussian();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public double batch() {
        double s = 0;
        for (double v : scorer.logLikelihood(rows)) s += v;
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public double oneRowAtATime() {
        double s = 0;
        for (float[] r : rows) s += scorer.logLikelihood(r);
        return s;
    }
}
