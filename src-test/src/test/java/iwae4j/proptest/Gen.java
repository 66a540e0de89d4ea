package iwae4j.proptest;

import iwae4j.autodiff.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Seeded case generation for property tests: shapes first (from a master seed, awkward sizes included),
 * then values of that shape from each case's own seed. A case prints its seed and shape, so a failure can
 * be replayed with {@link #replay(long, int, int, int, int)}.
 */
public final class Gen {
    /** Sizes that are deliberately not multiples of any lane count, plus small ones. */
    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 9, 17};

    private Gen() {
    }

    /** One generated case: a seed for its values and up to four dimensions. */
    public static final class Case {
        public final long seed;
        public final int r, c, n, k;
        private final SplittableRandom values;

        Case(long seed, int r, int c, int n, int k) {
            this.seed = seed;
            this.r = r;
            this.c = c;
            this.n = n;
            this.k = k;
            this.values = new SplittableRandom(seed);
        }

        /** A parameter of the given shape with values uniform in (−range, range). */
        public Parameter param(String name, int rows, int cols, double range) {
            return param(name, rows, cols, -range, range);
        }

        /** A parameter of the given shape with values uniform in (lo, hi). */
        public Parameter param(String name, int rows, int cols, double lo, double hi) {
            Parameter p = new Parameter(name, rows, cols);
            for (int i = 0; i < p.size(); i++) p.value()[i] = (float) (lo + (hi - lo) * values.nextDouble());
            return p;
        }

        /** Uniform values in (lo, hi). */
        public float[] floats(int size, double lo, double hi) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) x[i] = (float) (lo + (hi - lo) * values.nextDouble());
            return x;
        }

        /** 0/1 values with probability ½. */
        public float[] bits(int size) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) x[i] = values.nextBoolean() ? 1f : 0f;
            return x;
        }

        public long nextSeed() {
            return values.nextLong();
        }

        @Override
        public String toString() {
            return "seed=" + seed + " r=" + r + " c=" + c + " n=" + n + " k=" + k;
        }
    }

    /** {@code count} cases from {@code masterSeed}; the first ones cover the smallest shapes. */
    public static Stream<Case> cases(long masterSeed, int count) {
        SplittableRandom rnd = new SplittableRandom(masterSeed);
        List<Case> out = new ArrayList<>();
        out.add(new Case(rnd.nextLong(), 1, 1, 1, 1));
        out.add(new Case(rnd.nextLong(), 2, 3, 1, 2));
        while (out.size() < count) {
            out.add(new Case(rnd.nextLong(), pick(rnd), pick(rnd), pick(rnd), 1 + rnd.nextInt(3)));
        }
        return out.stream();
    }

    /** Rebuilds one case from a printed failure. */
    public static Case replay(long seed, int r, int c, int n, int k) {
        return new Case(seed, r, c, n, k);
    }

    private static int pick(SplittableRandom rnd) {
        return SIZES[rnd.nextInt(SIZES.length)];
    }
}
