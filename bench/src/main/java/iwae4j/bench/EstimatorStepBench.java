package iwae4j.bench;

import iwae4j.autodiff.Adam;
import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.models.Estimator;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Rng;
import iwae4j.tensor.Parallel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of each gradient estimator's training step against the paper's IWAE step: 1 stochastic layer, k = 50,
 * batch 20, the Trainer's step (fresh noise, the estimator's gradient, Adam). PIWAE and MIWAE split the 50
 * samples into 5 groups of 10, so every estimator sees the same 50 samples per example.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class EstimatorStepBench {
    @Param({"iwae", "vae", "stl", "dreg", "miwae:5", "piwae:5", "ciwae:0.5"})
    public String estimator;

    @Param({"2"})
    public int threads;

    static final int BATCH = 20, K = 50;

    private Model model;
    private Adam adam;
    private Tape tape;
    private Estimator est;
    private float[] x;
    private float[][] noise;
    private Rng rng;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        ModelSpec spec = ModelSpec.mnist1();
        model = new Model(spec, 1);
        List<Parameter> params = model.parameters();
        adam = Adam.paper(params);
        tape = new Tape();
        est = Estimator.parse(estimator, 1, 0);
        rng = new Rng(2);
        x = new float[BATCH * spec.input];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble() < 0.13 ? 1f : 0f;
        noise = new float[spec.layers()][];
        for (int l = 0; l < noise.length; l++) noise[l] = new float[model.noiseSize(l, K, BATCH)];
        if (!Double.isFinite(step())) throw new IllegalStateException("non-finite bound in setup");
    }

    @Benchmark
    public double step() {
        for (float[] eps : noise) rng.fillGaussian(eps, eps.length);
        tape.reset();
        double bound = est.gradient(tape, model, tape.constant(x, BATCH, model.spec().input), K, noise);
        adam.stepAndZeroGrad(1e-4); // as TrainStepBench: a small rate keeps thousands of steps on one batch realistic
        return bound;
    }
}
