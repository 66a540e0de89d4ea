package iwae4j.spark;

import iwae4j.models.Dataset;
import iwae4j.models.Fit;
import iwae4j.models.Rng;
import iwae4j.models.Schedule;
import iwae4j.models.Scorer;
import iwae4j.experiments.Table1;
import iwae4j.experiments.Table1Report;
import iwae4j.models.io.ModelFile;
import iwae4j.tensor.Parallel;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Measurements on {@code local[2]} (not a test): {@code scoring [ROWS=1000000] [K=100]} — rows/s of
 * {@link IwaeSpark#score} on ROWS synthetic rows of 30 features against the plain {@link Scorer} on 2 threads;
 * {@code grid} — wall time of {@link Table1Job} against the plain runner on the test's tiny two-cell grid.
 * Run with {@code spark/measure.sh scoring} or {@code spark/measure.sh grid}.
 */
public final class SparkMeasure {
    static final int FEATURES = 30, FACTORS = 3;

    private SparkMeasure() {
    }

    /** Row i of the synthetic data: 3 latent factors mixed into 30 features plus noise, from its own seed. */
    static float[] row(long i) {
        Rng r = new Rng(0x5CA1AB1EL ^ (i * 0x9E3779B97F4A7C15L));
        double[] z = new double[FACTORS];
        for (int f = 0; f < FACTORS; f++) z[f] = r.nextGaussian();
        float[] x = new float[FEATURES];
        for (int j = 0; j < FEATURES; j++) {
            double v = 0.1 * r.nextGaussian() + j;
            for (int f = 0; f < FACTORS; f++) v += Math.sin(1 + j * (f + 1)) * z[f];
            x[j] = (float) v;
        }
        return x;
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        String what = args.length > 0 ? args[0] : "scoring";
        SparkSession spark = SparkSession.builder().master("local[2]").appName("iwae4j-measure").config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            if (what.equals("grid")) grid(spark);
            else scoring(spark, args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000, args.length > 2 ? Integer.parseInt(args[2]) : 100);
        } finally {
            spark.stop();
        }
    }

    static void scoring(SparkSession spark, int n, int k) throws Exception {
        // a model fitted on 5,000 rows
        int fitRows = 5000;
        float[] flat = new float[fitRows * FEATURES];
        for (int i = 0; i < fitRows; i++) System.arraycopy(row(i), 0, flat, i * FEATURES, FEATURES);
        iwae4j.models.FitOptions o = iwae4j.models.FitOptions.defaults().withSchedule(Schedule.constant(1e-3, 20)).withValidationFraction(0);
        iwae4j.models.TrainedModel fit = Fit.run(Dataset.of(flat, FEATURES), o);   // columns named x0, x1, ...
        Path model = Files.createTempFile("iwae4j-measure", ".safetensors");
        ModelFile.save(model, fit);
        List<String> names = fit.featureNames();

        // plain: the whole set in memory, the scorer on 2 threads
        float[] all = new float[n * FEATURES];
        for (int i = 0; i < n; i++) System.arraycopy(row(i), 0, all, i * FEATURES, FEATURES);
        Scorer scorer = ModelFile.load(model).scorer(k, IwaeSpark.DEFAULT_SEED);
        Parallel.setThreads(2);
        scorer.score(Dataset.of(all, FEATURES).first(2000)); // warm-up
        long t0 = System.nanoTime();
        double[] ll = scorer.score(Dataset.of(all, FEATURES)).logLikelihood();
        double plainSeconds = (System.nanoTime() - t0) / 1e9;
        double plainSum = 0;
        for (double v : ll) plainSum += v;

        // Spark: the same rows generated in 8 partitions and cached, then scored
        StructType schema = new StructType().add("id", DataTypes.LongType, false);
        for (String c : names) schema = schema.add(c, DataTypes.FloatType, false);
        MapPartitionsFunction<Long, Row> gen = it -> new Iterator<>() {
            public boolean hasNext() {
                return it.hasNext();
            }

            public Row next() {
                long i = it.next();
                float[] x = row(i);
                Object[] v = new Object[FEATURES + 1];
                v[0] = i;
                for (int j = 0; j < FEATURES; j++) v[j + 1] = x[j];
                return RowFactory.create(v);
            }
        };
        org.apache.spark.sql.Dataset<Row> rows = spark.range(0, n, 1, 8).as(Encoders.LONG()).mapPartitions(gen, Encoders.row(schema)).cache();
        rows.count();
        IwaeSpark.score(rows.limit(2000), model.toUri().toString(), names, k).count(); // warm-up
        t0 = System.nanoTime();
        Row sum = IwaeSpark.score(rows, model.toUri().toString(), names, k).agg(functions.sum(IwaeSpark.LOG_LIKELIHOOD), functions.count("id")).first();
        double sparkSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("scoring %d rows of %d features at k = %d, %s%n", n, FEATURES, k, System.getProperty("java.version"));
        System.out.printf("plain Scorer, 2 threads: %.1f s, %.0f rows/s (sum of log p(x) %.6e)%n", plainSeconds, n / plainSeconds, plainSum);
        System.out.printf("IwaeSpark.score, local[2], 8 partitions: %.1f s, %.0f rows/s (sum %.6e over %d rows)%n", sparkSeconds, n / sparkSeconds,
                sum.getDouble(0), sum.getLong(1));
        System.out.printf("Spark / plain throughput: %.2f%n", plainSeconds / sparkSeconds);
        Files.deleteIfExists(model);
    }

    static void grid(SparkSession spark) throws Exception {
        Table1Job.DataSource data = Table1Job.DataSource.blobs(600, 120, 11);
        List<String> cells = List.of("1L-k1", "1L-vae-k5");
        Path root = Files.createTempDirectory("iwae4j-measure-grid");
        Table1Job.Settings s = new Table1Job.Settings();
        s.stages = 2;
        s.seed = 3;
        s.evalK = 20;
        s.testSize = 20;
        s.cells = cells;
        s.data = data;
        // plain: the runner's unit for each cell in turn on 2 threads, then the table; then the job. Two rounds,
        // the first warms the JIT for both, the second is the one to read
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        for (int round = 1; round <= 2; round++) {
            Parallel.setThreads(2);
            long t0 = System.nanoTime();
            Path plainDir = root.resolve("plain" + round);
            Table1.Options o = s.options(plainDir, quiet);
            for (String c : cells) Table1.runOne(Table1.Cell.parse(c), o, data.load(), quiet, null);
            Table1Report.write(plainDir, null);
            double plain = (System.nanoTime() - t0) / 1e9;
            // the same two cells side by side on one thread each without Spark: what the job does, minus Spark
            t0 = System.nanoTime();
            Path sideDir = root.resolve("side" + round);
            Table1.Options side = s.options(sideDir, quiet);
            List<Thread> threads = new ArrayList<>();
            for (String c : cells) {
                Thread t = new Thread(() -> {
                    try {
                        Parallel.onCallingThread(() -> Table1.runOne(Table1.Cell.parse(c), side, data.load(), quiet, null));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) t.join();
            Table1Report.write(sideDir, null);
            double sideBySide = (System.nanoTime() - t0) / 1e9;
            s.out = root.resolve("spark" + round).toUri().toString();
            t0 = System.nanoTime();
            Table1Job.run(spark, s);
            double job = (System.nanoTime() - t0) / 1e9;
            System.out.printf("round %d, tiny grid (2 cells, 4 epochs of 600 images, L_20 on 20 images): plain runner, cells in turn on 2 threads"
                    + " %.1f s; the runner's cells side by side on 1 thread each %.1f s; Table1Job on local[2] %.1f s (Spark's overhead %.1f s)%n",
                    round, plain, sideBySide, job, job - sideBySide);
        }
        Table1Job.deleteTree(root);
    }
}
