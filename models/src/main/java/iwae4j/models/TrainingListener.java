package iwae4j.models;

/**
 * The one channel through which a {@link Fit} reports its training: called after every epoch with what a progress
 * line, an early-stopping rule or a dashboard needs. Return {@code false} to stop training after this epoch (the
 * best epoch's model is kept, as with early stopping).
 */
@FunctionalInterface
public interface TrainingListener {
    /**
     * One epoch's report.
     *
     * @param epoch           epochs done (from 1)
     * @param epochs          the schedule's epochs (an upper bound when early stopping is on)
     * @param trainBound      the mean training bound L_k over the epoch's batches, nats per row
     * @param validationBound the validation bound after the epoch (the training bound without validation rows)
     * @param best            whether this epoch's validation bound is the best so far
     * @param rowsPerSecond   training rows per second over the epoch
     * @param etaSeconds      seconds left if every remaining epoch of the schedule runs at this epoch's pace
     */
    record Epoch(int epoch, int epochs, double trainBound, double validationBound, boolean best, double rowsPerSecond, double etaSeconds) {
    }

    /** Called after each epoch; {@code false} stops training. */
    boolean epochDone(Epoch e);

    /** A listener that reports nothing and never stops training. */
    static TrainingListener none() {
        return e -> true;
    }

    /**
     * Early stopping as a listener: stops training once {@code patience} epochs in a row brought no better validation
     * bound (what {@link Fit} composes with the caller's listener; {@code patience} 0 never stops).
     */
    static TrainingListener earlyStopping(int patience) {
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        int[] sinceBest = new int[1];
        return e -> {
            sinceBest[0] = e.best() ? 0 : sinceBest[0] + 1;
            return patience == 0 || sinceBest[0] < patience;
        };
    }

    /** This listener and then {@code other}, both told every epoch; training stops when either says so. */
    default TrainingListener and(TrainingListener other) {
        return e -> epochDone(e) & other.epochDone(e);
    }
}
