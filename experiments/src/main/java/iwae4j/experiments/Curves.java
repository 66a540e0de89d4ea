package iwae4j.experiments;

import iwae4j.models.io.Checkpoint;
import iwae4j.models.TrainerState;
import iwae4j.plot.LinePlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training curves of several runs in one figure: each run's mean training bound per pass, read from its
 * checkpoint (which keeps the whole history), so runs compare after the fact without their logs.
 */
public final class Curves {
    private Curves() {
    }

    /** One run's curve: its label, what it trained, and its bound after each pass. */
    public record Run(String label, String what, double[] bounds) {
    }

    /**
     * Reads each run: a run folder (its {@code checkpoint.safetensors}) or a checkpoint file. {@code labels} may be
     * null or shorter than {@code runs}; a missing label is the folder's name.
     */
    public static List<Run> read(List<Path> runs, List<String> labels) throws IOException {
        List<Run> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Path p = runs.get(i);
            Path ckpt = Files.isDirectory(p) ? p.resolve("checkpoint.safetensors") : p;
            if (!Files.isRegularFile(ckpt)) throw new IllegalArgumentException("no checkpoint at " + ckpt);
            TrainerState s = Checkpoint.read(ckpt);
            Path named = Files.isDirectory(p) ? p : p.toAbsolutePath().getParent();
            String label = labels != null && i < labels.size() ? labels.get(i)
                    : named == null || named.getFileName() == null ? ckpt.toString() : named.getFileName().toString();
            String what = String.format(Locale.ROOT, "%s k=%d%s, %d layer(s), %s", s.config().objective(), s.config().k(),
                    s.config().estimator() == null ? "" : " estimator " + s.config().estimator().name(), s.spec().layers(),
                    s.config().schedule().setsBatchSize() ? "growing batch" : "schedule " + s.config().schedule().stages() + " stages");
            double[] b = new double[s.history().size()];
            for (int j = 0; j < b.length; j++) b[j] = s.history().get(j);
            out.add(new Run(label, what, b));
        }
        return out;
    }

    /** Draws the curves (pass on the x axis) into {@code png}; returns a Markdown table of the runs' last bounds. */
    public static String write(List<Run> runs, Path png) throws IOException {
        LinePlot plot = new LinePlot("Mean training bound per pass", "pass over the training data", "training bound (nats)");
        StringBuilder md = new StringBuilder("| run | what | passes | last pass's bound | best |\n|---|---|---|---|---|\n");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Run r : runs) {
            double[] x = new double[r.bounds().length];
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < x.length; j++) {
                x[j] = j + 1;
                best = Math.max(best, r.bounds()[j]);
                // the first passes sit far below the rest; the range follows the runs from their second pass
                if (j >= 1 || x.length == 1) {
                    lo = Math.min(lo, r.bounds()[j]);
                    hi = Math.max(hi, r.bounds()[j]);
                }
            }
            plot.line(r.label(), x, r.bounds(), false);
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s |%n", r.label(), r.what(), x.length,
                    x.length == 0 ? "—" : String.format(Locale.ROOT, "%.3f", r.bounds()[x.length - 1]),
                    x.length == 0 ? "—" : String.format(Locale.ROOT, "%.3f", best)));
        }
        if (lo < hi) plot.yRange(lo - 0.02 * (hi - lo), hi + 0.02 * (hi - lo));
        LinePlot.write(png, 900, 540, plot.legendBottomRight());
        return md.toString();
    }
}
