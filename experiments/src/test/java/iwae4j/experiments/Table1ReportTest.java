package iwae4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Table1ReportTest {
    @TempDir
    Path dir;

    /** A finished cell as the grid writes it: the keys the report reads. */
    private static void cell(Path grid, String name, int stages, int epochs, double nll) throws IOException {
        Path d = Files.createDirectories(grid.resolve(name));
        Files.writeString(d.resolve("results.json"), String.format(Locale.ROOT,
                "{\"stages\":%d,\"epochs\":%d,\"seed\":1,\"test_images\":100,\"eval_k\":50,\"nll\":%.4f,\"nll_standard_error\":0.2}",
                stages, epochs, nll));
    }

    private static String row(String md, String start) {
        return md.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError("no row " + start + " in\n" + md));
    }

    @Test
    void trendsShowEachGridsDifferenceBesideThePapers() throws IOException {
        Path early = dir.resolve("g40"), late = dir.resolve("g121");
        cell(early, "1L-vae-k5", 4, 40, 90.00);
        cell(early, "1L-iwae-k5", 4, 40, 89.50);
        cell(late, "1L-vae-k5", 5, 121, 88.00);
        cell(late, "1L-iwae-k5", 5, 121, 88.10);
        cell(late, "1L-k1", 5, 121, 89.75);
        cell(late, "2L-k1", 5, 121, 88.33);

        String md = Table1Report.write(late, List.of(early), null);

        assertTrue(md.contains("| trend | cells | paper | 40 passes | 121 passes |"), md);
        // the paper: 85.54 − 86.47; the grids: 89.50 − 90.00 (holds) and 88.10 − 88.00 (does not)
        assertEquals("| IWAE below VAE | 1 layer, k = 5 | −0.93 | −0.50 yes | +0.10 no |", row(md, "| IWAE below VAE | 1 layer, k = 5 |"));
        // a pair with an unfinished cell in a grid shows a dash there
        assertEquals("| IWAE falls with k | 1 layer, k = 1 → 5 | −1.22 | — | −1.65 yes |", row(md, "| IWAE falls with k | 1 layer, k = 1 → 5 |"));
        assertEquals("| two layers below one | k = 1 | −1.43 | — | −1.42 yes |", row(md, "| two layers below one | k = 1 |"));
        assertEquals("| IWAE below VAE | 2 layers, k = 50 | −1.88 | — | — |", row(md, "| IWAE below VAE | 2 layers, k = 50 |"));
        assertEquals(13, md.lines().filter(l -> l.matches("\\| (IWAE below VAE|IWAE falls with k|two layers below one) .*")).count());
        assertEquals(md, Files.readString(late.resolve("table1.md")));
    }

    /** A cell trained in a longer run (its stage copy evaluated here: 0 s of training) says so, not "0s". */
    @Test
    void aCellTrainedInALongerRunSaysSoInsteadOfZeroSeconds() throws IOException {
        Path grid = dir.resolve("g");
        cell(grid, "1L-k1", 5, 121, 89.75);
        cell(grid, "2L-k1", 5, 121, 88.33);
        Path adopted = grid.resolve("1L-k1").resolve("results.json"), trained = grid.resolve("2L-k1").resolve("results.json");
        Files.writeString(adopted, Files.readString(adopted).replace("}", ",\"train_seconds\":0.0}"));
        Files.writeString(trained, Files.readString(trained).replace("}", ",\"train_seconds\":1455.0}"));
        String md = Table1Report.write(grid, List.of(), null);
        assertTrue(row(md, "| 1 | 1 |").endsWith("| 121 | in a longer run |"), row(md, "| 1 | 1 |"));
        assertTrue(row(md, "| 2 | 1 |").endsWith("| 121 | 24m15s |"), row(md, "| 2 | 1 |"));
    }
}
