package iwae4j.bench;

import iwae4j.autodiff.Adam;
import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Objective;
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
 * The paper's training step at batch 20 for every cell {1, 2} stochastic layers × k ∈ {1, 5, 50}: forward,
 * backward and Adam ({@link #step}), and forward + backward alone ({@link #forwardBackward}). The data is a
 * fixed binary batch (pixels on with probability 0.13, MNIST's mean). Both draw the step's noise first
 * ({@link Rng#fillGaussian}, as the Trainer does and as the PyTorch step does with torch.randn).
 * {@link Report} adds GFLOP/s = 6 × the linear layers' multiply-adds per step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class TrainStepBench {
    // each @Param field has a default, so the plain timers (StepTimer) can build the state outside JMH
    @Param({"1", "2"})
    public int layers = 1;

    @Param({"1", "5", "50"})
    public int k = 1;

    @Param({"1", "2"})
    public int threads = 1;

    /** The paper's batch; other sizes (-p batch=20,54) compare the growing-batch schedule's steps per example. */
    @Param({"20"})
    public int batch = 20;

    private Model model;
    private Adam adam;
    private List<Parameter> params;
    private Tape tape;
    private float[] x;
    private float[][] noise;
    private Rng rng;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        ModelSpec spec = layers == 1 ? ModelSpec.mnist1() : ModelSpec.mnist2();
        model = new Model(spec, 1);
        params = model.parameters();
        adam = Adam.paper(params);
        tape = new Tape();
        rng = new Rng(2);
        x = new float[batch * spec.input];
        for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble() < 0.13 ? 1f : 0f;
        noise = new float[spec.layers()][];
        for (int l = 0; l < noise.length; l++) {
            noise[l] = new float[model.noiseSize(l, k, batch)];
            rng.fillGaussian(noise[l], noise[l].length);
        }
        float loss = forwardBackward();
        if (!Float.isFinite(loss)) throw new IllegalStateException("non-finite loss in setup");
    }

    @Benchmark
    public float forwardBackward() {
        for (float[] eps : noise) rng.fillGaussian(eps, eps.length);
        tape.reset();
        Var loss = Objective.IWAE.loss(tape, model.logWeights(tape, tape.constant(x, batch, model.spec().input), k, noise));
        for (int i = 0; i < params.size(); i++) params.get(i).zeroGrad();
        tape.backward(loss);
        return loss.get(0);
    }

    @Benchmark
    public float step() {
        for (float[] eps : noise) rng.fillGaussian(eps, eps.length);
        tape.reset();
        Var loss = Objective.IWAE.loss(tape, model.logWeights(tape, tape.constant(x, batch, model.spec().input), k, noise));
        tape.backward(loss);
        adam.stepAndZeroGrad(1e-4); // as the Trainer does; a small rate keeps thousands of steps on one batch realistic
        return loss.get(0);
    }

    /** The tape of the last step (for {@link SubnormalCensus}). */
    Tape tape() {
        return tape;
    }

    /** Multiply-adds of the linear layers in one forward pass of a cell. */
    public static long forwardMacs(ModelSpec spec, int k, int batch) {
        long macs = 0;
        for (int l = 0; l < spec.layers(); l++) {
            long rowsEnc = l == 0 ? batch : (long) k * batch, rowsDec = (long) k * batch;
            // x's size, not the encoder's (a mask input doubles the first layer's reads, not its multiply-adds here)
            macs += rowsEnc * chain(spec.below(l), spec.hidden(l), spec.latent(l), 2);
            macs += rowsDec * chain(spec.latent(l), spec.decoderHidden(l), spec.below(l), spec.decoderHeads(l));
        }
        return macs;
    }

    private static long chain(int in, int[] hidden, int out, int heads) {
        long m = 0;
        int prev = in;
        for (int h : hidden) {
            m += (long) prev * h;
            prev = h;
        }
        return m + (long) heads * prev * out;
    }
}
