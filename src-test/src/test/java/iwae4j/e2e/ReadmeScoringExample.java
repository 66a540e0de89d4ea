package iwae4j.e2e;

// README:begin
import iwae4j.models.Fit;
import iwae4j.models.FitOptions;
import iwae4j.models.Scorer;
import iwae4j.models.TrainedModel;
import iwae4j.models.data.Csv;
import iwae4j.models.Table;
import iwae4j.models.io.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

public class ReadmeScoringExample {
    /** Trains on a CSV of normal rows, saves the model, loads it back and flags unusual rows. */
    public static boolean[] run(Path normalRows, Path newRows, Path modelFile) throws IOException {
        Table train = Csv.read(normalRows, Csv.Options.defaults().withDrop(List.of("id")));   // features only
        TrainedModel model = Fit.run(train, FitOptions.forRows(train.size()));   // Gaussian IWAE, sized to the table
        ModelFile.save(modelFile, model);   // parameters, column names, standardization, options, provenance

        Scorer scorer = ModelFile.load(modelFile).scorer(1000, 1);   // L_1000 per row; thread-safe
        double threshold = scorer.threshold(train, 0.99);     // 1 % of rows like the training rows lie above
        Table fresh = Csv.read(newRows);                      // still has its id column: rows are read by name
        double[] anomaly = scorer.anomalyScore(fresh);        // −log p(x), higher = stranger
        boolean[] flagged = new boolean[anomaly.length];
        for (int i = 0; i < anomaly.length; i++) flagged[i] = anomaly[i] > threshold;
        return flagged;
    }
}
// README:end
