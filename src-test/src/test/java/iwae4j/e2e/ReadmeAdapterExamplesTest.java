package iwae4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's adapter examples are the files their modules compile and run (ReadmeSparkExampleTest,
 * ReadmeTribuoExampleTest), word for word; read here as text, so this module needs neither Spark nor Tribuo.
 */
class ReadmeAdapterExamplesTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({"spark-example, spark/src/test/java/iwae4j/spark/ml/ReadmeSparkExample.java",
        "tribuo-example, tribuo/src/test/java/iwae4j/tribuo/ReadmeTribuoExample.java"})
    void readmeShowsExactlyTheCompiledExample(String marker, String file) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("README.md")), source = Files.readString(root.resolve(file));
        String shown = ReadmeExampleTest.between(readme, "<!-- " + marker + ":begin -->\n```java", "```\n<!-- " + marker + ":end -->");
        assertEquals(ReadmeExampleTest.between(source, "// README:begin", "// README:end"), shown);
    }
}
