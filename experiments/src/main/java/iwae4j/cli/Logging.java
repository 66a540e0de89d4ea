package iwae4j.cli;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The command line's view of what the library says through {@code System.Logger} (progress, warnings): plain lines on
 * stderr, a warning prefixed "warning: ", nothing below INFO. A service embedding the library configures its own
 * logging instead; the library itself never writes to a stream.
 */
final class Logging {
    /** Held so the configuration lives as long as the process (java.util.logging keeps loggers weakly). */
    private static Logger root;

    private Logging() {
    }

    /** Routes the "iwae4j" loggers to stderr as plain lines; once per process. */
    static synchronized void toStderr() {
        if (root != null) return;
        root = Logger.getLogger("iwae4j");
        root.setUseParentHandlers(false);
        root.setLevel(Level.INFO);
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (!isLoggable(r)) return;
                String text = r.getParameters() == null || r.getParameters().length == 0 ? r.getMessage()
                        : java.text.MessageFormat.format(r.getMessage(), r.getParameters());
                System.err.println(r.getLevel().intValue() >= Level.WARNING.intValue() ? "warning: " + text : text);   // the stderr of now
            }

            @Override
            public void flush() {
                System.err.flush();
            }

            @Override
            public void close() {
            }
        });
    }
}
