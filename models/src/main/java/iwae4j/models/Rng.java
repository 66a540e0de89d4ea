package iwae4j.models;

import iwae4j.tensor.Normals;

/**
 * A small seeded random generator whose whole state is two longs and a flag, so a checkpoint can save and
 * restore it exactly. Uniforms come from SplitMix64 (Steele, Lea &amp; Flood 2014); normals from the
 * Marsaglia polar method, which yields them in pairs (the spare is part of the state); bulk normals
 * ({@link #fillGaussian}) from the vectorized stream {@link Normals} keyed by one draw.
 */
public final class Rng {
    private long state;
    private double spare;
    private boolean hasSpare;

    public Rng(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        return (int) ((nextLong() >>> 33) % bound);
    }

    /** A standard normal draw. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * StrictMath.log(s) / s);
        spare = v * f;
        hasSpare = true;
        return u * f;
    }

    /** Fills {@code order} with 0, 1, ..., n − 1 in a uniformly random order (Fisher–Yates, from the last slot down). */
    public void permutation(int[] order) {
        for (int i = 0; i < order.length; i++) order[i] = i;
        for (int i = order.length - 1; i > 0; i--) {
            int j = nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * Fills {@code out[0..n)} with standard normal draws: one {@link #nextLong()} keys a counter-based,
     * vectorized Box–Muller stream ({@link Normals}), so a fill costs one step of this generator whatever n,
     * and its values do not depend on the thread count.
     */
    public void fillGaussian(float[] out, int n) {
        Normals.fill(out, 0, n, nextLong());
    }

    /** A generator for an independent stream, derived from this one. */
    public Rng split() {
        return new Rng(nextLong());
    }

    /** The state as three longs (for checkpoints). */
    public long[] state() {
        return new long[] {state, Double.doubleToRawLongBits(spare), hasSpare ? 1 : 0};
    }

    /** Restores a state from {@link #state()}. */
    public void setState(long[] s) {
        if (s.length != 3) throw new IllegalArgumentException("Rng state needs 3 longs, got " + s.length);
        state = s[0];
        spare = Double.longBitsToDouble(s[1]);
        hasSpare = s[2] != 0;
    }
}
