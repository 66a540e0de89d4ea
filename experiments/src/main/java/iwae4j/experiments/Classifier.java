package iwae4j.experiments;

import iwae4j.autodiff.Adam;
import iwae4j.autodiff.Parameter;
import iwae4j.autodiff.Tape;
import iwae4j.autodiff.Var;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A second model on the autodiff engine, written with its public API only: an MLP classifier (inputs → ReLU layers →
 * log-softmax), trained by Adam on the cross-entropy, evaluated by accuracy. {@code -Dexp=classify} trains it on
 * MNIST's grey levels.
 */
public final class Classifier {
    private final List<Parameter> params;
    private final int inputs, classes;
    private float dropout;
    private long step;

    /** Layer sizes from the input to the classes, e.g. {784, 200, 200, 10}; He-initialized weights from the seed. */
    public Classifier(int[] sizes, long seed) {
        if (sizes.length < 2) throw new IllegalArgumentException("sizes: need the input and the class count at least");
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Parameter> ps = new java.util.ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            Parameter w = new Parameter("w" + l, sizes[l], sizes[l + 1]), b = new Parameter("b" + l, 1, sizes[l + 1]);
            double scale = Math.sqrt(2.0 / sizes[l]);
            for (int i = 0; i < w.size(); i++) w.value()[i] = (float) (rnd.nextGaussian() * scale);
            ps.add(w);
            ps.add(b);
        }
        params = List.copyOf(ps);
        inputs = sizes[0];
        classes = sizes[sizes.length - 1];
    }

    public List<Parameter> parameters() {
        return params;
    }

    /** Dropout on each hidden layer's output while training (0: none); evaluation never drops. Returns this. */
    public Classifier dropout(float rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + rate);
        dropout = rate;
        return this;
    }

    /** Log-probabilities [rows × classes] of a batch [rows × inputs], as evaluation sees them (no dropout). */
    public Var logProbabilities(Tape t, Var x) {
        return forward(t, x, false);
    }

    private Var forward(Tape t, Var x, boolean training) {
        Var h = x;
        for (int i = 0; i < params.size(); i += 2) {
            h = t.linear(h, params.get(i), params.get(i + 1));
            if (i + 2 < params.size()) {
                h = t.relu(h);
                if (training && dropout > 0) h = t.dropout(h, dropout, step * 64 + i);   // a new mask each step and layer
            }
        }
        return t.logSoftmax(h);
    }

    /** One Adam step on a batch; returns its mean cross-entropy. */
    public float step(Tape t, Adam adam, float[] x, int[] labels, int rows, double learningRate) {
        t.reset();
        step++;
        Var loss = t.crossEntropy(forward(t, t.constant(x, rows, inputs), true), labels);
        for (int i = 0; i < params.size(); i++) params.get(i).zeroGrad();
        t.backward(loss);
        adam.step(learningRate);
        return loss.get(0);
    }

    /** The share of rows whose most likely class is their label, in batches of up to 1,000. */
    public double accuracy(float[] images, byte[] labels) {
        int n = labels.length, right = 0;
        Tape t = new Tape().gradients(false);
        for (int start = 0; start < n; start += 1000) {
            int b = Math.min(1000, n - start);
            t.reset();
            float[] p = logProbabilities(t, t.constant(java.util.Arrays.copyOfRange(images, start * inputs, (start + b) * inputs), b, inputs)).value();
            for (int i = 0; i < b; i++) {
                int best = 0;
                for (int c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
                if (best == labels[start + i]) right++;
            }
        }
        return (double) right / n;
    }

    /**
     * Trains for {@code epochs} passes over shuffled batches (seeded) and reports the test accuracy after each to
     * {@code report}; returns the last.
     */
    public double train(float[] trainImages, byte[] trainLabels, float[] testImages, byte[] testLabels, int epochs, int batch,
                        double learningRate, long seed, java.util.function.Consumer<String> report) {
        int n = trainLabels.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom rnd = new SplittableRandom(seed);
        Adam adam = Adam.paper(params);
        Tape t = new Tape();
        float[] x = new float[batch * inputs];
        int[] y = new int[batch];
        double acc = 0;
        long t0 = System.nanoTime();
        for (int e = 1; e <= epochs; e++) {
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1), s = order[i];
                order[i] = order[j];
                order[j] = s;
            }
            double lossSum = 0;
            int steps = 0;
            for (int start = 0; start + batch <= n; start += batch) {
                for (int i = 0; i < batch; i++) {
                    int r = order[start + i];
                    System.arraycopy(trainImages, r * inputs, x, i * inputs, inputs);
                    y[i] = trainLabels[r];
                }
                lossSum += step(t, adam, x, y, batch, learningRate);
                steps++;
            }
            acc = accuracy(testImages, testLabels);
            report.accept(String.format(java.util.Locale.ROOT, "epoch %d/%d  training cross-entropy %.4f  test accuracy %.4f  %.1f s",
                    e, epochs, lossSum / steps, acc, (System.nanoTime() - t0) / 1e9));
        }
        return acc;
    }
}
