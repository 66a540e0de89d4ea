package iwae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.TrainedModel;
import iwae4j.models.data.Mnist;
import iwae4j.models.io.ModelFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mnist-eval takes a published model file as it takes a checkpoint, labelled with the cell its metadata names. */
class ModelFileEvaluationTest {
    private static MnistExperiment.Options options(Path out) {
        MnistExperiment.Options o = new MnistExperiment.Options();
        o.out = out;
        o.evalK = 5;
        o.testSize = 40;
        o.progress = null;
        return o;
    }

    @Test
    void aModelFileEvaluatesAsTheModelItHolds(@TempDir Path dir) throws Exception {
        Mnist mnist = Mnist.blobs(200, 60, 3);
        Model model = new Model(ModelSpec.mnist1(), 7);
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(file, TrainedModel.of(model).withMetadata(Map.of("cell", "1L-vae-k5", "seed", "1", "passes", "3280")));
        MnistExperiment.Options o = options(dir.resolve("a"));
        Map<String, Object> viaFile = MnistExperiment.evaluateCheckpoint(o, mnist, file);
        assertEquals("VAE", viaFile.get("objective"));
        assertEquals(5L, viaFile.get("k"));
        MnistExperiment.Options direct = options(dir.resolve("b"));
        direct.seed = 1;
        direct.objective = iwae4j.models.Objective.VAE;
        direct.k = 5;
        Map<String, Object> viaModel = MnistExperiment.evaluate(direct, mnist, model, List.of(), Double.NaN);
        assertEquals(viaModel.get("nll"), viaFile.get("nll"), "the same L_k as the model evaluated directly");
        assertTrue(Double.isFinite((Double) viaFile.get("nll")));

        Path table = dir.resolve("table.safetensors");
        ModelFile.save(table, TrainedModel.of(new Model(ModelSpec.parse("input=3;latent=1;hidden=4;likelihood=GAUSSIAN"), 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MnistExperiment.evaluateCheckpoint(options(dir.resolve("c")), mnist, table));
        assertTrue(e.getMessage().startsWith(table + " is not a model of 28×28 binary images"), e.getMessage());
    }
}
