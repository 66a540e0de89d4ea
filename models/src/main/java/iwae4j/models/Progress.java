package iwae4j.models;

/**
 * Rate-limited progress lines with an ETA, for training and evaluation, said through a {@code System.Logger} at INFO
 * level (the library's one channel for what it says: a service's logging decides where the lines go; the command
 * line prints them to stderr).
 */
public final class Progress {
    private final System.Logger out;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long last;

    /** Lines to {@code out} at INFO level (nothing when null), at most once per {@code intervalSeconds}. */
    public Progress(System.Logger out, double intervalSeconds) {
        this.out = out;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.last = start;
    }

    /** A progress sink that prints nothing. */
    public static Progress silent() {
        return new Progress(null, 1);
    }

    /** Seconds since this object was made. */
    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Whether a line is due now (always false when silent or when the logger does not take INFO lines). */
    public boolean due() {
        if (out == null || !out.isLoggable(System.Logger.Level.INFO)) return false;
        long now = System.nanoTime();
        if (now - last < intervalNanos) return false;
        last = now;
        return true;
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
