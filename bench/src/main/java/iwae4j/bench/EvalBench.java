package iwae4j.bench;

import iwae4j.models.Dataset;
import iwae4j.models.Evaluator;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Rng;
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
 * L_5000 evaluation throughput: test points per second (one operation = one test point), with the
 * MNIST experiment's chunk size ({@link Evaluator#DEFAULT_MAX_ROWS}; {@code -Deval.rows=N} to try another).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class EvalBench {
    static final int POINTS = 10;

    @Param({"1", "2"})
    public int layers = 1;

    @Param({"1", "2"})
    public int threads = 1;

    private Model model;
    private Dataset points;
    private Evaluator evaluator;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        model = new Model(layers == 1 ? ModelSpec.mnist1() : ModelSpec.mnist2(), 1);
        Rng rng = new Rng(3);
        float[] x = new float[POINTS * 784];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble() < 0.13 ? 1f : 0f;
        points = Dataset.of(x, 784);
        evaluator = new Evaluator(Integer.getInteger("eval.rows", Evaluator.DEFAULT_MAX_ROWS));
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public double l5000() {
        return evaluator.logLikelihood(model, points, 5000, 4).mean;
    }
}
