package iwae4j.spark.ml;

import iwae4j.models.TrainedModel;
import iwae4j.models.io.ModelFile;
import iwae4j.spark.HadoopFiles;
import iwae4j.spark.IwaeSpark;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The fitted stage of an {@link IwaeEstimator}: a transformer that adds the log-likelihood log p(x) (L_k) and the
 * anomaly score −log p(x) of each row's input columns, the same bits as {@link IwaeSpark#score} and the plain
 * {@code Scorer} give, on any partitioning. Saves its parameters and the iwae4j model file ({@code data/model.safetensors})
 * under the stage's folder, so a {@code PipelineModel} holding it saves and loads.
 */
public final class IwaeModel extends Model<IwaeModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final byte[] modelFile;
    private final StringArrayParam inputCols;
    private final IntParam scoringK;
    private final LongParam seed;
    private final Param<String> logLikelihoodCol, anomalyScoreCol;

    IwaeModel(String uid, byte[] modelFile) {
        this.uid = uid;
        this.modelFile = modelFile;
        inputCols = new StringArrayParam(this, "inputCols", "the numeric feature columns, in the model's order");
        scoringK = new IntParam(this, "scoringK", "samples of L_k per row when scoring");
        seed = new LongParam(this, "seed", "the seed of the scores' noise");
        logLikelihoodCol = new Param<>(this, "logLikelihoodCol", "output column: log p(x) by L_k");
        anomalyScoreCol = new Param<>(this, "anomalyScoreCol", "output column: the anomaly score -log p(x)");
        setDefault(scoringK, 1000);
        setDefault(seed, 1L);
        setDefault(logLikelihoodCol, "log_likelihood");
        setDefault(anomalyScoreCol, "anomaly_score");
    }

    @Override
    public String uid() {
        return uid;
    }

    public StringArrayParam inputCols() { return inputCols; }
    public IntParam scoringK() { return scoringK; }
    public LongParam seed() { return seed; }
    public Param<String> logLikelihoodCol() { return logLikelihoodCol; }
    public Param<String> anomalyScoreCol() { return anomalyScoreCol; }

    /** The iwae4j model inside, for the library's own API (a plain Scorer, an Imputer, a model file). */
    public TrainedModel trainedModel() {
        try {
            return ModelFile.load(new ByteArrayInputStream(modelFile), uid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        List<String> cols = Arrays.asList(getOrDefault(inputCols));
        Dataset<Row> scored = IwaeSpark.score(dataset.toDF(), modelFile, uid, cols, (Integer) getOrDefault(scoringK), (Long) getOrDefault(seed));
        return scored.withColumnRenamed(IwaeSpark.LOG_LIKELIHOOD, getOrDefault(logLikelihoodCol))
                .withColumnRenamed(IwaeSpark.ANOMALY_SCORE, getOrDefault(anomalyScoreCol));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return outputSchema(schema, this, inputCols, logLikelihoodCol, anomalyScoreCol);
    }

    /** The schema with the two score columns added, after checking the input columns exist and are numeric. */
    static StructType outputSchema(StructType schema, Params p, StringArrayParam inputs, Param<String> llCol, Param<String> scoreCol) {
        if (!p.isDefined(inputs)) throw new IllegalArgumentException("inputCols: set the feature columns (setInputCols)");
        List<String> names = Arrays.asList(schema.fieldNames());
        for (String c : p.getOrDefault(inputs)) {
            if (!names.contains(c)) throw new IllegalArgumentException("inputCols: no column '" + c + "' among " + names);
            StructField f = schema.apply(c);
            if (!(f.dataType() instanceof NumericType)) throw new IllegalArgumentException("inputCols: column '" + c + "' is " + f.dataType().simpleString() + ", not numeric");
        }
        for (String out : List.of(p.getOrDefault(llCol), p.getOrDefault(scoreCol), IwaeSpark.LOG_LIKELIHOOD, IwaeSpark.ANOMALY_SCORE)) {
            if (names.contains(out)) throw new IllegalArgumentException("the rows already have a column '" + out + "'");
        }
        return schema.add(p.getOrDefault(llCol), DataTypes.DoubleType, false).add(p.getOrDefault(scoreCol), DataTypes.DoubleType, false);
    }

    @Override
    public IwaeModel copy(ParamMap extra) {
        IwaeModel copy = new IwaeModel(uid, modelFile);
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                DefaultParamsWriter$.MODULE$.saveMetadata(IwaeModel.this, path, sparkSession());
                try {
                    new HadoopFiles(sc().hadoopConfiguration()).write(HadoopFiles.child(HadoopFiles.child(path, "data"), "model.safetensors"), modelFile);
                } catch (IOException e) {
                    throw new UncheckedIOException(path + ": cannot write the model file: " + e.getMessage(), e);
                }
            }
        };
    }

    /** Spark's reader for a saved model (a PipelineModel's load finds it by this name). */
    public static MLReader<IwaeModel> read() {
        return new MLReader<>() {
            @Override
            public IwaeModel load(String path) {
                DefaultParamsReader.Metadata m = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(), IwaeModel.class.getName());
                byte[] bytes;
                try {
                    bytes = new HadoopFiles(sc().hadoopConfiguration()).read(HadoopFiles.child(HadoopFiles.child(path, "data"), "model.safetensors"));
                } catch (IOException e) {
                    throw new UncheckedIOException(path + ": cannot read the model file: " + e.getMessage(), e);
                }
                IwaeModel model = new IwaeModel(m.uid(), bytes);
                model.trainedModel();   // a damaged file fails here, naming the stage
                m.getAndSetParams(model, scala.Option.empty());
                return model;
            }
        };
    }

    public static IwaeModel load(String path) {
        return read().load(path);
    }
}
