package iwae4j.bench;

import iwae4j.models.Rng;
import iwae4j.tensor.LogSumExp;
import iwae4j.tensor.Normals;
import iwae4j.tensor.Parallel;
import iwae4j.tensor.ScalarMath;
import iwae4j.tensor.VectorMath;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Elementwise kernels over 10⁵ floats, each beside its scalar {@link Math} twin, and the two candidate
 * {@code exp} implementations (the JDK's lanewise(EXP) against the hand-written polynomial).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ElementwiseBench {
    private static final int N = 100_000;
    private float[] x, y, lse;
    private long key;
    private final Rng polar = new Rng(1);

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(1); // every kernel here on one core
        SplittableRandom rnd = new SplittableRandom(1);
        x = new float[N];
        y = new float[N];
        lse = new float[20];
        for (int i = 0; i < N; i++) x[i] = (float) (rnd.nextDouble() * 20 - 10);
        float[] ref = new float[N];
        ScalarMath.exp(x, 0, ref, 0, N);
        VectorMath.exp(x, 0, y, 0, N);
        for (int i = 0; i < N; i++) {
            if (Math.abs(ref[i] - y[i]) > 1e-6 * Math.abs(ref[i])) throw new IllegalStateException("exp differs at " + i);
        }
    }

    @Benchmark
    public float expBuiltin() {
        VectorMath.expBuiltin(x, 0, y, 0, N);
        return y[N - 1];
    }

    @Benchmark
    public float expPolynomial() {
        VectorMath.expPolynomial(x, 0, y, 0, N);
        return y[N - 1];
    }

    @Benchmark
    public float expScalar() {
        ScalarMath.exp(x, 0, y, 0, N);
        return y[N - 1];
    }

    @Benchmark
    public float tanhVector() {
        VectorMath.tanh(x, 0, y, 0, N);
        return y[N - 1];
    }

    @Benchmark
    public float tanhScalar() {
        ScalarMath.tanh(x, 0, y, 0, N);
        return y[N - 1];
    }

    @Benchmark
    public float softplusVector() {
        VectorMath.softplus(x, 0, y, 0, N);
        return y[N - 1];
    }

    @Benchmark
    public float softplusScalar() {
        ScalarMath.softplus(x, 0, y, 0, N);
        return y[N - 1];
    }

    /** N standard normals, vectorized counter-based Box–Muller (one thread). */
    @Benchmark
    public float normalsVector() {
        Normals.fill(y, 0, N, ++key);
        return y[N - 1];
    }

    /** Its scalar twin (same uniforms, Math.log/cos/sin in double). */
    @Benchmark
    public float normalsScalar() {
        Normals.fillScalar(y, 0, N, ++key);
        return y[N - 1];
    }

    /** The generator it replaced: SplitMix64 uniforms and the Marsaglia polar method, one draw at a time. */
    @Benchmark
    public float normalsPolar() {
        for (int i = 0; i < N; i++) y[i] = (float) polar.nextGaussian();
        return y[N - 1];
    }

    /** Log-sum-exp over the sample axis of a [5000×20] array (the L_5000 shape). */
    @Benchmark
    public float logSumExpVector() {
        LogSumExp.columns(x, 0, 5000, 20, lse, 0);
        return lse[19];
    }

    @Benchmark
    public float logSumExpScalar() {
        ScalarMath.logSumExpColumns(x, 0, 5000, 20, lse, 0);
        return lse[19];
    }
}
