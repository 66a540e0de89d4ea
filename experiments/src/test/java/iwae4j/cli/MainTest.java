package iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @AfterEach
    void clear() {
        System.clearProperty("exp");
        System.clearProperty("stages");
        System.clearProperty("seed");
        for (String p : new String[] {"out", "estimators", "snr.ks", "snr.draws", "toy.d"}) System.clearProperty(p);
    }

    @Test
    void snrToyWritesItsTableJsonAndFigure(@TempDir Path tmp) throws Exception {
        System.setProperty("exp", "snr-toy");
        System.setProperty("out", tmp.toString());
        System.setProperty("estimators", "iwae,piwae:2");
        System.setProperty("snr.ks", "1,4");
        System.setProperty("snr.draws", "5");
        System.setProperty("toy.d", "3");
        assertEquals(0, Main.run());
        String md = Files.readString(tmp.resolve("snr.md"));
        assertEquals(5, md.lines().count(), md); // header, rule, iwae at 1 and 4, piwae:2 at 4 only
        assertTrue(md.contains("| piwae:2 | 4 |") && !md.contains("| piwae:2 | 1 |"), md);
        assertTrue(Files.readString(tmp.resolve("snr.json")).contains("linear-Gaussian toy, d=3"));
        assertTrue(Files.size(tmp.resolve("snr.png")) > 1000);
    }

    @Test
    void unknownOrMissingExperimentPrintsUsageAndReturnsTwo() throws Exception {
        assertEquals(2, Main.run());
        System.setProperty("exp", "nope");
        assertEquals(2, Main.run());
    }

    @Test
    void badNumbersAreNamedNotThrownAsStackTraces() {
        System.setProperty("exp", "camel");
        System.setProperty("stages", "lots");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Main::run);
        assertTrue(e.getMessage().contains("-Dstages must be a whole number"), e.getMessage());
        System.setProperty("stages", "12");
        e = assertThrows(IllegalArgumentException.class, Main::run);
        assertTrue(e.getMessage().contains("between 1 and 8"), e.getMessage());
    }
}
