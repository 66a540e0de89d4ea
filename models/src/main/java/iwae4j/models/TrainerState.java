package iwae4j.models;

import java.util.List;

/**
 * Everything that decides how a training run continues, as one value: the model's spec and parameters, the
 * training configuration, Adam's moments and step count, the position in the schedule, the random stream's
 * state and the per-epoch bounds. {@link Trainer#state()} takes it, {@link Trainer#restore} continues from it bit
 * for bit; the checkpoint format encodes and decodes it. Arrays are copies, in {@link Model#parameters()} order.
 */
public record TrainerState(ModelSpec spec, TrainingConfig config, float[][] parameters, float[][] firstMoments, float[][] secondMoments,
                           long adamStep, int stage, long epochInStage, long steps, long[] rng, List<Double> history) {
    public TrainerState {
        if (parameters.length != firstMoments.length || parameters.length != secondMoments.length) {
            throw new IllegalArgumentException(parameters.length + " parameters, " + firstMoments.length + " first and "
                    + secondMoments.length + " second moments");
        }
        if (rng.length != 3) throw new IllegalArgumentException("the random stream's state has 3 numbers, got " + rng.length);
        if (stage < 0 || stage > config.schedule().stages()) {
            throw new IllegalArgumentException("stage " + stage + " is outside the schedule's " + config.schedule().stages());
        }
        rng = rng.clone();
        history = List.copyOf(history);
    }
}
