package iwae4j.spark;

import iwae4j.models.Scorer;
import iwae4j.models.io.ModelFile;
import iwae4j.tensor.Parallel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a DataFrame under a trained iwae4j model: each row gets {@code log_likelihood} (log p(x) by L_k, in the
 * data's original units) and {@code anomaly_score} (−log p(x), higher is more anomalous); a row with null cells gets
 * log p of its observed cells. The model file is read
 * once on the driver and broadcast; each executor JVM builds one {@link Scorer} per model and k and shares it
 * between its tasks; each task runs the kernels on its own thread (Spark's cores do the parallel work). A row's
 * score depends only on the row, the model, k and the seed, never on the partitioning.
 */
public final class IwaeSpark {
    /** The output columns. */
    public static final String LOG_LIKELIHOOD = "log_likelihood", ANOMALY_SCORE = "anomaly_score";
    /** The scorer's noise seed when none is given (the same as the command line's). */
    public static final long DEFAULT_SEED = 1;
    /** Rows scored at once inside a task. */
    static final int BATCH = 256;

    private IwaeSpark() {
    }

    /** Scores {@code rows} with the model file at {@code modelUri} (any Hadoop FileSystem URI). */
    public static Dataset<Row> score(Dataset<Row> rows, String modelUri, List<String> featureColumns, int k) {
        HadoopFiles files = new HadoopFiles(rows.sparkSession().sparkContext().hadoopConfiguration());
        byte[] bytes;
        try {
            bytes = files.read(modelUri);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the model " + modelUri + ": " + e.getMessage(), e);
        }
        return score(rows, bytes, modelUri, featureColumns, k, DEFAULT_SEED);
    }

    /**
     * Scores {@code rows} with a model file's bytes ({@code name} appears in errors). {@code featureColumns} are
     * the model's inputs in its order (numeric columns; a null value is a missing cell, and its row's score is
     * log p of the observed cells, as {@link Scorer} gives for NaN).
     */
    public static Dataset<Row> score(Dataset<Row> rows, byte[] modelBytes, String name, List<String> featureColumns, int k, long seed) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        iwae4j.models.TrainedModel trained = load(modelBytes, name); // fails here, on the driver, for a bad file
        int d = trained.columns();
        if (featureColumns.size() != d) {
            throw new IllegalArgumentException(name + " takes " + d + " features, " + featureColumns.size() + " columns given");
        }
        StructType schema = rows.schema();
        List<String> columns = List.of(schema.fieldNames());
        int[] index = new int[d];
        for (int j = 0; j < d; j++) {
            String c = featureColumns.get(j);
            if (!columns.contains(c)) throw new IllegalArgumentException("no column '" + c + "' among " + columns);
            index[j] = schema.fieldIndex(c);
            StructField f = schema.fields()[index[j]];
            if (!(f.dataType() instanceof NumericType)) {
                throw new IllegalArgumentException("column '" + c + "' is " + f.dataType().simpleString() + ", not numeric");
            }
        }
        for (String out : new String[] {LOG_LIKELIHOOD, ANOMALY_SCORE}) {
            if (columns.contains(out)) throw new IllegalArgumentException("the rows already have a column '" + out + "'");
        }
        StructType outSchema = schema.add(LOG_LIKELIHOOD, DataTypes.DoubleType, false).add(ANOMALY_SCORE, DataTypes.DoubleType, false);
        Broadcast<byte[]> model = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext()).broadcast(modelBytes);
        long id = model.id();
        MapPartitionsFunction<Row, Row> f = it -> new Scored(it, scorer(id, model, name, k, seed), index, featureColumns);
        return rows.mapPartitions(f, Encoders.row(outSchema));
    }

    private static iwae4j.models.TrainedModel load(byte[] bytes, String name) {
        try {
            return ModelFile.load(new ByteArrayInputStream(bytes), name);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    /** One scorer per (broadcast, k, seed) per JVM, the few most recent kept. */
    private static final Map<String, Scorer> SCORERS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Scorer> eldest) {
            return size() > 8;
        }
    };

    private static Scorer scorer(long broadcastId, Broadcast<byte[]> bytes, String name, int k, long seed) {
        String key = broadcastId + "/" + k + "/" + seed;
        synchronized (SCORERS) {
            Scorer s = SCORERS.get(key);
            if (s == null) {
                s = load(bytes.value(), name).scorer(k, seed);
                SCORERS.put(key, s);
            }
            return s;
        }
    }

    /** How many scorers this JVM has built and keeps (for tests: one per model, not one per task). */
    static int cachedScorers() {
        synchronized (SCORERS) {
            return SCORERS.size();
        }
    }

    /** The rows of one partition with their scores, in batches of {@link #BATCH}. */
    private static final class Scored implements Iterator<Row> {
        private final Iterator<Row> in;
        private final Scorer scorer;
        private final int[] index;
        private final List<String> names;
        private final List<Row> batch = new ArrayList<>(BATCH);
        private double[] ll = new double[0];
        private int next;

        Scored(Iterator<Row> in, Scorer scorer, int[] index, List<String> names) {
            this.in = in;
            this.scorer = scorer;
            this.index = index;
            this.names = names;
        }

        @Override
        public boolean hasNext() {
            if (next < batch.size()) return true;
            batch.clear();
            next = 0;
            while (batch.size() < BATCH && in.hasNext()) batch.add(in.next());
            if (batch.isEmpty()) return false;
            float[][] x = new float[batch.size()][index.length];
            for (int i = 0; i < x.length; i++) {
                Row r = batch.get(i);
                for (int j = 0; j < index.length; j++) {
                    Object v = r.get(index[j]);
                    x[i][j] = v == null ? Float.NaN : ((Number) v).floatValue(); // null: a missing cell
                }
            }
            ll = Parallel.onCallingThread(() -> scorer.logLikelihood(x));
            return true;
        }

        @Override
        public Row next() {
            if (!hasNext()) throw new NoSuchElementException();
            Row r = batch.get(next);
            Object[] v = new Object[r.length() + 2];
            for (int i = 0; i < r.length(); i++) v[i] = r.get(i);
            v[r.length()] = ll[next];
            v[r.length() + 1] = -ll[next];
            next++;
            return RowFactory.create(v);
        }
    }
}
