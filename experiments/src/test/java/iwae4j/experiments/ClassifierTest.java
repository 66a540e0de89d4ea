package iwae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The MLP classifier, which sits outside the autodiff package and so can use its public API only (package-private
 * engine types would not compile here), learns three Gaussian clusters in 20 dimensions.
 */
class ClassifierTest {
    @Test
    void anMlpOnThePublicApiSeparatesThreeClusters() {
        int d = 20, perClass = 300;
        SplittableRandom r = new SplittableRandom(4);
        float[][] centres = new float[3][d];
        for (float[] c : centres) for (int j = 0; j < d; j++) c[j] = (float) (2 * r.nextGaussian());
        float[] train = new float[3 * perClass * d], test = new float[3 * 100 * d];
        byte[] trainLabels = new byte[3 * perClass], testLabels = new byte[300];
        for (int i = 0; i < trainLabels.length; i++) {
            trainLabels[i] = (byte) (i % 3);
            for (int j = 0; j < d; j++) train[i * d + j] = centres[i % 3][j] + (float) (1.5 * r.nextGaussian());
        }
        for (int i = 0; i < testLabels.length; i++) {
            testLabels[i] = (byte) (i % 3);
            for (int j = 0; j < d; j++) test[i * d + j] = centres[i % 3][j] + (float) (1.5 * r.nextGaussian());
        }
        List<String> lines = new ArrayList<>();
        double acc = new Classifier(new int[] {d, 32, 3}, 7).train(train, trainLabels, test, testLabels, 5, 30, 3e-3, 7, lines::add);
        assertTrue(acc > 0.95, "test accuracy " + acc + "\n" + String.join("\n", lines));
        assertTrue(lines.size() == 5 && lines.get(4).startsWith("epoch 5/5"), lines.toString());
    }
}
