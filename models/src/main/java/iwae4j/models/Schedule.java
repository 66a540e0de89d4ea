package iwae4j.models;

import java.util.Arrays;

/**
 * A training schedule: stages, each a number of passes over the data at one learning rate and, optionally, its
 * own batch size. The paper's ({@link #paper}) runs stage i = 0..n−1 for 3^i passes at 1e-3·10^(−i/7); eight
 * stages make 3280 passes. {@link #growingBatch} keeps the rate and grows the batch instead (Smith et al. 2018).
 * Its text form ({@link #format}, {@link #parse}) is exact, so a checkpoint restores the very same rates.
 */
public final class Schedule {
    private final long[] epochs;
    private final double[] rates;
    /** Batch size per stage, or null: the trainer's own batch size throughout. */
    private final int[] batches;

    /** The paper's shape (3^i passes, rate ·10^(−1/7) per stage) from another base learning rate. */
    public Schedule(int stages, double baseRate) {
        this(paperEpochs(stages), paperRates(stages, baseRate), null);
    }

    private Schedule(long[] epochs, double[] rates, int[] batches) {
        if (epochs.length < 1) throw new IllegalArgumentException("a schedule needs at least one stage");
        if (epochs.length != rates.length) throw new IllegalArgumentException(epochs.length + " stage lengths but " + rates.length + " learning rates");
        for (int i = 0; i < epochs.length; i++) {
            if (epochs[i] < 1) throw new IllegalArgumentException("stage " + i + " must have at least one pass, got " + epochs[i]);
            if (!(rates[i] > 0) || Double.isInfinite(rates[i])) throw new IllegalArgumentException("stage " + i + " needs a positive learning rate, got " + rates[i]);
        }
        if (batches != null) {
            if (batches.length != epochs.length) throw new IllegalArgumentException(epochs.length + " stage lengths but " + batches.length + " batch sizes");
            for (int i = 0; i < batches.length; i++) {
                if (batches[i] < 1) throw new IllegalArgumentException("stage " + i + " needs a batch size of at least 1, got " + batches[i]);
            }
        }
        this.epochs = epochs.clone();
        this.rates = rates.clone();
        this.batches = batches == null ? null : batches.clone();
    }

    /** The paper's schedule with the given number of stages (8 in the paper). */
    public static Schedule paper(int stages) {
        return new Schedule(stages, 1e-3);
    }

    /** Stage i runs {@code epochs[i]} passes at {@code rates[i]}. */
    public static Schedule of(long[] epochs, double[] rates) {
        return new Schedule(epochs, rates, null);
    }

    /** Stage i runs {@code epochs[i]} passes at {@code rates[i]} with batches of {@code batchSizes[i]}. */
    public static Schedule of(long[] epochs, double[] rates, int[] batchSizes) {
        return new Schedule(epochs, rates, batchSizes);
    }

    /**
     * The paper's stages (3^i passes) at a constant rate of 1e-3, the batch growing by 10^(1/7) per stage from
     * {@code baseBatch} (20, 28, 39, 54, 75, 104, 144, 200): the same noise-scale decay as the paper's learning
     * rate, by "Don't decay the learning rate, increase the batch size" (Smith, Kindermans, Ying, Le 2018).
     */
    public static Schedule growingBatch(int stages, int baseBatch) {
        long[] e = paperEpochs(stages);
        double[] r = new double[stages];
        int[] b = new int[stages];
        for (int i = 0; i < stages; i++) {
            r[i] = 1e-3;
            b[i] = (int) Math.round(baseBatch * StrictMath.pow(10, i / 7.0));
        }
        return new Schedule(e, r, b);
    }

    /** One stage: {@code epochs} passes at a constant learning rate. */
    public static Schedule constant(double rate, long epochs) {
        return new Schedule(new long[] {epochs}, new double[] {rate}, null);
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

    /** The batch size of stage i, or {@code otherwise} when this schedule does not set one. */
    public int batchSize(int stage, int otherwise) {
        return batches == null ? otherwise : batches[stage];
    }

    /** Whether the stages set their own batch sizes. */
    public boolean setsBatchSize() {
        return batches != null;
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

    /**
     * "epochs=1,3,9;rates=0.001,7.196856730011521E-4,..." (rates as exact decimal doubles), followed by
     * ";batches=20,28,..." when the stages set their batch sizes.
     */
    public String format() {
        StringBuilder b = new StringBuilder("epochs=");
        for (int i = 0; i < epochs.length; i++) b.append(i > 0 ? "," : "").append(epochs[i]);
        b.append(";rates=");
        for (int i = 0; i < rates.length; i++) b.append(i > 0 ? "," : "").append(rates[i]);
        if (batches != null) {
            b.append(";batches=");
            for (int i = 0; i < batches.length; i++) b.append(i > 0 ? "," : "").append(batches[i]);
        }
        return b.toString();
    }

    /** The inverse of {@link #format}. */
    public static Schedule parse(String s) {
        try {
            String[] parts = s.trim().split(";");
            if (parts.length < 2 || parts.length > 3 || !parts[0].startsWith("epochs=") || !parts[1].startsWith("rates=")
                    || (parts.length == 3 && !parts[2].startsWith("batches="))) {
                throw new NumberFormatException();
            }
            long[] e = Arrays.stream(parts[0].substring(7).split(",")).mapToLong(v -> Long.parseLong(v.trim())).toArray();
            double[] r = Arrays.stream(parts[1].substring(6).split(",")).mapToDouble(v -> Double.parseDouble(v.trim())).toArray();
            int[] b = parts.length == 3 ? Arrays.stream(parts[2].substring(8).split(",")).mapToInt(v -> Integer.parseInt(v.trim())).toArray() : null;
            return new Schedule(e, r, b);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad schedule '" + s + "': expected epochs=N,N,...;rates=R,R,...[;batches=B,B,...]");
        }
    }

    /**
     * Whether this schedule's first stages are exactly {@code prefix}'s (same passes, rates and batch sizes,
     * {@code defaultBatch} standing for a stage that sets none): a run trained on {@code prefix} then continued on
     * this schedule is then the same run as one trained on this schedule from the start.
     */
    public boolean startsWith(Schedule prefix, int defaultBatch) {
        if (prefix.stages() > stages()) return false;
        for (int i = 0; i < prefix.stages(); i++) {
            if (epochs[i] != prefix.epochs[i] || Double.compare(rates[i], prefix.rates[i]) != 0
                    || batchSize(i, defaultBatch) != prefix.batchSize(i, defaultBatch)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule other && Arrays.equals(epochs, other.epochs) && Arrays.equals(rates, other.rates)
                && Arrays.equals(batches, other.batches);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(epochs) + Arrays.hashCode(rates)) + Arrays.hashCode(batches);
    }

    @Override
    public String toString() {
        return format();
    }
}
