package iwae4j.models.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks an output folder before any long work starts, so a run never trains for an hour and then fails to save. */
public final class OutputFolder {
    private OutputFolder() {
    }

    /**
     * Creates {@code dir} if needed and proves it writable by creating and deleting a probe file (permission
     * bits alone say nothing when running as root). The probe has a unique name, so runs started together on
     * one folder (the grid's cells, each its own process) never delete one another's probe. Throws {@link IllegalArgumentException} with a one-line
     * reason otherwise. Returns whether the folder had to be created (so a command line can say so).
     */
    public static boolean requireWritable(Path dir) {
        boolean created = !Files.isDirectory(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("cannot create the output folder " + dir + ": " + reason(e));
        }
        try {
            Path probe = Files.createTempFile(dir, ".iwae4j-write-probe-", null);
            Files.write(probe, new byte[] {0});
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("cannot write to the output folder " + dir + ": " + reason(e));
        }
        return created;
    }

    /**
     * Checks a file about to be written, before any work: it is not a folder, and its folder exists (or can be made)
     * and takes a new file. Throws {@link IllegalArgumentException} with a one-line reason otherwise.
     */
    public static void checkWritable(Path file) {
        if (file == null) throw new IllegalArgumentException("file must not be null");
        if (Files.isDirectory(file)) throw new IllegalArgumentException(file + " is a folder; give a file name to write");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) requireWritable(parent);
    }

    private static String reason(Exception e) {
        String kind = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        return e.getMessage() == null ? kind : kind + " (" + e.getMessage() + ")";
    }
}
