package iwae4j.tribuo;

// README:begin
import iwae4j.models.FitOptions;
import iwae4j.tribuo.IwaeAnomalyTrainer;
import java.util.List;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.evaluation.AnomalyEvaluator;

public class ReadmeTribuoExample {
    /** Trains on normal events, flags the test set's anomalies, and prints Tribuo's evaluation. */
    public static List<Prediction<Event>> run(Dataset<Event> normal, Dataset<Event> test) {
        var trainer = new IwaeAnomalyTrainer(FitOptions.defaults().withEpochs(3e-3, 60), 1000, 0.99);
        Model<Event> model = trainer.train(normal);          // provenance: every trainer setting
        System.out.println(new AnomalyEvaluator().evaluate(model, test));
        return model.predict(test);   // Event score = −log p(x); ANOMALOUS above the 99 % quantile
    }
}
// README:end
