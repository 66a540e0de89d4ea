package iwae4j.autodiff;

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

    /** One update with learning rate {@code lr}. */
    public void step(double lr) {
        step++;
        float c1 = (float) (1 - Math.pow(beta1, step));
        float c2 = (float) (1 - Math.pow(beta2, step));
        float stepSize = (float) (lr / c1);
        float invSqrtC2 = (float) (1 / Math.sqrt(c2));
        FloatVector b1 = FloatVector.broadcast(S, beta1), b2 = FloatVector.broadcast(S, beta2);
        FloatVector ob1 = FloatVector.broadcast(S, 1 - beta1), ob2 = FloatVector.broadcast(S, 1 - beta2);
        for (int p = 0; p < m.length; p++) {
            float[] theta = params.get(p).value, g = params.get(p).grad, mp = m[p], vp = v[p];
            int n = theta.length, i = 0;
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                FloatVector gv = FloatVector.fromArray(S, g, i);
                FloatVector mv = FloatVector.fromArray(S, mp, i).mul(b1).add(gv.mul(ob1));
                FloatVector vv = FloatVector.fromArray(S, vp, i).mul(b2).add(gv.mul(gv).mul(ob2));
                mv.intoArray(mp, i);
                vv.intoArray(vp, i);
                FloatVector denom = vv.sqrt().mul(invSqrtC2).add(epsilon);
                FloatVector.fromArray(S, theta, i).sub(mv.mul(stepSize).div(denom)).intoArray(theta, i);
            }
            for (; i < n; i++) {
                mp[i] = beta1 * mp[i] + (1 - beta1) * g[i];
                vp[i] = beta2 * vp[i] + (1 - beta2) * g[i] * g[i];
                theta[i] -= stepSize * mp[i] / ((float) Math.sqrt(vp[i]) * invSqrtC2 + epsilon);
            }
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
