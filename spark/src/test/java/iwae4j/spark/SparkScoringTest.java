package iwae4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.Dataset;
import iwae4j.models.Fit;
import iwae4j.models.Rng;
import iwae4j.models.Schedule;
import iwae4j.models.Scorer;
import iwae4j.models.io.ModelFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DataFrame scoring on local[2] against the plain {@link Scorer}, row for row, whatever the partitioning. */
class SparkScoringTest {
    static final int D = 6, N = 300, K = 50;
    static SparkSession spark;
    @TempDir
    static Path tmp;
    static Path modelFile;
    static float[][] rows;

    @BeforeAll
    static void setUp() throws Exception {
        // a small Gaussian model of correlated data, saved as a model file
        Rng r = new Rng(5);
        rows = new float[N][D];
        float[] flat = new float[N * D];
        for (int i = 0; i < N; i++) {
            double z = r.nextGaussian();
            for (int j = 0; j < D; j++) rows[i][j] = flat[i * D + j] = (float) (z * (j + 1) + 0.3 * r.nextGaussian() + 10 * j);
            if (i % 10 < 3) rows[i][1] = flat[i * D + 1] = 0f;   // a point mass: the model has an indicator input more
        }
        iwae4j.models.FitOptions o = iwae4j.models.FitOptions.defaults().withHidden(16).withLatent(2)
                .withSchedule(Schedule.constant(1e-3, 15)).withValidationFraction(0);
        iwae4j.models.TrainedModel fit = Fit.run(Dataset.of(flat, D), o);
        assertEquals(1, fit.pointMasses().count(), "f1's zeros are a point mass, so the model's inputs are not the frame's columns");
        List<String> names = new ArrayList<>();
        for (int j = 0; j < D; j++) names.add("f" + j);
        modelFile = tmp.resolve("model.safetensors");
        ModelFile.save(modelFile, fit.withFeatureNames(names));
        spark = SparkSession.builder().master("local[2]").appName("iwae4j-scoring-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) spark.stop();
    }

    static org.apache.spark.sql.Dataset<Row> frame(int partitions) {
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("label", DataTypes.StringType, true);
        for (int j = 0; j < D; j++) schema = schema.add("f" + j, j % 2 == 0 ? DataTypes.DoubleType : DataTypes.FloatType, false);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Object[] v = new Object[2 + D];
            v[0] = (long) i;
            v[1] = "row" + i;
            for (int j = 0; j < D; j++) v[2 + j] = j % 2 == 0 ? (Object) (double) rows[i][j] : (Object) rows[i][j];
            list.add(RowFactory.create(v));
        }
        return spark.createDataFrame(list, schema).repartition(partitions);
    }

    static List<String> features() {
        List<String> f = new ArrayList<>();
        for (int j = 0; j < D; j++) f.add("f" + j);
        return f;
    }

    @Test
    void scoresEqualThePlainScorersRowForRowOnAnyPartitioning() throws Exception {
        Scorer plain = ModelFile.load(modelFile).scorer(K, IwaeSpark.DEFAULT_SEED);
        double[] want = plain.logLikelihood(rows);
        for (int partitions : new int[] {1, 3, 7}) {
            int before = IwaeSpark.cachedScorers();
            List<Row> out = IwaeSpark.score(frame(partitions), modelFile.toUri().toString(), features(), K).collectAsList();
            assertEquals(N, out.size());
            Map<Long, Row> byId = new HashMap<>();
            for (Row row : out) byId.put(row.getLong(0), row);
            for (int i = 0; i < N; i++) {
                Row row = byId.get((long) i);
                double ll = row.getDouble(row.fieldIndex(IwaeSpark.LOG_LIKELIHOOD));
                assertEquals(Double.doubleToLongBits(want[i]), Double.doubleToLongBits(ll),
                        "row " + i + " on " + partitions + " partitions: " + ll + " vs the plain scorer's " + want[i]);
                assertEquals(-ll, row.getDouble(row.fieldIndex(IwaeSpark.ANOMALY_SCORE)));
                assertEquals("row" + i, row.getString(1), "the input columns pass through");
            }
            // one scorer per model and k in this (local) executor JVM, shared by every task
            assertEquals(Math.min(8, before + 1), IwaeSpark.cachedScorers(), partitions + " partitions");
        }
    }

    @Test
    void nullCellsAreMissingAndTheRowScoresItsObservedCells() throws Exception {
        float[][] holed = new float[N][];
        StructType schema = new StructType().add("id", DataTypes.LongType, false);
        for (int j = 0; j < D; j++) schema = schema.add("f" + j, DataTypes.DoubleType, true);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            holed[i] = rows[i].clone();
            Object[] v = new Object[1 + D];
            v[0] = (long) i;
            for (int j = 0; j < D; j++) {
                boolean missing = (i + j) % 4 == 0;
                if (missing) holed[i][j] = Float.NaN;
                v[1 + j] = missing ? null : (Object) (double) rows[i][j];
            }
            list.add(RowFactory.create(v));
        }
        double[] want = ModelFile.load(modelFile).scorer(K, IwaeSpark.DEFAULT_SEED).logLikelihood(holed);
        List<Row> out = IwaeSpark.score(spark.createDataFrame(list, schema).repartition(3), modelFile.toUri().toString(), features(), K).collectAsList();
        for (Row row : out) {
            int i = (int) row.getLong(0);
            assertEquals(want[i], row.getDouble(row.fieldIndex(IwaeSpark.LOG_LIKELIHOOD)), "row " + i);
            assertTrue(Double.isFinite(want[i]));
        }
    }

    @Test
    void badColumnsAreOneLineErrorsOnTheDriver() {
        String uri = modelFile.toUri().toString();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> IwaeSpark.score(frame(1), uri, List.of("f0", "f1", "f2", "f3", "f4", "nope"), K));
        assertTrue(missing.getMessage().startsWith("no column 'nope'"), missing.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> IwaeSpark.score(frame(1), uri, List.of("f0"), K));
        assertTrue(count.getMessage().contains("takes 6 features, 1 columns given"), count.getMessage());
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> IwaeSpark.score(frame(1), uri, List.of("f0", "f1", "f2", "f3", "f4", "label"), K));
        assertTrue(text.getMessage().contains("'label' is string, not numeric"), text.getMessage());
        assertThrows(java.io.UncheckedIOException.class, () -> IwaeSpark.score(frame(1), tmp.resolve("absent").toUri().toString(), features(), K));
    }
}
