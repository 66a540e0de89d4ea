package iwae4j.spark.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Spark ML example (ReadmeSparkExample, checked word for word in src-test) ranks odd orders above normal ones. */
class ReadmeSparkExampleTest {
    static Dataset<Row> orders(SparkSession spark, int n, boolean odd, long seed) {
        StructType schema = new StructType().add("order", DataTypes.StringType).add("amount", DataTypes.DoubleType)
                .add("items", DataTypes.IntegerType).add("hour", DataTypes.DoubleType);
        SplittableRandom r = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int items = 1 + r.nextInt(5);
            double amount = odd ? 200 + 50 * r.nextDouble() : 20 * items + 2 * r.nextGaussian();
            rows.add(RowFactory.create((odd ? "odd-" : "o-") + i, amount, items, 8 + 10 * r.nextDouble()));
        }
        return spark.createDataFrame(rows, schema);
    }

    @Test
    void theExampleRanksOddOrdersAboveNormalOnes(@TempDir Path dir) throws Exception {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("iwae4j-readme-spark").config("spark.ui.enabled", "false").getOrCreate();
        try {
            Dataset<Row> scored = ReadmeSparkExample.run(orders(spark, 300, false, 1), orders(spark, 20, false, 2).union(orders(spark, 5, true, 3)),
                    dir.resolve("p").toUri().toString());
            double worstNormal = Double.NEGATIVE_INFINITY, bestOdd = Double.POSITIVE_INFINITY;
            for (Row row : scored.select("order", "anomaly_score").collectAsList()) {
                if (row.getString(0).startsWith("odd")) bestOdd = Math.min(bestOdd, row.getDouble(1));
                else worstNormal = Math.max(worstNormal, row.getDouble(1));
            }
            assertTrue(bestOdd > worstNormal, "every odd order above every normal one: " + bestOdd + " against " + worstNormal);
        } finally {
            spark.stop();
        }
    }
}
