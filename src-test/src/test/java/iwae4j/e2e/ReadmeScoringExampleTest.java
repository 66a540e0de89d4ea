package iwae4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's scoring example is this module's ReadmeScoringExample, word for word, and it flags what it should. */
class ReadmeScoringExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeShowsExactlyTheCompiledExample() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("README.md"));
        String source = Files.readString(root.resolve("src-test/src/test/java/iwae4j/e2e/ReadmeScoringExample.java"));
        int a = readme.indexOf("<!-- scoring-example:begin -->\n```java"), b = readme.indexOf("```\n<!-- scoring-example:end -->");
        assertTrue(a >= 0 && b > a, "scoring example markers not found in the README");
        String shown = readme.substring(a + "<!-- scoring-example:begin -->\n```java".length(), b).strip();
        int s = source.indexOf("// README:begin"), e = source.indexOf("// README:end");
        assertEquals(source.substring(s + "// README:begin".length(), e).strip(), shown);
    }

    /** Rows on a 2-D curve in 5 columns plus an id; the new rows are 5 from the curve and 5 far off it. */
    private static String rows(SplittableRandom r, int n, boolean offCurve, int firstId) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double t = r.nextDouble() * 4 - 2, u = r.nextGaussian();
            double[] x = {t, t * t, Math.sin(t) + 0.5 * u, u, 3 * t - u};
            if (offCurve) x[1] = -x[1] - 2; // the parabola turned upside down
            b.append(firstId + i);
            for (double v : x) b.append(String.format(Locale.ROOT, ",%.5f", v + 0.05 * r.nextGaussian()));
            b.append('\n');
        }
        return b.toString();
    }

    @Test
    void exampleFlagsRowsOffTheTrainingCurveAndNotRowsOnIt() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        String header = "id,a,b,c,d,e\n";
        Path train = Files.writeString(dir.resolve("normal.csv"), header + rows(r, 400, false, 1));
        Path fresh = Files.writeString(dir.resolve("new.csv"), header + rows(r, 5, false, 1000) + rows(r, 5, true, 2000));
        boolean[] flagged = ReadmeScoringExample.run(train, fresh, dir.resolve("model.safetensors"));
        int normalFlagged = 0;
        for (int i = 0; i < 5; i++) if (flagged[i]) normalFlagged++;
        for (int i = 5; i < 10; i++) assertTrue(flagged[i], "row " + i + " is off the curve and must be flagged");
        assertTrue(normalFlagged <= 1, normalFlagged + " of 5 rows on the curve flagged");
        assertFalse(Files.size(dir.resolve("model.safetensors")) == 0);
    }
}
