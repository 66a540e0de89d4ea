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

    /** A clock the test moves by hand, in nanoseconds. */
    private static final class Clock implements java.util.function.LongSupplier {
        long now = 1_000L;

        @Override
        public long getAsLong() {
            return now;
        }

        void advance(double seconds) {
            now += (long) (seconds * 1e9);
        }
    }

    @Test
    void aSuspendedProcessIsLeftOutOfTheElapsedTimeSoTheEtaStaysTrue() {
        Clock c = new Clock();
        Progress p = new Progress(null, 1, c);
        for (int i = 0; i < 100; i++) {
            c.advance(0.05);
            p.due();
        }
        assertEquals(5.0, p.elapsedSeconds(), 1e-9);
        c.advance(3600);   // SIGSTOP for an hour, then one more batch of the usual 0.05 s
        p.due();
        assertEquals(5.05, p.elapsedSeconds(), 1e-6);
        // half done after 5.05 s of work: the rest takes as long, not the hour
        assertEquals("5s", p.eta(0.5));
        for (int i = 0; i < 10; i++) {
            c.advance(0.05);
            p.due();
        }
        assertEquals(5.55, p.elapsedSeconds(), 1e-6);
    }

    @Test
    void slowOrSlowingWorkIsNotMistakenForAPause() {
        // epochs of 30 s each: long gaps, but the usual ones
        Clock c = new Clock();
        Progress p = new Progress(null, 1, c);
        for (int i = 0; i < 10; i++) {
            c.advance(30);
            p.due();
        }
        assertEquals(300, p.elapsedSeconds(), 1e-6);
        // a process slowed threefold by a neighbour (batches of 0.1 s, then 0.3 s) keeps all its time
        Clock d = new Clock();
        Progress q = new Progress(null, 1, d);
        for (int i = 0; i < 50; i++) {
            d.advance(0.1);
            q.due();
        }
        for (int i = 0; i < 50; i++) {
            d.advance(0.3);
            q.due();
        }
        assertEquals(20, q.elapsedSeconds(), 1e-6);
        // a stall just under the factor (a 19-epoch gap after 30 s epochs) is work too
        c.advance(19 * 30);
        p.due();
        assertEquals(870, p.elapsedSeconds(), 1e-6);
    }

    @Test
    void durationsReadAsHoursMinutesSeconds() {
        assertEquals("12s", Progress.duration(12.4));
        assertEquals("3m05s", Progress.duration(185));
        assertEquals("1h02m", Progress.duration(3725));
        assertEquals("?", Progress.duration(-1));
    }
}
