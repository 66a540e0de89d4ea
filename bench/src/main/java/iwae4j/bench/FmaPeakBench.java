package iwae4j.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One core's fused multiply-add peak as the Vector API reaches it: 12 independent accumulators (enough to cover
 * the FMA latency on two pipes) over the preferred species, no memory traffic. The step table's "% of peak"
 * divides by this. GFLOP/s = 2 × lanes × 12 × {@link #ITERATIONS} per call / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class FmaPeakBench {
    /** The kernels' width: -Diwae4j.vectorBits (256 to measure the AVX2 path on a wider host), else the preferred one. */
    static final VectorSpecies<Float> S = Integer.getInteger("iwae4j.vectorBits", 0) > 0
            ? VectorSpecies.of(float.class, jdk.incubator.vector.VectorShape.forBitSize(Integer.getInteger("iwae4j.vectorBits")))
            : FloatVector.SPECIES_PREFERRED;
    static final int ITERATIONS = 100_000;
    static final int ACCUMULATORS = 12;

    /** Floating-point operations in one call of {@link #fma}. */
    public static double flopsPerCall() {
        return 2.0 * S.length() * ACCUMULATORS * ITERATIONS;
    }

    private final float[] seed = {1.0000001f, 0.9999999f, 1e-7f};

    @Benchmark
    public float fma() {
        FloatVector a = FloatVector.broadcast(S, seed[0]), b = FloatVector.broadcast(S, seed[2]);
        FloatVector c0 = FloatVector.broadcast(S, 0.1f), c1 = c0.add(1), c2 = c0.add(2), c3 = c0.add(3), c4 = c0.add(4), c5 = c0.add(5),
                c6 = c0.add(6), c7 = c0.add(7), c8 = c0.add(8), c9 = c0.add(9), c10 = c0.add(10), c11 = c0.add(11);
        for (int i = 0; i < ITERATIONS; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
