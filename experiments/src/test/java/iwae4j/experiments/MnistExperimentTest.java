package iwae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.Trainer;
import iwae4j.models.data.Mnist;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The result files of one MNIST run name what was trained: the estimator, and the mean ESS beside the NLL. */
class MnistExperimentTest {
    @TempDir
    Path tmp;

    private static final Mnist DATA = Mnist.blobs(200, 40, 5);

    private Map<String, Object> run(String estimator, String out) throws Exception {
        MnistExperiment.Options o = new MnistExperiment.Options();
        o.estimator = estimator;
        o.stages = 1;
        o.evalK = 5;
        o.testSize = 40;
        o.out = tmp.resolve(out);
        o.progress = new PrintStream(java.io.OutputStream.nullOutputStream());
        Trainer t = MnistExperiment.train(o, DATA);
        return MnistExperiment.evaluate(o, DATA, t.model(), t.history(), 1.0);
    }

    private static String row(Path dir) throws Exception {
        return Files.readString(dir.resolve("results.md")).lines().skip(2).findFirst().orElseThrow();
    }

    @Test
    void theResultRowNamesTheEstimatorAndItsMeanEss() throws Exception {
        Map<String, Object> dreg = run("dreg", "dreg");
        String row = row(tmp.resolve("dreg"));
        assertTrue(row.startsWith("| 1 | IWAE (dreg gradient) | 5 | 1 | "), row);
        assertEquals("dreg", dreg.get("estimator"));
        String ess = String.format("%.2f", ((Number) dreg.get("ess_mean")).doubleValue());
        assertTrue(row.contains("| " + ess + " |"), row + " lacks the mean ESS " + ess);

        Map<String, Object> plain = run(null, "plain");
        assertTrue(row(tmp.resolve("plain")).startsWith("| 1 | IWAE | 5 | 1 | "), row(tmp.resolve("plain")));
        assertFalse(plain.containsKey("estimator"));
    }
}
