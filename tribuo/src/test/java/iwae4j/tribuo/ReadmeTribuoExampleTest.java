package iwae4j.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.anomaly.Event;
import org.tribuo.anomaly.example.GaussianAnomalyDataSource;

/** The README's Tribuo example is ReadmeTribuoExample word for word, and it flags what it should. */
class ReadmeTribuoExampleTest {
    static String between(String text, String begin, String end) {
        int a = text.indexOf(begin), b = text.indexOf(end, a + 1);
        assertTrue(a >= 0 && b > a, "markers " + begin + " / " + end + " not found");
        return text.substring(a + begin.length(), b).strip();
    }

    @Test
    void readmeShowsExactlyTheCompiledExample() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("README.md"));
        String source = Files.readString(root.resolve("tribuo/src/test/java/iwae4j/tribuo/ReadmeTribuoExample.java"));
        assertEquals(between(source, "// README:begin", "// README:end"), between(readme, "<!-- tribuo-example:begin -->\n```java", "```\n<!-- tribuo-example:end -->"));
    }

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
