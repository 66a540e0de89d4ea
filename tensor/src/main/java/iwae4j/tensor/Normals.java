package iwae4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Standard normal draws, vectorized and counter-based: output i depends only on the 64-bit key and on i, so
 * the stream is the same whatever the thread count, and a longer fill starts with a shorter one.
 *
 * <p>Outputs come in blocks of {@code 2·PAIRS}. Pair j of block b has the counter c = b·PAIRS + j; two 32-bit
 * hashes of c (Wellons' lowbias32 finalizer, two rounds, each keyed by 32 bits of the key) give
 * u₁ = 2 − m₁ in (0, 1] and an angle θ = 2π(m₂ − 1.5) in [−π, π), where m is 1 + the hash's top 23 bits as a
 * fraction (the float with those mantissa bits; no int-to-float conversion). Box–Muller:
 * r = √(−2 ln u₁); block b's first half holds r·cos θ, its second half r·sin θ. The logarithm is
 * {@link VectorMath#log}; sin and cos are Taylor polynomials (to θ¹¹ and θ¹²) on θ folded into
 * [−π/2, π/2], error below 1e-7. With 23-bit uniforms |z| ≤ √(46 ln 2) ≈ 5.65: the tails beyond are cut
 * (probability 1.6e-8 per draw), as in any Box–Muller on float uniforms.
 *
 * <p>{@link #fillScalar} is the scalar twin: the same hashes and uniforms, then {@code Math.log},
 * {@code Math.cos} and {@code Math.sin} in double. The two agree to 2e-6·(1 + |z|) (held by a test).
 */
public final class Normals {
    /** Pairs per block; a block writes 2·PAIRS outputs. A multiple of every vector length. */
    static final int PAIRS = 256;

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int[] IOTA = new int[I.length()];
    private static final float PI = (float) Math.PI, HALF_PI = (float) (Math.PI / 2), TWO_PI = (float) (2 * Math.PI);
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[4 * PAIRS]);
    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    /** Below this many outputs one thread fills the whole array. */
    static int parallelThreshold = 1 << 15;

    static {
        if (I.length() != L) throw new IllegalStateException("int and float species differ in length");
        for (int q = 0; q < IOTA.length; q++) IOTA[q] = q;
    }

    private Normals() {
    }

    /** Fills out[off..off+n) with standard normal draws of the stream {@code key}. */
    public static void fill(float[] out, int off, int n, long key) {
        check(out, off, n);
        long mix = mix(key);
        int blocks = (n + 2 * PAIRS - 1) / (2 * PAIRS);
        if (n < parallelThreshold || Parallel.threads() == 1 || blocks < 2) {
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

    private static void check(float[] out, int off, int n) {
        if (n < 0 || off < 0 || (long) off + n > out.length) {
            throw new IllegalArgumentException("normals: n=" + n + " from " + off + " does not fit out[" + out.length + "]");
        }
    }

    /**
     * The SplitMix64 mix of the key. The four 32-bit round keys are the halves of the key (the hash of u₁) and
     * of its mix (the hash of θ); kept as two longs so that a fill allocates nothing.
     */
    private static long mix(long key) {
        long z = key + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Wellons' lowbias32: a bijection of 32-bit ints with low avalanche bias. */
    static int lowbias32(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x;
    }

    /** One block: outputs [2·PAIRS·b, 2·PAIRS·(b+1)) ∩ [0, n). */
    private static void block(float[] out, int off, int n, int b, long key, long mix) {
        float[] s = SCRATCH.get();
        int start = 2 * PAIRS * b, count = Math.min(2 * PAIRS, n - start);
        float[] dst = count == 2 * PAIRS ? out : s;
        int d = count == 2 * PAIRS ? off + start : 2 * PAIRS;
        IntVector iota = IntVector.fromArray(I, IOTA, 0);
        // h = 0: u₁ = (m − 2)·(−1) = 2 − m in (0, 1] (exact) into s[0, PAIRS); h = 1: θ = (m − 1.5)·2π into s[PAIRS, 2·PAIRS)
        for (int h = 0; h < 2; h++) {
            long hk = h == 0 ? key : mix;
            int ka = (int) hk, kb = (int) (hk >>> 32);
            float shift = h == 0 ? 2f : 1.5f, scale = h == 0 ? -1f : TWO_PI;
            for (int j = 0; j < PAIRS; j += L) {
                // two keyed rounds of lowbias32, written out: no helper takes vectors (they box on JDK 17)
                IntVector x = iota.add(b * PAIRS + j + ka);
                x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16)).mul(0x7feb352d);
                x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15)).mul(0x846ca68b);
                x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16)).lanewise(VectorOperators.XOR, kb);
                x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16)).mul(0x7feb352d);
                x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15)).mul(0x846ca68b);
                x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
                FloatVector m = x.lanewise(VectorOperators.LSHR, 9).or(0x3F800000).reinterpretAsFloats();
                m.sub(shift).mul(scale).intoArray(s, h * PAIRS + j);
            }
        }
        VectorMath.log(s, 0, s, 0, PAIRS);
        for (int j = 0; j < PAIRS; j += L) {
            FloatVector r = FloatVector.fromArray(S, s, j).mul(-2f).sqrt();
            FloatVector a = FloatVector.fromArray(S, s, PAIRS + j);
            // fold θ into [−π/2, π/2]: sin(±π − θ) = sin θ, cos(±π − θ) = −cos θ
            VectorMask<Float> hi = a.compare(VectorOperators.GT, HALF_PI), lo = a.compare(VectorOperators.LT, -HALF_PI);
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

    /** The scalar twin of {@link #fill}: the same counters, hashes and uniforms; log, cos and sin in double. */
    public static void fillScalar(float[] out, int off, int n, long key) {
        check(out, off, n);
        long mix = mix(key);
        for (int i = 0; i < n; i++) {
            int b = i / (2 * PAIRS), w = i % (2 * PAIRS), j = w % PAIRS;
            int c = b * PAIRS + j;
            int h1 = lowbias32(lowbias32(c + (int) key) ^ (int) (key >>> 32));
            int h2 = lowbias32(lowbias32(c + (int) mix) ^ (int) (mix >>> 32));
            float u1 = 2f - Float.intBitsToFloat((h1 >>> 9) | 0x3F800000);
            float theta = (Float.intBitsToFloat((h2 >>> 9) | 0x3F800000) - 1.5f) * TWO_PI;
            double r = Math.sqrt(-2 * Math.log(u1));
            out[off + i] = (float) (w < PAIRS ? r * Math.cos(theta) : r * Math.sin(theta));
        }
    }
}
