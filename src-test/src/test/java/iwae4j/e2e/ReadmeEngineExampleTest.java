package iwae4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The README's engine example is ReadmeEngineExample word for word, and it learns two clusters. */
class ReadmeEngineExampleTest {
    @Test
    void readmeShowsExactlyTheCompiledExample() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("README.md"));
        String source = Files.readString(root.resolve("src-test/src/test/java/iwae4j/e2e/ReadmeEngineExample.java"));
        assertEquals(ReadmeExampleTest.between(source, "// README:begin", "// README:end"),
                ReadmeExampleTest.between(readme, "<!-- engine-example:begin -->\n```java", "```\n<!-- engine-example:end -->"));
    }

    @Test
    void theExampleLearnsTwoClusters() {
        int rows = 200, features = 5;
        float[] x = new float[rows * features];
        int[] labels = new int[rows];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < rows; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < features; j++) x[i * features + j] = (float) ((labels[i] == 0 ? -1 : 1) + 0.7 * r.nextGaussian());
        }
        float first = ReadmeEngineExample.train(x, labels, rows, features, 2, 1), last = ReadmeEngineExample.train(x, labels, rows, features, 2, 200);
        assertTrue(last < 0.2 && last < first / 3, "cross-entropy after 1 step " + first + ", after 200 " + last);
    }
}
