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

    @Test
    void aCheckpointIsEvaluatedUnderEverythingItSaysWasTrained() throws Exception {
        MnistExperiment.Options trained = new MnistExperiment.Options();
        trained.estimator = "dreg";
        trained.growingBatch = true;
        trained.seed = 2;
        trained.k = 3;
        trained.stages = 2;
        trained.out = tmp.resolve("dreg-batch-seed2");
        trained.progress = new PrintStream(java.io.OutputStream.nullOutputStream());
        MnistExperiment.train(trained, DATA);

        MnistExperiment.Options eval = new MnistExperiment.Options(); // the defaults: IWAE k=5, paper schedule, seed 1
        eval.evalK = 5;
        eval.testSize = 40;
        eval.out = tmp.resolve("eval");
        eval.progress = trained.progress;
        Map<String, Object> r = MnistExperiment.evaluateCheckpoint(eval, DATA, MnistExperiment.checkpointPath(trained));
        Map<String, Object> written = Table1.readJson(eval.out.resolve("results.json"));
        for (Map<String, Object> m : java.util.List.of(r, written)) {
            assertEquals("IWAE", m.get("objective"));
            assertEquals("dreg", m.get("estimator"));
            assertEquals("batch", m.get("schedule"));
            assertEquals(2L, ((Number) m.get("seed")).longValue());
            assertEquals(3L, ((Number) m.get("k")).longValue());
            assertEquals(2L, ((Number) m.get("stages")).longValue());
            assertEquals(4L, ((Number) m.get("epochs")).longValue());
        }
        assertTrue(row(eval.out).startsWith("| 1 | IWAE (dreg gradient) | 3 | 2 | "), row(eval.out));
    }

    /** Without the pruned pass the NLL is the same number and the pruned one is null, not a copy of it. */
    @Test
    void withoutThePrunedPassTheNllIsTheSameAndThePrunedNllIsNull() throws Exception {
        iwae4j.models.Model model = new iwae4j.models.Model(iwae4j.models.ModelSpec.mnist1(), 3);
        iwae4j.autodiff.Parameter meanHead = model.encoderParameters().stream()
                .filter(p -> p.name().startsWith("q1.") && p.name().endsWith(".w") && p.cols() == 50).findFirst().orElseThrow();
        float[] w = meanHead.value().clone();
        for (int i = 0; i < meanHead.rows(); i++) for (int j = 10; j < 50; j++) w[i * 50 + j] = 0f; // units 10..49: a constant mean
        meanHead.set(w);
        Map<String, Object>[] r = new Map[2];
        for (int i = 0; i < 2; i++) {
            MnistExperiment.Options eval = new MnistExperiment.Options();
            eval.evalK = 5;
            eval.testSize = 40;
            eval.prunedPass = i == 0;
            eval.out = tmp.resolve("eval" + i);
            eval.progress = new PrintStream(java.io.OutputStream.nullOutputStream());
            r[i] = MnistExperiment.evaluate(eval, DATA, model, java.util.List.of(-100.0), Double.NaN);
        }
        assertEquals(10L, ((Number) ((java.util.List<?>) r[0].get("active_units_authors_protocol")).get(0)).longValue(), String.valueOf(r[0]));
        assertEquals(r[0].get("nll"), r[1].get("nll"));
        assertTrue(r[0].get("nll_units_removed") instanceof Number, String.valueOf(r[0]));
        assertEquals(null, r[1].get("nll_units_removed"));
        assertEquals(null, Table1.readJson(tmp.resolve("eval1/results.json")).get("nll_units_removed"));
        assertTrue(row(tmp.resolve("eval1")).contains("| — (not evaluated) |"), row(tmp.resolve("eval1")));
    }
}
