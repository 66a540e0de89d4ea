package iwae4j.bench;

import iwae4j.autodiff.Adam;
import iwae4j.autodiff.Tape;
import iwae4j.experiments.Classifier;
import iwae4j.tensor.Parallel;
import java.util.SplittableRandom;
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
 * One training step of the MNIST classifier (784-200-200-10, ReLU, dropout 0.2, log-softmax, cross-entropy, Adam) at
 * batch 20 and 128, on one and two threads: forward, backward and Adam's update. The images are seeded grey levels
 * (the step's cost does not depend on them). GFLOP/s = 6 × the linear layers' multiply-adds per step / the time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ClassifierBench {
    static final int[] SIZES = {784, 200, 200, 10};

    @Param({"20", "128"})
    public int batch = 20;

    @Param({"1", "2"})
    public int threads = 1;

    private Classifier classifier;
    private Adam adam;
    private Tape tape;
    private float[] x;
    private int[] labels;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        classifier = new Classifier(SIZES, 1).dropout(0.2f);
        adam = Adam.paper(classifier.parameters());
        tape = new Tape();
        SplittableRandom r = new SplittableRandom(3);
        x = new float[batch * SIZES[0]];
        labels = new int[batch];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        for (int i = 0; i < batch; i++) labels[i] = r.nextInt(10);
        float first = classifier.step(tape, adam, x, labels, batch, 1e-3);
        if (!Float.isFinite(first)) throw new IllegalStateException("the first step's loss is " + first);
    }

    @Benchmark
    public float step() {
        return classifier.step(tape, adam, x, labels, batch, 1e-3);
    }

    /** Multiply-adds of the linear layers in one forward pass. */
    static long forwardMacs(int batch) {
        long macs = 0;
        for (int l = 0; l + 1 < SIZES.length; l++) macs += (long) batch * SIZES[l] * SIZES[l + 1];
        return macs;
    }
}
