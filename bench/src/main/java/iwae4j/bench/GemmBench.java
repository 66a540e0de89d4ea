package iwae4j.bench;

import iwae4j.tensor.Gemm;
import iwae4j.tensor.GemmScalar;
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
 * GEMM at the decoder's largest shape, [1000×200]·[200×784], and the two layouts its backward pass uses
 * (dX = dY·Wᵀ: [1000×784]·[200×784]ᵀ; dW = Xᵀ·dY: [1000×200]ᵀ·[1000×784]). Time per product; {@link Report}
 * turns it into GFLOP/s (2·m·n·k flops).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class GemmBench {
    /** AB: C=A·B; ABT: C=A·Bᵀ; ATB: C=Aᵀ·B. */
    @Param({"AB", "ABT", "ATB"})
    public String layout;

    @Param({"1", "2"})
    public int threads;

    @Param({"1000x784x200"})
    public String shape;

    private float[] a, b, c;
    private int m, n, k;

    @Setup(Level.Trial)
    public void setUp() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        n = Integer.parseInt(s[1]);
        k = Integer.parseInt(s[2]);
        Parallel.setThreads(threads);
        SplittableRandom rnd = new SplittableRandom(42);
        // AB: A[m×k] B[k×n]; ABT: A[m×k] B[n×k]; ATB: A[k×m] B[k×n] — the same element counts
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
        // the fast and the scalar version agree before anything is timed
        float[] ref = new float[m * n];
        run(false, ref);
        run(true, c);
        for (int i = 0; i < ref.length; i++) {
            if (ref[i] != c[i]) throw new IllegalStateException(layout + ": SIMD and scalar GEMM differ at " + i);
        }
    }

    private void run(boolean fast, float[] out) {
        switch (layout) {
            case "AB":
                if (fast) Gemm.mul(a, 0, b, 0, out, 0, m, n, k, false);
                else GemmScalar.mul(a, 0, b, 0, out, 0, m, n, k, false);
                break;
            case "ABT":
                if (fast) Gemm.mulTransB(a, 0, b, 0, out, 0, m, n, k, false);
                else GemmScalar.mulTransB(a, 0, b, 0, out, 0, m, n, k, false);
                break;
            default:
                if (fast) Gemm.mulTransA(a, 0, b, 0, out, 0, m, n, k, false);
                else GemmScalar.mulTransA(a, 0, b, 0, out, 0, m, n, k, false);
        }
    }

    @Benchmark
    public float gemm() {
        run(true, c);
        return c[c.length - 1];
    }
}
