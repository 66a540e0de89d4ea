package iwae4j.spark.ml;

import iwae4j.models.Fit;
import iwae4j.models.FitOptions;
import iwae4j.models.Schedule;
import iwae4j.models.Table;
import iwae4j.models.TrainedModel;
import iwae4j.models.io.ModelFile;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Estimator}: {@link #fit} trains an IWAE density model on the input columns (numeric; null is a
 * missing cell) and returns an {@link IwaeModel}, a transformer adding the log-likelihood and the anomaly score. The
 * fit runs on the driver, on every row or, above {@link #maxTrainRows}, on a seeded sample of about that many rows.
 * Saves and loads with its parameters ({@code DefaultParamsWritable}), so a {@code Pipeline} holding it does.
 */
public final class IwaeEstimator extends Estimator<IwaeModel> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final StringArrayParam inputCols;
    private final IntParam latent, k, scoringK, epochs, maxTrainRows;
    private final IntArrayParam hidden;
    private final LongParam seed;
    private final Param<String> logLikelihoodCol, anomalyScoreCol;

    public IwaeEstimator() {
        this(Identifiable$.MODULE$.randomUID("iwae"));
    }

    /** With a given uid (Spark's readers make stages this way). */
    public IwaeEstimator(String uid) {
        this.uid = uid;
        inputCols = new StringArrayParam(this, "inputCols", "the numeric feature columns, in the model's order");
        latent = new IntParam(this, "latent", "size of the stochastic layer");
        hidden = new IntArrayParam(this, "hidden", "hidden layer sizes of the encoder (the decoder mirrors them)");
        k = new IntParam(this, "k", "importance samples per row in training");
        scoringK = new IntParam(this, "scoringK", "samples of L_k per row when scoring");
        epochs = new IntParam(this, "epochs", "most passes over the training rows (early stopping may end sooner); unset: as"
                + " FitOptions.forRows chooses for the rows collected (500 up to 5,000 training rows, fewer above)");
        maxTrainRows = new IntParam(this, "maxTrainRows", "above this many rows the fit takes a seeded sample of about this many");
        seed = new LongParam(this, "seed", "the seed of the fit, the sample and the scores' noise");
        logLikelihoodCol = new Param<>(this, "logLikelihoodCol", "output column: log p(x) by L_k");
        anomalyScoreCol = new Param<>(this, "anomalyScoreCol", "output column: the anomaly score -log p(x)");
        FitOptions d = FitOptions.defaults();
        setDefault(latent, d.latent());
        setDefault(hidden, d.hidden());
        setDefault(k, d.k());
        setDefault(scoringK, 1000);
        setDefault(maxTrainRows, 1_000_000);
        setDefault(seed, d.seed());
        setDefault(logLikelihoodCol, "log_likelihood");
        setDefault(anomalyScoreCol, "anomaly_score");
    }

    @Override
    public String uid() {
        return uid;
    }

    public StringArrayParam inputCols() { return inputCols; }
    public IntParam latent() { return latent; }
    public IntArrayParam hidden() { return hidden; }
    public IntParam k() { return k; }
    public IntParam scoringK() { return scoringK; }
    public IntParam epochs() { return epochs; }
    public IntParam maxTrainRows() { return maxTrainRows; }
    public LongParam seed() { return seed; }
    public Param<String> logLikelihoodCol() { return logLikelihoodCol; }
    public Param<String> anomalyScoreCol() { return anomalyScoreCol; }

    public IwaeEstimator setInputCols(String... v) { set(inputCols, v); return this; }
    public IwaeEstimator setLatent(int v) { set(latent, v); return this; }
    public IwaeEstimator setHidden(int... v) { set(hidden, v); return this; }
    public IwaeEstimator setK(int v) { set(k, v); return this; }
    public IwaeEstimator setScoringK(int v) { set(scoringK, v); return this; }
    public IwaeEstimator setEpochs(int v) { set(epochs, v); return this; }
    public IwaeEstimator setMaxTrainRows(int v) { set(maxTrainRows, v); return this; }
    public IwaeEstimator setSeed(long v) { set(seed, v); return this; }
    public IwaeEstimator setLogLikelihoodCol(String v) { set(logLikelihoodCol, v); return this; }
    public IwaeEstimator setAnomalyScoreCol(String v) { set(anomalyScoreCol, v); return this; }

    /**
     * The library's options these parameters give for a fit on {@code rows} rows (checked there: a bad value is an error
     * naming it): {@link FitOptions#forRows} of the rows, so a big sample trains in bounded time, with the parameters set;
     * a set {@code epochs} runs that many at the size's first learning rate.
     */
    FitOptions options(long rows) {
        FitOptions o = FitOptions.forRows(rows).withLatent((Integer) getOrDefault(latent)).withHidden(getOrDefault(hidden))
                .withK((Integer) getOrDefault(k)).withSeed((Long) getOrDefault(seed));
        return isDefined(epochs) ? o.withSchedule(Schedule.constant(o.schedule().learningRate(0), (Integer) getOrDefault(epochs))) : o;
    }

    @Override
    public IwaeModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String[] cols = getOrDefault(inputCols);
        long seedValue = (Long) getOrDefault(seed);
        Dataset<Row> rows = dataset.selectExpr(quoted(cols));
        long n = rows.count(), max = (Integer) getOrDefault(maxTrainRows);
        if (n > max) rows = rows.sample(false, Math.min(1.0, (double) max / n), seedValue);
        List<Row> collected = rows.collectAsList();
        float[] values = new float[collected.size() * cols.length];
        for (int i = 0; i < collected.size(); i++) {
            Row r = collected.get(i);
            for (int j = 0; j < cols.length; j++) values[i * cols.length + j] = r.isNullAt(j) ? Float.NaN : ((Number) r.get(j)).floatValue();
        }
        TrainedModel trained = Fit.run(new Table(values, cols.length, Arrays.asList(cols)), options(collected.size()));
        IwaeModel model = new IwaeModel(uid, ModelFile.toBytes(trained));
        copyValues(model, extractParamMap());
        return model.setParent(this);
    }

    /** The columns as Spark SQL expressions (backquoted, so any name is taken as it is). */
    static String[] quoted(String[] cols) {
        String[] q = new String[cols.length];
        for (int j = 0; j < cols.length; j++) q[j] = "`" + cols[j].replace("`", "``") + "`";
        return q;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return IwaeModel.outputSchema(schema, this, inputCols, logLikelihoodCol, anomalyScoreCol);
    }

    @Override
    public IwaeEstimator copy(ParamMap extra) {
        return (IwaeEstimator) defaultCopy(extra);
    }

    /** Spark's reader for a saved estimator (a Pipeline's load finds it by this name). */
    public static MLReader<IwaeEstimator> read() {
        return new DefaultParamsReader<>();
    }

    public static IwaeEstimator load(String path) {
        return read().load(path);
    }
}
