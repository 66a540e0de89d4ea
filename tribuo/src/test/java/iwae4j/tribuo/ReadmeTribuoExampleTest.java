package iwae4j.tribuo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.example.GaussianAnomalyDataSource;

/** The README's Tribuo example (ReadmeTribuoExample, checked word for word in src-test) flags what it should. */
class ReadmeTribuoExampleTest {
    @Test
    void theExampleFlagsMostAnomaliesAndFewNormalEvents() {
        List<Prediction<Event>> p = ReadmeTribuoExample.run(new MutableDataset<>(new GaussianAnomalyDataSource(500, 0f, 5)),
                new MutableDataset<>(new GaussianAnomalyDataSource(300, 0.2f, 6)));
        int anomalies = 0, caught = 0, normal = 0, falseAlarms = 0;
        for (Prediction<Event> x : p) {
            boolean truly = x.getExample().getOutput().getType() == Event.EventType.ANOMALOUS, flagged = x.getOutput().getType() == Event.EventType.ANOMALOUS;
            if (truly) { anomalies++; if (flagged) caught++; } else { normal++; if (flagged) falseAlarms++; }
        }
        assertTrue(caught >= 0.9 * anomalies, caught + " of " + anomalies + " anomalies flagged");
        assertTrue(falseAlarms <= 0.05 * normal, falseAlarms + " of " + normal + " normal events flagged");
    }
}
