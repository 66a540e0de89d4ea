package iwae4j.models;

/**
 * Everything that decides what a training run computes, as one immutable value: the objective and the gradient
 * estimator, samples per example, batch size, schedule, Adam's ε, dynamic binarization and the seed. The
 * {@link Trainer} runs it, {@link TrainerState} carries it, a checkpoint writes and reads it in one place, and the
 * experiments and the Spark job hold it instead of copying its fields. {@link #paper()} is the paper's setting;
 * the {@code with…} methods give a changed copy.
 *
 * @param estimator another gradient estimator (STL, DReG, MIWAE, PIWAE, CIWAE), or null: the objective's own
 *                  gradient, as in the paper
 * @param binarize  draw binary x ~ Bernoulli(x) afresh for every batch
 */
public record TrainingConfig(Objective objective, Estimator estimator, int k, int batchSize, Schedule schedule, double adamEpsilon,
                             boolean binarize, long seed) {
    public TrainingConfig {
        if (objective == null || schedule == null) throw new IllegalArgumentException("objective and schedule are required");
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        if (batchSize < 1) throw new IllegalArgumentException("the batch size must be >= 1, got " + batchSize);
        if (!(adamEpsilon > 0)) throw new IllegalArgumentException("Adam's epsilon must be positive, got " + adamEpsilon);
        if (estimator != null && !estimator.supports(k)) {
            throw new IllegalArgumentException("the estimator " + estimator.name() + " cannot use k=" + k
                    + " samples (MIWAE and PIWAE need k divisible by M)");
        }
    }

    /** The paper's setting: IWAE, k = 5, batch 20, its 8-stage schedule (3,280 passes), ε = 1e-4, seed 1. */
    public static TrainingConfig paper() {
        return new TrainingConfig(Objective.IWAE, null, 5, 20, Schedule.paper(8), 1e-4, false, 1);
    }

    public TrainingConfig withObjective(Objective v) {
        return new TrainingConfig(v, estimator, k, batchSize, schedule, adamEpsilon, binarize, seed);
    }

    public TrainingConfig withEstimator(Estimator v) {
        return new TrainingConfig(objective, v, k, batchSize, schedule, adamEpsilon, binarize, seed);
    }

    public TrainingConfig withK(int v) {
        return new TrainingConfig(objective, estimator, v, batchSize, schedule, adamEpsilon, binarize, seed);
    }

    public TrainingConfig withBatchSize(int v) {
        return new TrainingConfig(objective, estimator, k, v, schedule, adamEpsilon, binarize, seed);
    }

    public TrainingConfig withSchedule(Schedule v) {
        return new TrainingConfig(objective, estimator, k, batchSize, v, adamEpsilon, binarize, seed);
    }

    public TrainingConfig withAdamEpsilon(double v) {
        return new TrainingConfig(objective, estimator, k, batchSize, schedule, v, binarize, seed);
    }

    public TrainingConfig withBinarize(boolean v) {
        return new TrainingConfig(objective, estimator, k, batchSize, schedule, adamEpsilon, v, seed);
    }

    public TrainingConfig withSeed(long v) {
        return new TrainingConfig(objective, estimator, k, batchSize, schedule, adamEpsilon, binarize, v);
    }
}
