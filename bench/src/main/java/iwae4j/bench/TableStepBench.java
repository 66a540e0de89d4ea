package iwae4j.bench;

import iwae4j.autodiff.Adam;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import iwae4j.models.FitOptions;
import iwae4j.models.Likelihood;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Objective;
import iwae4j.models.Rng;
import iwae4j.tensor.Parallel;
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
 * A small table's training step, as {@code fit} runs it at its defaults ({@link FitOptions#defaults()}: Gaussian,
 * latent 4, hidden 32-32, σ floor 0.01, IWAE at k = 20, batch 20, one thread): forward, backward and Adam on a
 * fixed batch of standard normal rows of {@link #features} columns (9: the anomaly benchmark's vowel; 30: its
 * breast_cancer). A small fit is thousands of these steps (vowel: 29 an epoch, 500 epochs), so this is the
 * warm part of its time; the rest is the JVM's start and the JIT's warm-up.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class TableStepBench {
    @Param({"9", "30"})
    public int features = 9;

    private Model model;
    private Adam adam;
    private Tape tape;
    private float[] x;
    private float[][] noise;
    private Rng rng;
    private int k, batch;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(1);
        FitOptions d = FitOptions.defaults();
        k = d.k();
        batch = d.batchSize();
        ModelSpec spec = new ModelSpec(features, new int[] {d.latent()}, new int[][] {d.hidden()}, Likelihood.GAUSSIAN, d.minSigma());
        model = new Model(spec, 1);
        adam = Adam.paper(model.parameters());
        tape = new Tape();
        rng = new Rng(2);
        x = new float[batch * features];
        rng.fillGaussian(x, x.length);
        noise = new float[spec.layers()][];
        for (int l = 0; l < noise.length; l++) noise[l] = new float[model.noiseSize(l, k, batch)];
        if (!Float.isFinite(step())) throw new IllegalStateException("non-finite loss in setup");
    }

    @Benchmark
    public float step() {
        for (float[] eps : noise) rng.fillGaussian(eps, eps.length);
        tape.reset();
        Var loss = Objective.IWAE.loss(tape, model.logWeights(tape, tape.constant(x, batch, features), k, noise));
        tape.backward(loss);
        adam.stepAndZeroGrad(1e-3);
        return loss.get(0);
    }
}
