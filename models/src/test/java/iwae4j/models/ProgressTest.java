package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The progress lines' numbers: durations and rates as a user reads them. */
class ProgressTest {
    @Test
    void ratesKeepTwoSignificantDigitsSoASlowJobIsNotZeroPerSecond() {
        assertEquals("12346", Progress.rate(12345.6));
        assertEquals("123", Progress.rate(123.4));
        assertEquals("56.7", Progress.rate(56.71));
        assertEquals("4.25", Progress.rate(4.249));
        assertEquals("0.26", Progress.rate(0.2631));
        assertEquals("0.0031", Progress.rate(0.003141));
        assertEquals("?", Progress.rate(Double.NaN));
        assertEquals("?", Progress.rate(Double.POSITIVE_INFINITY));
    }

    @Test
    void durationsReadAsHoursMinutesSeconds() {
        assertEquals("12s", Progress.duration(12.4));
        assertEquals("3m05s", Progress.duration(185));
        assertEquals("1h02m", Progress.duration(3725));
        assertEquals("?", Progress.duration(-1));
    }
}
