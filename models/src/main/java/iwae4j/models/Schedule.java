package iwae4j.models;

import java.util.Arrays;

/**
 * A training schedule: stages, each a number of passes over the data at one learning rate. The paper's
 * ({@link #paper}) runs stage i = 0..n−1 for 3^i passes at 1e-3·10^(−i/7); eight stages make 3280 passes.
 * Its text form ({@link #format}, {@link #parse}) is exact, so a checkpoint restores the very same rates.
 */
public final class Schedule {
    private final long[] epochs;
    private final double[] rates;

    /** The paper's shape (3^i passes, rate ·10^(−1/7) per stage) from another base learning rate. */
    public Schedule(int stages, double baseRate) {
        this(paperEpochs(stages), paperRates(stages, baseRate));
    }

    private Schedule(long[] epochs, double[] rates) {
        if (epochs.length < 1) throw new IllegalArgumentException("a schedule needs at least one stage");
        if (epochs.length != rates.length) throw new IllegalArgumentException(epochs.length + " stage lengths but " + rates.length + " learning rates");
        for (int i = 0; i < epochs.length; i++) {
            if (epochs[i] < 1) throw new IllegalArgumentException("stage " + i + " must have at least one pass, got " + epochs[i]);
            if (!(rates[i] > 0) || Double.isInfinite(rates[i])) throw new IllegalArgumentException("stage " + i + " needs a positive learning rate, got " + rates[i]);
        }
        this.epochs = epochs.clone();
        this.rates = rates.clone();
    }

    /** The paper's schedule with the given number of stages (8 in the paper). */
    public static Schedule paper(int stages) {
        return new Schedule(stages, 1e-3);
    }

    /** Stage i runs {@code epochs[i]} passes at {@code rates[i]}. */
    public static Schedule of(long[] epochs, double[] rates) {
        return new Schedule(epochs, rates);
    }

    /** One stage: {@code epochs} passes at a constant learning rate. */
    public static Schedule constant(double rate, long epochs) {
        return new Schedule(new long[] {epochs}, new double[] {rate});
    }

    private static long[] paperEpochs(int stages) {
        if (stages < 1) throw new IllegalArgumentException("stages must be >= 1, got " + stages);
        long[] e = new long[stages];
        for (int i = 0; i < stages; i++) e[i] = i == 0 ? 1 : e[i - 1] * 3;
        return e;
    }

    private static double[] paperRates(int stages, double baseRate) {
        if (stages < 1) throw new IllegalArgumentException("stages must be >= 1, got " + stages);
        double[] r = new double[stages];
        for (int i = 0; i < stages; i++) r[i] = baseRate * StrictMath.pow(10, -i / 7.0);
        return r;
    }

    public int stages() {
        return epochs.length;
    }

    /** Passes over the data in stage i. */
    public long epochs(int stage) {
        return epochs[stage];
    }

    public double learningRate(int stage) {
        return rates[stage];
    }

    /** Total passes over all stages. */
    public long totalEpochs() {
        return epochsBefore(epochs.length);
    }

    /** Passes before stage {@code stage} starts. */
    public long epochsBefore(int stage) {
        long t = 0;
        for (int i = 0; i < stage; i++) t += epochs[i];
        return t;
    }

    /** "epochs=1,3,9;rates=0.001,7.196856730011521E-4,..." (rates as exact decimal doubles). */
    public String format() {
        StringBuilder b = new StringBuilder("epochs=");
        for (int i = 0; i < epochs.length; i++) b.append(i > 0 ? "," : "").append(epochs[i]);
        b.append(";rates=");
        for (int i = 0; i < rates.length; i++) b.append(i > 0 ? "," : "").append(rates[i]);
        return b.toString();
    }

    /** The inverse of {@link #format}. */
    public static Schedule parse(String s) {
        try {
            String[] parts = s.trim().split(";");
            if (parts.length != 2 || !parts[0].startsWith("epochs=") || !parts[1].startsWith("rates=")) throw new NumberFormatException();
            long[] e = Arrays.stream(parts[0].substring(7).split(",")).mapToLong(v -> Long.parseLong(v.trim())).toArray();
            double[] r = Arrays.stream(parts[1].substring(6).split(",")).mapToDouble(v -> Double.parseDouble(v.trim())).toArray();
            return new Schedule(e, r);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad schedule '" + s + "': expected epochs=N,N,...;rates=R,R,...");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule other && Arrays.equals(epochs, other.epochs) && Arrays.equals(rates, other.rates);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(epochs) + Arrays.hashCode(rates);
    }

    @Override
    public String toString() {
        return format();
    }
}
