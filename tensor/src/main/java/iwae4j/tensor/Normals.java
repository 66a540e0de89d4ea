package iwae4j.tensor;

/**
 * Standard normal draws, counter-based: output i depends only on the 64-bit key and on i, so the stream is the
 * same whatever the thread count, and a longer fill starts with a shorter one.
 *
 * <p>Outputs come in blocks of {@code 2·PAIRS}. Pair j of block b has the counter c = b·PAIRS + j; two 32-bit
 * hashes of c (Wellons' lowbias32 finalizer, two rounds, each keyed by 32 bits of the key) give
 * u₁ = 2 − m₁ in (0, 1] and an angle θ = 2π(m₂ − 1.5) in [−π, π), where m is 1 + the hash's top 23 bits as a
 * fraction (the float with those mantissa bits; no int-to-float conversion). Box–Muller: r = √(−2 ln u₁); block
 * b's first half holds r·cos θ, its second half r·sin θ. The logarithm is {@link VectorMath#log}; sin and cos
 * are Taylor polynomials (to θ¹¹ and θ¹²) on θ folded into [−π/2, π/2], error below 1e-7. With 23-bit uniforms
 * |z| ≤ √(46 ln 2) ≈ 5.65: the tails beyond are cut (probability 1.6e-8 per draw), as in any Box–Muller on
 * float uniforms. The Vector API and plain-Java implementations ({@link Vectorization}) give the same bits.
 *
 * <p>{@link #fillScalar} is the reference twin: the same hashes and uniforms, then {@code Math.log},
 * {@code Math.cos} and {@code Math.sin} in double. The two agree to 2e-6·(1 + |z|) (held by a test).
 */
public final class Normals {
    /** Pairs per block; a block writes 2·PAIRS outputs. A multiple of every vector length. */
    static final int PAIRS = 256;
    /** Below this many outputs one thread fills the whole array. */
    static int parallelThreshold = 1 << 15;
    private static final Kernels KERNELS = Vectorization.KERNELS;

    private Normals() {
    }

    /** Fills out[off..off+n) with standard normal draws of the stream {@code key}. */
    public static void fill(float[] out, int off, int n, long key) {
        check(out, off, n);
        KERNELS.normals(out, off, n, key);
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
    static long mix(long key) {
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

    /** The reference twin of {@link #fill}: the same counters, hashes and uniforms; log, cos and sin in double. */
    public static void fillScalar(float[] out, int off, int n, long key) {
        check(out, off, n);
        long mix = mix(key);
        for (int i = 0; i < n; i++) {
            int b = i / (2 * PAIRS), w = i % (2 * PAIRS), j = w % PAIRS;
            int c = b * PAIRS + j;
            int h1 = lowbias32(lowbias32(c + (int) key) ^ (int) (key >>> 32));
            int h2 = lowbias32(lowbias32(c + (int) mix) ^ (int) (mix >>> 32));
            float u1 = 2f - Float.intBitsToFloat((h1 >>> 9) | 0x3F800000);
            float theta = (Float.intBitsToFloat((h2 >>> 9) | 0x3F800000) - 1.5f) * (float) (2 * Math.PI);
            double r = Math.sqrt(-2 * Math.log(u1));
            out[off + i] = (float) (w < PAIRS ? r * Math.cos(theta) : r * Math.sin(theta));
        }
    }
}
