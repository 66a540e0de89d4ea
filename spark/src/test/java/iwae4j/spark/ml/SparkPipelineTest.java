package iwae4j.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.Rng;
import iwae4j.spark.IwaeSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark ML stage in a Pipeline on local[2]: fit, save, load, transform, equal to the plain scorer bit for bit. */
class SparkPipelineTest {
    static final int N = 400;
    static SparkSession spark;
    static float[][] rows;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void setUp() {
        Rng r = new Rng(9);
        rows = new float[N][3];
        for (int i = 0; i < N; i++) {
            double t = r.nextGaussian();
            rows[i][0] = (float) t;
            rows[i][1] = (float) (2 * t + 0.1 * r.nextGaussian());
            rows[i][2] = (float) (10 + r.nextGaussian());
        }
        spark = SparkSession.builder().master("local[2]").appName("iwae4j-pipeline-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) spark.stop();
    }

    /** id, a label the model does not read, and three numeric features (one float column), in some partitions. */
    static Dataset<Row> frame(int partitions) {
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("label", DataTypes.StringType, true)
                .add("a", DataTypes.DoubleType, false).add("b", DataTypes.FloatType, false).add("c", DataTypes.DoubleType, true);
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Object c = i % 37 == 0 ? null : (Object) (double) rows[i][2];   // a few missing cells
            list.add(RowFactory.create((long) i, "row" + i, (double) rows[i][0], rows[i][1], c));
        }
        return spark.createDataFrame(list, schema).repartition(partitions);
    }

    static Map<Long, Double> column(Dataset<Row> scored, String col) {
        Map<Long, Double> m = new HashMap<>();
        for (Row r : scored.select("id", col).collectAsList()) m.put(r.getLong(0), r.getDouble(1));
        return m;
    }

    @Test
    void aPipelineFitsSavesLoadsAndScoresAsThePlainScorerOnAnyPartitioning() throws Exception {
        IwaeEstimator iwae = new IwaeEstimator().setInputCols("a", "b", "c").setLatent(2).setHidden(8).setEpochs(8).setScoringK(100).setSeed(3)
                .setAnomalyScoreCol("strangeness");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {iwae});
        PipelineModel fitted = pipeline.fit(frame(3));
        Map<Long, Double> before = column(fitted.transform(frame(3)), "log_likelihood");

        String dir = tmp.resolve("pipeline").toUri().toString();
        fitted.write().overwrite().save(dir);
        PipelineModel loaded = PipelineModel.load(dir);
        IwaeModel stage = (IwaeModel) loaded.stages()[0];
        assertEquals("strangeness", stage.getOrDefault(stage.anomalyScoreCol()), "parameters come back");

        // the plain scorer on the same values (null read as NaN, a missing cell)
        float[][] x = new float[N][];
        for (int i = 0; i < N; i++) x[i] = new float[] {rows[i][0], rows[i][1], i % 37 == 0 ? Float.NaN : rows[i][2]};
        double[] plain = stage.trainedModel().scorer(100, 3).logLikelihood(x);
        for (int partitions : new int[] {1, 5}) {
            Dataset<Row> scored = loaded.transform(frame(partitions));
            Map<Long, Double> ll = column(scored, "log_likelihood"), anomaly = column(scored, "strangeness");
            for (long i = 0; i < N; i++) {
                assertEquals(Double.doubleToLongBits(plain[(int) i]), Double.doubleToLongBits(ll.get(i)), "row " + i + ", " + partitions + " partitions");
                assertEquals(Double.doubleToLongBits(before.get(i)), Double.doubleToLongBits(ll.get(i)), "saved and loaded: row " + i);
                assertEquals(-ll.get(i), anomaly.get(i));
            }
            assertTrue(List.of(scored.columns()).containsAll(List.of("id", "label", "a", "b", "c")), "the input's columns pass through");
        }
        // and IwaeSpark.score with the same model and settings
        Map<Long, Double> viaHelper = column(IwaeSpark.score(frame(2), iwae4j.models.io.ModelFile.toBytes(stage.trainedModel()), "m",
                List.of("a", "b", "c"), 100, 3), IwaeSpark.LOG_LIKELIHOOD);
        for (long i = 0; i < N; i++) assertEquals(Double.doubleToLongBits(plain[(int) i]), Double.doubleToLongBits(viaHelper.get(i)));

        // the unfitted pipeline saves and loads too, with its settings
        String est = tmp.resolve("estimator").toUri().toString();
        pipeline.write().overwrite().save(est);
        IwaeEstimator back = (IwaeEstimator) Pipeline.load(est).getStages()[0];
        assertEquals(8, (int) (Integer) back.getOrDefault(back.epochs()));
    }

    @Test
    void badColumnsAreNamedBeforeAnyWork() {
        IwaeEstimator iwae = new IwaeEstimator().setInputCols("a", "nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> iwae.fit(frame(1)));
        assertTrue(e.getMessage().startsWith("inputCols: no column 'nope'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new IwaeEstimator().setInputCols("label").fit(frame(1)));
        assertTrue(e.getMessage().contains("'label' is string, not numeric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new IwaeEstimator().fit(frame(1)));
        assertTrue(e.getMessage().startsWith("inputCols:"), e.getMessage());
    }
}
