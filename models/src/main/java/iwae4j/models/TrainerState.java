package iwae4j.models;

import java.util.List;

/**
 * Everything that decides how a training run continues, as one value: the model's spec and parameters, the
 * training options that shape the steps, Adam's moments and step count, the position in the schedule, the
 * random stream's state and the per-epoch bounds. {@code estimator} is an {@link Estimator#name()}, or null for
 * the objective's own gradient. {@link Trainer#state()} takes it, {@link Trainer#restore}
 * continues from it bit for bit; the checkpoint format encodes and decodes it. Arrays are copies, in
 * {@link Model#parameters()} order.
 */
public record TrainerState(ModelSpec spec, Objective objective, String estimator, int k, int batchSize, Schedule schedule, double adamEpsilon,
                           boolean binarize, long seed, float[][] parameters, float[][] firstMoments, float[][] secondMoments,
                           long adamStep, int stage, long epochInStage, long steps, long[] rng, List<Double> history) {
    public TrainerState {
        if (parameters.length != firstMoments.length || parameters.length != secondMoments.length) {
            throw new IllegalArgumentException(parameters.length + " parameters, " + firstMoments.length + " first and "
                    + secondMoments.length + " second moments");
        }
        if (rng.length != 3) throw new IllegalArgumentException("the random stream's state has 3 numbers, got " + rng.length);
        if (stage < 0 || stage > schedule.stages()) throw new IllegalArgumentException("stage " + stage + " is outside the schedule's " + schedule.stages());
        rng = rng.clone();
        history = List.copyOf(history);
    }

    /** The training options this state was trained with (progress output to {@code progress}). */
    public Trainer.Options options(java.io.PrintStream progress) {
        Trainer.Options o = new Trainer.Options();
        o.objective = objective;
        o.estimator = estimator == null ? null : Estimator.parse(estimator, 1, 0);
        o.k = k;
        o.batchSize = batchSize;
        o.schedule = schedule;
        o.adamEpsilon = adamEpsilon;
        o.binarize = binarize;
        o.seed = seed;
        o.progress = progress;
        return o;
    }
}
