package iwae4j.autodiff;

import iwae4j.tensor.Parallel;
import iwae4j.tensor.VectorMath;
import java.util.List;

/**
 * Adam (Kingma &amp; Ba) over a fixed list of parameters, vectorized: m ← β1·m + (1−β1)·g,
 * v ← β2·v + (1−β2)·g², θ ← θ − lr·m̂ / (√v̂ + ε) with bias-corrected m̂, v̂. The paper uses β1 = 0.9,
 * β2 = 0.999, ε = 1e-4. The optimizer only sees parameters; it reads their gradients and does not zero them.
 */
public final class Adam {
    private final List<Parameter> params;
    private final float beta1, beta2, epsilon;
    private final float[][] m, v;
    /** Whether the update is split over threads: only for models big enough that a second thread pays. */
    private final boolean parallel;
    private long step;
    /** Parameters (elements) from which the update is split over {@link Parallel}; below, a hand-off costs more. */
    static final long PARALLEL_THRESHOLD = 1 << 16;

    public Adam(List<Parameter> params, double beta1, double beta2, double epsilon) {
        this.params = List.copyOf(params);
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
        m = new float[this.params.size()][];
        v = new float[this.params.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new float[this.params.get(i).size()];
            v[i] = new float[this.params.get(i).size()];
        }
        long total = 0;
        for (float[] a : m) total += a.length;
        parallel = total >= PARALLEL_THRESHOLD;
    }

    /** The paper's settings: β1 = 0.9, β2 = 0.999, ε = 1e-4. */
    public static Adam paper(List<Parameter> params) {
        return new Adam(params, 0.9, 0.999, 1e-4);
    }

    /** One update with learning rate {@code lr}; the gradients are left as they are. */
    public void step(double lr) {
        step(lr, false);
    }

    /**
     * One update, then the gradients are zeroed in the same pass (saving a separate pass over them). A model of
     * {@link #PARALLEL_THRESHOLD} parameters or more is split in halves over {@link Parallel}; each element's
     * update does not depend on the split.
     */
    public void stepAndZeroGrad(double lr) {
        step(lr, true);
    }

    private void step(double lr, boolean zero) {
        step++;
        job.stepSize = (float) (lr / (1 - StrictMath.pow(beta1, step)));
        job.invSqrtC2 = (float) (1 / Math.sqrt(1 - StrictMath.pow(beta2, step)));
        job.zero = zero;
        if (parallel) Parallel.run(2 * m.length, job);
        else for (int part = 0; part < 2 * m.length; part++) job.run(part);
    }

    private final Job job = new Job();

    /** Part 2p updates the first half of parameter p, part 2p+1 the second half. */
    private final class Job implements Parallel.Body {
        float stepSize, invSqrtC2;
        boolean zero;

        @Override
        public void run(int part) {
            int p = part >> 1;
            float[] theta = params.get(p).value, g = params.get(p).grad, mp = m[p], vp = v[p];
            // every element's update is the same float expression wherever the split falls
            int n = theta.length, half = (n / 2) / 16 * 16;
            int from = (part & 1) == 0 ? 0 : half, to = (part & 1) == 0 ? half : n;
            VectorMath.adamUpdate(theta, g, mp, vp, from, to, beta1, beta2, epsilon, stepSize, invSqrtC2, zero);
        }
    }

    /** Number of steps taken. */
    public long stepCount() {
        return step;
    }

    /** Restores the step count (with {@link #firstMoments()} and {@link #secondMoments()}, from a checkpoint). */
    public void setStepCount(long s) {
        step = s;
    }

    /** The first-moment buffers, one per parameter in order; live. */
    public float[][] firstMoments() {
        return m;
    }

    /** The second-moment buffers, one per parameter in order; live. */
    public float[][] secondMoments() {
        return v;
    }

    public List<Parameter> parameters() {
        return params;
    }
}
