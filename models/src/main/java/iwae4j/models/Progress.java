package iwae4j.models;

/**
 * Rate-limited progress lines with an ETA, for training and evaluation, said through a {@code System.Logger} at INFO
 * level (the library's one channel for what it says: a service's logging decides where the lines go; the command
 * line prints them to stderr).
 */
public final class Progress {
    /**
     * A gap between two {@link #due} calls this long, and {@link #PAUSE_FACTOR} times the usual gap, is taken for a
     * suspended process (SIGSTOP, a machine asleep) and left out of {@link #elapsedSeconds}, so rates and ETAs stay
     * true after a pause instead of carrying it to the end.
     */
    static final long PAUSE_MIN_NANOS = 10_000_000_000L;
    static final double PAUSE_FACTOR = 20;

    private final System.Logger out;
    private final long intervalNanos;
    private final java.util.function.LongSupplier clock;
    private final long start;
    private long last, lastCall, pausedNanos, calls;
    private double usualGap;

    /** Lines to {@code out} at INFO level (nothing when null), at most once per {@code intervalSeconds}. */
    public Progress(System.Logger out, double intervalSeconds) {
        this(out, intervalSeconds, System::nanoTime);
    }

    Progress(System.Logger out, double intervalSeconds, java.util.function.LongSupplier clock) {
        this.out = out;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.clock = clock;
        this.start = clock.getAsLong();
        this.last = start;
        this.lastCall = start;
    }

    /** A progress sink that prints nothing. */
    public static Progress silent() {
        return new Progress(null, 1);
    }

    /** Seconds of work since this object was made: the time since, less the pauses {@link #due} saw. */
    public double elapsedSeconds() {
        return (clock.getAsLong() - start - pausedNanos) / 1e9;
    }

    /**
     * Whether a line is due now (always false when silent or when the logger does not take INFO lines). Called once
     * per unit of work (a batch, a chunk, an epoch); a gap far longer than the usual one is counted as a pause.
     */
    public boolean due() {
        long now = clock.getAsLong();
        notePause(now);
        if (out == null || !out.isLoggable(System.Logger.Level.INFO)) return false;
        if (now - last < intervalNanos) return false;
        last = now;
        return true;
    }

    private void notePause(long now) {
        long gap = now - lastCall;
        lastCall = now;
        if (calls >= 3 && gap > PAUSE_MIN_NANOS && gap > PAUSE_FACTOR * usualGap) {
            pausedNanos += gap - (long) usualGap;   // the work of one usual gap is kept
            return;
        }
        usualGap = calls == 0 ? gap : 0.9 * usualGap + 0.1 * gap;
        calls++;
    }

    public void print(String line) {
        if (out != null) out.log(System.Logger.Level.INFO, line);
    }

    /** "1h02m", "3m05s", "12s". */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "?";
        long s = Math.round(seconds);
        if (s >= 3600) return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
        if (s >= 60) return String.format("%dm%02ds", s / 60, s % 60);
        return s + "s";
    }

    /** A rate with at least two significant digits: "1234", "56", "4.2", "0.26" (a slow job is not "0 rows/s"). */
    public static String rate(double perSecond) {
        if (!Double.isFinite(perSecond)) return "?";
        double a = Math.abs(perSecond);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.2g";
        return String.format(java.util.Locale.ROOT, f, perSecond);
    }

    /** ETA from the fraction done so far. */
    public String eta(double fractionDone) {
        if (fractionDone <= 0) return "?";
        return duration(elapsedSeconds() * (1 - fractionDone) / fractionDone);
    }
}
