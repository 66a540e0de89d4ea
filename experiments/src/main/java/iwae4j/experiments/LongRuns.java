package iwae4j.experiments;

import iwae4j.models.Schedule;
import iwae4j.models.TrainerState;
import iwae4j.experiments.Table1.Cell;
import iwae4j.models.io.Checkpoint;
import iwae4j.models.io.ModelFile;
import iwae4j.models.io.SafeTensors;
import iwae4j.plot.LinePlot;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Long Table 1 runs that outlive the machine they run on. A run trains in a local grid folder
 * ({@code runs/table1-stages8}); {@link #publish} copies each unfinished cell's latest checkpoint into a
 * folder under version control ({@code results/table1/long/<cell>/checkpoint.safetensors}, one file per cell,
 * overwritten) with a {@code progress.md}, and a finished cell's results and model file instead. {@link #adopt}
 * is the way back: before a grid starts, a published checkpoint further along than the local one (or the only
 * one) replaces it, so a new machine continues where the old one stopped, to the same bits.
 */
public final class LongRuns {
    static final String CHECKPOINT = "checkpoint.safetensors";

    private LongRuns() {
    }

    /** Passes recorded in a checkpoint's metadata (0 for a missing file); reads only the header's history. */
    static long passesDone(Path checkpoint) throws IOException {
        return Files.exists(checkpoint) ? passesDone(SafeTensors.read(checkpoint).metadata) : 0;
    }

    /** Passes recorded in a checkpoint's metadata (its per-epoch history). */
    static long passesDone(java.util.Map<String, String> metadata) {
        String h = metadata.getOrDefault("history", "");
        return h.isEmpty() ? 0 : h.split(",").length;
    }

    /**
     * For each cell of {@code o}: copies {@code published/<cell>/checkpoint.safetensors} into the grid's cell
     * folder when it is further along than the local checkpoint (or there is none) and the cell is not
     * finished locally. The copy is atomic (temporary file, then a move). Returns the cells adopted.
     */
    public static List<String> adopt(Table1.Options o, Path published) throws IOException {
        List<String> adopted = new java.util.ArrayList<>();
        for (Cell c : o.cells) if (adopt(c, o, published)) adopted.add(c.name());
        return adopted;
    }

    /** {@link #adopt(Table1.Options, Path)} for one cell; returns whether the published checkpoint was taken. */
    public static boolean adopt(Cell c, Table1.Options o, Path published) throws IOException {
        Path src = published.resolve(c.name()).resolve(CHECKPOINT);
        if (!Files.exists(src)) return false;
        Path dir = o.out.resolve(c.name());
        if (Files.exists(dir.resolve("results.json"))) return false;
        Path dst = dir.resolve(CHECKPOINT);
        long theirs = passesDone(src), ours = passesDone(dst);
        if (theirs <= ours) return false;
        Files.createDirectories(dir);
        Path tmp = dir.resolve(CHECKPOINT + ".adopting");
        Files.copy(src, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, dst, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path srcTime = src.resolveSibling("train-seconds.txt");
        if (Files.exists(srcTime)) Files.copy(srcTime, dir.resolve("train-seconds.txt"), StandardCopyOption.REPLACE_EXISTING);
        if (o.progress != null) {
            o.progress.printf("== cell %s: adopting the published checkpoint %s (%d passes; the local one had %d)%n", c.name(), src, theirs, ours);
        }
        return true;
    }

    /**
     * Publishes each cell of {@code grid} (trained with {@code stages} stages) into {@code published}: an
     * unfinished cell's checkpoint, its time so far and {@code progress.md} with its training curve; a finished
     * cell's {@code results.json}/{@code results.md} and its parameters as a model file ({@code model.safetensors},
     * no optimizer state), its checkpoint removed. {@code resumeCommand} is written into progress.md.
     */
    public static void publish(Path grid, int stages, List<Cell> cells, Path published, String resumeCommand, PrintStream log) throws IOException {
        long total = Schedule.paper(stages).totalEpochs();
        for (Cell c : cells) {
            Path dir = grid.resolve(c.name()), ckpt = dir.resolve(CHECKPOINT);
            if (!Files.exists(ckpt)) continue;
            Path to = published.resolve(c.name());
            Files.createDirectories(to);
            TrainerState s = Checkpoint.read(ckpt);
            Path time = dir.resolve("train-seconds.txt");
            if (Files.exists(time)) Files.copy(time, to.resolve("train-seconds.txt"), StandardCopyOption.REPLACE_EXISTING);
            writeCurve(c, s.history(), to.resolve("training-curve.png"));
            if (Files.exists(dir.resolve("results.json"))) {
                for (String f : new String[] {"results.json", "results.md"}) Files.copy(dir.resolve(f), to.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                ModelFile.save(to.resolve("model.safetensors"), iwae4j.models.TrainedModel.of(Checkpoint.loadModel(ckpt)).withMetadata(
                        Map.of("cell", c.name(), "passes", Long.toString(s.history().size()), "seed", Long.toString(s.config().seed()))));
                Files.deleteIfExists(to.resolve(CHECKPOINT));
                Files.writeString(to.resolve("progress.md"), progress(c, s.history(), total, resumeCommand, true));
                if (log != null) log.printf("%s: finished; results and model.safetensors published in %s%n", c.name(), to);
            } else {
                Path tmp = to.resolve(CHECKPOINT + ".publishing");
                Files.copy(ckpt, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, to.resolve(CHECKPOINT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.writeString(to.resolve("progress.md"), progress(c, s.history(), total, resumeCommand, false));
                if (log != null) log.printf("%s: %d of %d passes; checkpoint published in %s%n", c.name(), s.history().size(), total, to);
            }
        }
    }

    static String progress(Cell c, List<Double> history, long total, String resumeCommand, boolean finished) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(c.name()).append(": ").append(history.size()).append(" of ").append(total).append(" passes")
                .append(finished ? " (finished)" : "").append("\n\n");
        if (!finished) {
            b.append("`checkpoint.safetensors` here is the run's latest checkpoint (parameters, Adam's moments, the random stream's state, ")
                    .append("the schedule's position). From the repository's root, this command adopts it when it is further along than ")
                    .append("the local one and trains on (bit for bit as if never stopped):\n\n```\n").append(resumeCommand).append("\n```\n\n");
        }
        b.append("Training bound (mean L_k over the epoch's batches, nats) at the end of each stage of the paper's schedule and at the ")
                .append("last pass; the whole curve in `training-curve.png`:\n\n| passes | training bound |\n|---|---|\n");
        long end = 0, lastRow = 0;
        for (int i = 0; end + (long) Math.pow(3, i) <= history.size(); i++) {
            end += (long) Math.pow(3, i);
            b.append(String.format("| %d | %.3f |%n", end, history.get((int) end - 1)));
            lastRow = end;
        }
        if (lastRow != history.size()) b.append(String.format("| %d (latest) | %.3f |%n", history.size(), history.get(history.size() - 1)));
        return b.toString();
    }

    /**
     * Test NLL against passes (log axis) for every published long run, from its stage-end evaluations
     * ({@code <cell>/passes-N/results.json}, written by {@code -Dexp=mnist-eval}) and, once finished, its final
     * {@code results.json}; the paper's value of each cell as a dashed line. Returns the table it drew.
     */
    public static String figure(Path published, List<Cell> cells, Path png) throws IOException {
        Color[] colors = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e),
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x7f7f7f)};
        // one colour per cell (all twelve cells would repeat only from the eleventh)
        LinePlot plot = new LinePlot("Test NLL (−L_5000, 10,000 images) against passes", "passes over the training set (log scale)",
                "test NLL (nats)").logX();
        StringBuilder table = new StringBuilder("| cell | passes | test NLL | paper (3,280 passes) |\n|---|---|---|---|\n");
        int drawn = 0;
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            java.util.TreeMap<Long, Double> nll = new java.util.TreeMap<>();
            Path dir = published.resolve(c.name());
            if (!Files.isDirectory(dir)) continue;
            try (java.util.stream.Stream<Path> subs = Files.list(dir)) {
                for (Path sub : (Iterable<Path>) subs::iterator) {
                    String n = sub.getFileName().toString();
                    if (n.startsWith("passes-") && Files.exists(sub.resolve("results.json"))) {
                        nll.put(Long.parseLong(n.substring(7)), number(Table1.readJson(sub.resolve("results.json")), "nll"));
                    }
                }
            }
            if (Files.exists(dir.resolve("results.json"))) {
                Map<String, Object> r = Table1.readJson(dir.resolve("results.json"));
                nll.put((long) number(r, "epochs"), number(r, "nll"));
            }
            if (nll.isEmpty()) continue;
            double paper = Table1Report.PAPER_NLL.get(c.layers() + "-" + c.k())[c.objective() == iwae4j.models.Objective.VAE ? 0 : 1];
            double[] x = new double[nll.size()], y = new double[nll.size()];
            int j = 0;
            for (Map.Entry<Long, Double> e : nll.entrySet()) {
                x[j] = e.getKey();
                y[j++] = e.getValue();
                table.append(String.format("| %s | %d | %.2f | %.2f |%n", c.name(), e.getKey(), e.getValue(), paper));
            }
            Color color = colors[i % colors.length];
            plot.line(c.name(), x, y, color, false, LinePlot.Marker.FILLED);
            plot.line(c.name() + ": paper", new double[] {1, 3280}, new double[] {paper, paper}, color, true);
            drawn++;
        }
        if (drawn > 0) LinePlot.write(png, 900, 560, plot.xRange(1, 5000)); // room right of the last stage (3,280) for its marker
        return table.toString();
    }

    private static double number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("results.json has no number '" + key + "'");
        return n.doubleValue();
    }

    private static void writeCurve(Cell c, List<Double> history, Path png) throws IOException {
        if (history.isEmpty()) return;
        double[] x = new double[history.size()], y = new double[history.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
            y[i] = history.get(i);
        }
        LinePlot.write(png, 800, 480, new LinePlot("Training bound per pass, " + c.name(), "pass", "mean training bound (nats)")
                .line("L_" + c.k() + " on training batches", x, y, false).legendBottomRight());
    }
}
