package iwae4j.models;

/**
 * The paper's training schedule: stage i = 0..stages−1 runs 3^i passes over the data at learning rate
 * 1e-3·10^(−i/7). Eight stages make 3280 passes.
 */
public final class Schedule {
    private final int stages;
    private final double baseRate;

    public Schedule(int stages, double baseRate) {
        if (stages < 1) throw new IllegalArgumentException("stages must be >= 1, got " + stages);
        this.stages = stages;
        this.baseRate = baseRate;
    }

    /** The paper's schedule with the given number of stages (8 in the paper). */
    public static Schedule paper(int stages) {
        return new Schedule(stages, 1e-3);
    }

    public int stages() {
        return stages;
    }

    /** Passes over the data in stage i. */
    public long epochs(int stage) {
        long e = 1;
        for (int i = 0; i < stage; i++) e *= 3;
        return e;
    }

    public double learningRate(int stage) {
        return baseRate * StrictMath.pow(10, -stage / 7.0);
    }

    /** Total passes over all stages. */
    public long totalEpochs() {
        long t = 0;
        for (int i = 0; i < stages; i++) t += epochs(i);
        return t;
    }

    /** Passes before stage {@code stage} starts. */
    public long epochsBefore(int stage) {
        long t = 0;
        for (int i = 0; i < stage; i++) t += epochs(i);
        return t;
    }
}
