package iwae4j.e2e;

// README:begin
import iwae4j.models.Fit;
import iwae4j.models.Scorer;
import iwae4j.models.data.Csv;
import iwae4j.models.data.Table;
import iwae4j.models.io.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

public class ReadmeScoringExample {
    /** Trains on a CSV of normal rows, saves the model, loads it back and flags unusual rows. */
    public static boolean[] run(Path normalRows, Path newRows, Path modelFile) throws IOException {
        Csv.Options csv = new Csv.Options();                  // header line, comma-separated
        csv.drop = java.util.List.of("id");                   // leave out columns that are not features
        Table train = Csv.read(normalRows, csv);

        Fit.Result fit = Fit.run(train, new Fit.Options());   // Gaussian IWAE, 10 % validation, early stopping
        ModelFile.save(modelFile, fit, train.names(), Map.of("source", "README"));   // model, standardizer, point masses

        Scorer scorer = ModelFile.load(modelFile).scorer(1000, 1);   // L_1000 per row; thread-safe
        double threshold = scorer.threshold(train, 0.99);     // 1 % of rows like the training rows lie above
        double[] anomaly = scorer.anomalyScore(Csv.read(newRows, csv).rows());  // −log p(x), higher = stranger
        boolean[] flagged = new boolean[anomaly.length];
        for (int i = 0; i < anomaly.length; i++) flagged[i] = anomaly[i] > threshold;
        return flagged;
    }
}
// README:end
