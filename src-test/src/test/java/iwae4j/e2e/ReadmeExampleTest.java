package iwae4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The library example in docs/experiments.md (linked from the README) is this module's ReadmeExample, word for word, and it runs. */
class ReadmeExampleTest {
    /** The text between two markers, stripped; fails when they are missing (shared by the README example tests). */
    static String between(String text, String begin, String end) {
        int a = text.indexOf(begin), b = text.indexOf(end, a + 1);
        assertTrue(a >= 0 && b > a, "markers " + begin + " / " + end + " not found");
        return text.substring(a + begin.length(), b).strip();
    }

    @Test
    void readmeShowsExactlyTheCompiledExample() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("docs/experiments.md"));
        String source = Files.readString(root.resolve("src-test/src/test/java/iwae4j/e2e/ReadmeExample.java"));
        String shown = between(readme, "<!-- example:begin -->\n```java", "```\n<!-- example:end -->");
        assertEquals(between(source, "// README:begin", "// README:end"), shown);
    }

    @Test
    void exampleTrainsAModelThatBeatsASingleGaussian() {
        double l = ReadmeExample.run();
        assertTrue(l > -1.5305 && l < -1.30, "example's L_5000 = " + l);
    }
}
