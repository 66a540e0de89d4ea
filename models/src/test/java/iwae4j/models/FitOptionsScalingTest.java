package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link FitOptions#forRows}: small tables keep the defaults; a large one's work is bounded as the Javadoc states. */
class FitOptionsScalingTest {
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 20, 631, 5_000, 5_555})
    void smallTablesKeepTheDefaults(long rows) {
        // 5,555 rows less 10 % validation (556) leave 4,999 training rows: still small
        assertEquals(FitOptions.defaults(), FitOptions.forRows(rows));
    }

    @Test
    void theFirstScaledTableIsJustAboveTheLine() {
        // 5,570 rows leave 5,013 training rows
        assertNotEquals(FitOptions.defaults(), FitOptions.forRows(5_570));
    }

    @ParameterizedTest
    @ValueSource(longs = {5_570, 13_448, 31_910, 100_000, 10_000_000})
    void largeTablesFollowTheRule(long rows) {
        FitOptions o = FitOptions.forRows(rows), d = FitOptions.defaults();
        long train = rows - Math.round(rows * d.validationFraction());
        assertEquals(50, o.batchSize());
        Schedule s = o.schedule();
        assertEquals(1, s.stages());
        assertEquals(2e-3, s.learningRate(0));
        long epochs = s.totalEpochs();
        // the work is bounded: never more than the budget (half an epoch of rounding), or 20 epochs when that is more
        assertTrue(epochs == 20 || epochs * train <= FitOptions.ROW_PASSES + train / 2.0, epochs + " epochs of " + train + " rows");
        assertTrue(epochs >= 20 && epochs < 500, epochs + " epochs");
        // everything else stays as it was
        assertEquals(d.withBatchSize(50).withSchedule(s), o);
    }

    /** Just above the threshold a table gets the epochs of one just below: the budget does not drop there. */
    @Test
    void theBudgetDoesNotDropAtTheThreshold() {
        // 5,557 rows leave 5,001 training rows (556 for validation); 5,555 leave 4,999 and keep the defaults
        assertEquals(500, FitOptions.forRows(5_555).schedule().totalEpochs());
        assertEquals(20, FitOptions.forRows(5_555).batchSize());
        assertEquals(500, FitOptions.forRows(5_557).schedule().totalEpochs());
        assertEquals(50, FitOptions.forRows(5_557).batchSize());
    }

    @Test
    void theLetterTableGetsWhatTheReadmeSays() {
        // 13,448 rows: 12,103 training rows, 2.5e6 / 12,103 = 206.6 epochs
        assertEquals("batch 50, 207 epochs at 0.00200, early stopping after 50 epochs without a better validation bound",
                FitOptions.forRows(13_448).describeTraining());
    }

    @Test
    void negativeRowsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitOptions.forRows(-1));
        assertEquals("rows must be >= 0, got -1", e.getMessage());
    }

    @Test
    void theDefaultsDescribeThemselves() {
        assertEquals("batch 20, 500 epochs at 0.00100, early stopping after 50 epochs without a better validation bound",
                FitOptions.defaults().describeTraining());
        assertEquals("batch 20, 500 epochs at 0.00100", FitOptions.defaults().withValidationFraction(0).describeTraining());
    }
}
