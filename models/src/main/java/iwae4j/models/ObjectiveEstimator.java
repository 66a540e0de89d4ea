package iwae4j.models;

import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;

/** The paper's objectives differentiated through the tape: the loss op, then one backward pass. */
final class ObjectiveEstimator implements Estimator {
    private final Objective objective;

    ObjectiveEstimator(Objective objective) {
        this.objective = objective;
    }

    @Override
    public double gradient(Tape t, Model model, Var x, int k, float[][] noise) {
        Var loss = objective.loss(t, model.logWeights(t, x, k, noise));
        double bound = -loss.get(0);
        if (Double.isFinite(bound)) t.backward(loss);
        return bound;
    }

    @Override
    public String name() {
        return objective.name().toLowerCase(java.util.Locale.ROOT);
    }
}
