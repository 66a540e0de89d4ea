package iwae4j.spark.ml;

// README:begin
import iwae4j.spark.ml.IwaeEstimator;
import java.io.IOException;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

public class ReadmeSparkExample {
    /** Fits on normal rows (on the driver), saves the pipeline, loads it and scores new rows. */
    public static Dataset<Row> run(Dataset<Row> normal, Dataset<Row> fresh, String path) throws IOException {
        var iwae = new IwaeEstimator().setInputCols("amount", "items", "hour").setEpochs(50);
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {iwae}).fit(normal);
        model.write().overwrite().save(path);
        return PipelineModel.load(path).transform(fresh);   // + log_likelihood, anomaly_score
    }
}
// README:end
