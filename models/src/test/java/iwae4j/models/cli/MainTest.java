package iwae4j.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MainTest {
    @AfterEach
    void clear() {
        System.clearProperty("exp");
        System.clearProperty("stages");
        System.clearProperty("seed");
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
