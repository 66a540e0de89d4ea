package iwae4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static iwae4j.tensor.Kernels.HALF_PI;
import static iwae4j.tensor.Kernels.PI;
import static iwae4j.tensor.Kernels.TWO_PI;

/** The Vector API implementation of {@link Normals} (for {@link PanamaKernels}); same contracts, arguments checked by the facade. */
final class PanamaNormals {
    private static final int PAIRS = Normals.PAIRS;

    private static final VectorSpecies<Float> S = PanamaWidth.FLOATS;
    private static final VectorSpecies<Integer> I = PanamaWidth.INTS;
    private static final int L = S.length();
    private static final int[] IOTA = new int[I.length()];
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[4 * PAIRS]);
    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);


    static {
        if (I.length() != L) throw new IllegalStateException("int and float species differ in length");
        for (int q = 0; q < IOTA.length; q++) IOTA[q] = q;
    }

    private PanamaNormals() {
    }

    /** Fills out[off..off+n) with standard normal draws of the stream {@code key}. */
    static void fill(float[] out, int off, int n, long key) {
        long mix = Normals.mix(key);
        int blocks = (n + 2 * PAIRS - 1) / (2 * PAIRS);
        if (n < Normals.parallelThreshold || Parallel.threads() == 1 || blocks < 2) {
            for (int b = 0; b < blocks; b++) block(out, off, n, b, key, mix);
            return;
        }
        Job job = JOBS.get();
        job.out = out;
        job.off = off;
        job.n = n;
        job.key = key;
        job.mix = mix;
        int parts = Math.min(Parallel.threads(), blocks);
        job.chunk = (blocks + parts - 1) / parts;
        job.blocks = blocks;
        Parallel.run((blocks + job.chunk - 1) / job.chunk, job);
        job.out = null;
    }

    private static final class Job implements Parallel.Body {
        float[] out;
        long key, mix;
        int off, n, chunk, blocks;

        @Override
        public void run(int part) {
            for (int b = part * chunk, end = Math.min(blocks, b + chunk); b < end; b++) block(out, off, n, b, key, mix);
        }
    }

    /** One block: outputs [2·PAIRS·b, 2·PAIRS·(b+1)) ∩ [0, n). */
    private static void block(float[] out, int off, int n, int b, long key, long mix) {
        float[] s = SCRATCH.get();
        int start = 2 * PAIRS * b, count = Math.min(2 * PAIRS, n - start);
        float[] dst = count == 2 * PAIRS ? out : s;
        int d = count == 2 * PAIRS ? off + start : 2 * PAIRS;
        // a partial last block needs only its first `count` outputs: pairs [0, pairs) when count ≤ PAIRS (the cosines)
        int pairs = count >= PAIRS ? PAIRS : (count + L - 1) / L * L;
        IntVector iota = IntVector.fromArray(I, IOTA, 0);
        IntVector m1 = IntVector.broadcast(I, 0x7feb352d), m2 = IntVector.broadcast(I, 0x846ca68b), oneBits = IntVector.broadcast(I, 0x3F800000);
        // h = 0: u₁ = (m − 2)·(−1) = 2 − m in (0, 1] (exact) into s[0, PAIRS); h = 1: θ = (m − 1.5)·2π into s[PAIRS, 2·PAIRS)
        for (int h = 0; h < 2; h++) {
            long hk = h == 0 ? key : mix;
            int ka = (int) hk, kb = (int) (hk >>> 32);
            FloatVector shift = FloatVector.broadcast(S, h == 0 ? 2f : 1.5f), scale = FloatVector.broadcast(S, h == 0 ? -1f : TWO_PI);
            IntVector keyB = IntVector.broadcast(I, kb);
            for (int j = 0; j < pairs; j += L) {
                // two keyed rounds of lowbias32, written out: no helper takes vectors (they box on JDK 17)
                IntVector x = iota.add(IntVector.broadcast(I, b * PAIRS + j + ka));
                x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16)).mul(m1);
                x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15)).mul(m2);
                x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16)).lanewise(VectorOperators.XOR, keyB);
                x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16)).mul(m1);
                x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15)).mul(m2);
                x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
                FloatVector m = x.lanewise(VectorOperators.LSHR, 9).or(oneBits).reinterpretAsFloats();
                m.sub(shift).mul(scale).intoArray(s, h * PAIRS + j);
            }
        }
        PanamaVectorMath.log(s, 0, s, 0, pairs);
        FloatVector minus2 = FloatVector.broadcast(S, -2f), halfPi = FloatVector.broadcast(S, HALF_PI), minusHalfPi = FloatVector.broadcast(S, -HALF_PI);
        for (int j = 0; j < pairs; j += L) {
            FloatVector r = FloatVector.fromArray(S, s, j).mul(minus2).sqrt();
            FloatVector a = FloatVector.fromArray(S, s, PAIRS + j);
            // fold θ into [−π/2, π/2]: sin(±π − θ) = sin θ, cos(±π − θ) = −cos θ
            VectorMask<Float> hi = a.compare(VectorOperators.GT, halfPi), lo = a.compare(VectorOperators.LT, minusHalfPi);
            FloatVector t = a.blend(FloatVector.broadcast(S, PI).sub(a), hi).blend(FloatVector.broadcast(S, -PI).sub(a), lo);
            FloatVector z = t.mul(t);
            FloatVector sp = z.fma(FloatVector.broadcast(S, -1f / 39916800), FloatVector.broadcast(S, 1f / 362880));
            sp = sp.fma(z, FloatVector.broadcast(S, -1f / 5040));
            sp = sp.fma(z, FloatVector.broadcast(S, 1f / 120));
            sp = sp.fma(z, FloatVector.broadcast(S, -1f / 6));
            FloatVector sin = sp.mul(z).fma(t, t);
            FloatVector cp = z.fma(FloatVector.broadcast(S, 1f / 479001600), FloatVector.broadcast(S, -1f / 3628800));
            cp = cp.fma(z, FloatVector.broadcast(S, 1f / 40320));
            cp = cp.fma(z, FloatVector.broadcast(S, -1f / 720));
            cp = cp.fma(z, FloatVector.broadcast(S, 1f / 24));
            cp = cp.fma(z, FloatVector.broadcast(S, -0.5f));
            FloatVector cos = cp.fma(z, FloatVector.broadcast(S, 1f));
            FloatVector rc = r.mul(cos);
            rc.blend(rc.neg(), hi.or(lo)).intoArray(dst, d + j);
            r.mul(sin).intoArray(dst, d + PAIRS + j);
        }
        if (dst == s) System.arraycopy(s, 2 * PAIRS, out, off + start, count);
    }
}
