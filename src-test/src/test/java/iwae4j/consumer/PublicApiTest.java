package iwae4j.consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.Fit;
import iwae4j.models.FitOptions;
import iwae4j.models.Imputer;
import iwae4j.models.Scorer;
import iwae4j.models.Table;
import iwae4j.models.TrainedModel;
import iwae4j.models.TrainingListener;
import iwae4j.models.data.Csv;
import iwae4j.models.io.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's code, outside the library's packages, using only its public API: fit a CSV, save, load, score by name a
 * table with extra columns, threshold, impute (other columns kept), sample, describe.
 */
class PublicApiTest {
    @TempDir
    Path dir;

    @Test
    void aUserFitsSavesLoadsScoresImputesAndSamplesThroughThePublicApi() throws Exception {
        SplittableRandom r = new SplittableRandom(12);
        StringBuilder train = new StringBuilder("customer,amount,items,hour\n");
        for (int i = 0; i < 300; i++) {
            double items = 1 + r.nextInt(5), hour = 8 + 10 * r.nextDouble();
            train.append(String.format(Locale.ROOT, "%d,%.2f,%.0f,%.2f%n", i, 20 * items + 3 * r.nextGaussian(), items, hour));
        }
        Path trainCsv = Files.writeString(dir.resolve("orders.csv"), train.toString());
        Table table = Csv.read(trainCsv, Csv.Options.defaults().withDrop(List.of("customer")));
        List<Integer> epochsSeen = new ArrayList<>();
        TrainingListener listener = e -> {
            epochsSeen.add(e.epoch());
            assertTrue(e.rowsPerSecond() > 0 && e.etaSeconds() >= 0, e.toString());
            return true;
        };
        TrainedModel model = Fit.run(table, FitOptions.defaults().withEpochs(3e-3, 20).withHidden(16).withLatent(2).withSeed(5), listener);
        assertEquals(List.of("amount", "items", "hour"), model.featureNames());
        assertEquals(model.training().trainBounds().size(), epochsSeen.size(), "one report per epoch");

        Path file = dir.resolve("orders.model");
        ModelFile.save(file, model);
        TrainedModel loaded = ModelFile.load(file);
        assertEquals(model.options(), loaded.options());
        assertTrue(loaded.describe().contains("columns (3): amount, items, hour"), loaded.describe());

        // new orders with the customer column still there and the columns in another order
        Path freshCsv = Files.writeString(dir.resolve("new.csv"), "hour,customer,items,amount\n9.5,1001,2,41.0\n23.9,1002,1,480\n12,1003,,60.5\n");
        Table fresh = Csv.read(freshCsv);
        Scorer scorer = loaded.scorer(200, 1);
        double[] anomaly = scorer.anomalyScore(fresh);
        double threshold = scorer.threshold(table, 0.99);
        assertTrue(anomaly[0] < threshold && anomaly[1] > threshold, java.util.Arrays.toString(anomaly) + " against " + threshold);
        assertArrayEquals(model.scorer(200, 1).anomalyScore(fresh), anomaly, "the loaded model scores as the trained one");

        Imputer imputer = loaded.imputer(200, 1);
        Table filled = imputer.impute(fresh);
        assertEquals(fresh.names(), filled.names());
        float items = filled.values()[2 * 4 + 2];
        assertTrue(items > 1.5f && items < 4.5f, "about 60.5 / 20 items: " + items);
        assertEquals(1003f, filled.values()[2 * 4 + 1], "the customer passes through");

        float[][] drawn = loaded.sample(5, 3);
        assertEquals(5, drawn.length);
        for (float[] row : drawn) assertEquals(3, row.length);
    }
}
