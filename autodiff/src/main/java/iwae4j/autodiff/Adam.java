package iwae4j.autodiff;

import iwae4j.tensor.Parallel;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam (Kingma &amp; Ba) over a fixed list of parameters, vectorized: m ← β1·m + (1−β1)·g,
 * v ← β2·v + (1−β2)·g², θ ← θ − lr·m̂ / (√v̂ + ε) with bias-corrected m̂, v̂. The paper uses β1 = 0.9,
 * β2 = 0.999, ε = 1e-4. The optimizer only sees parameters; it reads their gradients and does not zero them.
 */
public final class Adam {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private final List<Parameter> params;
    private final float beta1, beta2, epsilon;
    private final float[][] m, v;
    private long step;

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
     * One update, then the gradients are zeroed in the same pass (saving a separate pass over them). Parameters
     * are split in halves over {@link Parallel}; each element's update does not depend on the split.
     */
    public void stepAndZeroGrad(double lr) {
        step(lr, true);
    }

    private void step(double lr, boolean zero) {
        step++;
        job.stepSize = (float) (lr / (1 - StrictMath.pow(beta1, step)));
        job.invSqrtC2 = (float) (1 / Math.sqrt(1 - StrictMath.pow(beta2, step)));
        job.zero = zero;
        Parallel.run(2 * m.length, job);
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
            int n = theta.length, half = (n / 2) / S.length() * S.length();
            int from = (part & 1) == 0 ? 0 : half, to = (part & 1) == 0 ? half : n;
            update(theta, g, mp, vp, from, to, stepSize, invSqrtC2, zero);
        }
    }

    private void update(float[] theta, float[] g, float[] mp, float[] vp, int from, int to, float stepSize, float invSqrtC2, boolean zero) {
        FloatVector b1 = FloatVector.broadcast(S, beta1), b2 = FloatVector.broadcast(S, beta2);
        FloatVector ob1 = FloatVector.broadcast(S, 1 - beta1), ob2 = FloatVector.broadcast(S, 1 - beta2);
        FloatVector zeros = FloatVector.zero(S);
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, mp, i).mul(b1).add(gv.mul(ob1));
            FloatVector vv = FloatVector.fromArray(S, vp, i).mul(b2).add(gv.mul(gv).mul(ob2));
            mv.intoArray(mp, i);
            vv.intoArray(vp, i);
            FloatVector denom = vv.sqrt().mul(invSqrtC2).add(epsilon);
            FloatVector.fromArray(S, theta, i).sub(mv.mul(stepSize).div(denom)).intoArray(theta, i);
            if (zero) zeros.intoArray(g, i);
        }
        for (; i < to; i++) {
            mp[i] = beta1 * mp[i] + (1 - beta1) * g[i];
            vp[i] = beta2 * vp[i] + g[i] * g[i] * (1 - beta2); // the vector body's association, so the tail gets the same bits
            theta[i] -= stepSize * mp[i] / ((float) Math.sqrt(vp[i]) * invSqrtC2 + epsilon);
            if (zero) g[i] = 0f;
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
