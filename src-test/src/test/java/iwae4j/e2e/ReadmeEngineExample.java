package iwae4j.e2e;

// README:begin
import iwae4j.autodiff.Adam;
import iwae4j.autodiff.CustomOp;
import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import java.util.List;

public class ReadmeEngineExample {
    /** A user's own op: softsign(x) = x / (1 + |x|), its backward beside its forward, gradients added. */
    static final class Softsign extends CustomOp {
        public void forward(Var[] in, float[] out, int rows, int cols) {
            float[] x = in[0].value();
            for (int i = 0; i < rows * cols; i++) out[i] = x[i] / (1 + Math.abs(x[i]));
        }

        public void backward(Var[] in, float[] out, float[] g, int rows, int cols) {
            float[] x = in[0].value(), dx = in[0].grad();
            for (int i = 0; i < rows * cols; i++) dx[i] += g[i] / ((1 + Math.abs(x[i])) * (1 + Math.abs(x[i])));
        }
    }

    /** A softsign layer and a softmax classifier, trained by Adam on a batch; returns the last cross-entropy. */
    public static float train(float[] x, int[] labels, int rows, int features, int classes, int steps) {
        Parameter w1 = new Parameter("w1", features, 16), b1 = new Parameter("b1", 1, 16);
        Parameter w2 = new Parameter("w2", 16, classes), b2 = new Parameter("b2", 1, classes);
        java.util.Random r = new java.util.Random(1);
        for (Parameter p : List.of(w1, w2)) for (int i = 0; i < p.size(); i++) p.value()[i] = (float) (0.3 * r.nextGaussian());
        Adam adam = Adam.paper(List.of(w1, b1, w2, b2));
        Tape t = new Tape();
        Softsign softsign = new Softsign();
        float loss = Float.NaN;
        for (int s = 0; s < steps; s++) {
            t.reset();   // the same graph again: recorded into the same buffers, nothing allocated
            Var h = t.apply(softsign, rows, 16, t.linear(t.constant(x, rows, features), w1, b1));
            Var ce = t.crossEntropy(t.logSoftmax(t.linear(h, w2, b2)), labels);
            for (Parameter p : List.of(w1, b1, w2, b2)) p.zeroGrad();
            t.backward(ce);
            adam.step(1e-2);
            loss = ce.get(0);
        }
        return loss;
    }
}
// README:end
