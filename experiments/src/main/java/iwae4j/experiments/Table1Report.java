package iwae4j.experiments;

import iwae4j.models.Objective;
import iwae4j.models.Schedule;
import iwae4j.experiments.Table1.Cell;
import iwae4j.models.io.Json;
import iwae4j.models.io.SafeTensors;
import iwae4j.plot.LinePlot;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Table 1 from a grid folder's cells, at any time: {@code table1.md} in the paper's layout with the paper's
 * values beside ours, {@code table1.json} with every number, and {@code table1.png} (NLL against k). A cell
 * still training shows its progress; one not started shows a dash.
 */
public final class Table1Report {
    /** Burda et al. (2016), Table 1: NLL for (layers, k) as {VAE, IWAE}. */
    static final Map<String, double[]> PAPER_NLL = Map.of(
            "1-1", new double[] {86.76, 86.76}, "1-5", new double[] {86.47, 85.54}, "1-50", new double[] {86.35, 84.78},
            "2-1", new double[] {85.33, 85.33}, "2-5", new double[] {85.01, 83.89}, "2-50", new double[] {84.78, 82.90});
    /** The paper's active units for (layers, k) as {VAE, IWAE}. */
    static final Map<String, String[]> PAPER_UNITS = Map.of(
            "1-1", new String[] {"19", "19"}, "1-5", new String[] {"20", "22"}, "1-50", new String[] {"20", "25"},
            "2-1", new String[] {"16+5", "16+5"}, "2-5", new String[] {"17+5", "21+5"}, "2-50", new String[] {"17+5", "26+7"});

    private Table1Report() {
    }

    /** One cell as read from its folder. */
    record Entry(Cell cell, String status, long epochsDone, long epochsTotal, Map<String, Object> results) {
        boolean finished() {
            return results != null;
        }

        double number(String key) {
            Object v = results == null ? null : results.get(key);
            return v instanceof Number n ? n.doubleValue() : Double.NaN;
        }

        String units() {
            String ours = units("active_units"), authors = units("active_units_authors_protocol");
            return authors.equals("—") || authors.equals(ours) ? ours : ours + " (" + authors + ")";
        }

        String units(String key) {
            if (results == null || !(results.get(key) instanceof List<?> l)) return "—";
            StringBuilder b = new StringBuilder();
            for (Object o : l) b.append(b.length() > 0 ? "+" : "").append(((Number) o).longValue());
            return b.toString();
        }

        String nll() {
            if (results == null) return status;
            return String.format("%.2f ± %.2f", number("nll"), number("nll_standard_error"));
        }

        String nllRemoved() {
            double v = number("nll_units_removed");
            return Double.isNaN(v) ? "—" : String.format("%.2f", v);
        }
    }

    /** Reads every cell of the grid under {@code out}. */
    static List<Entry> read(Path out) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Cell c : Cell.all()) {
            Path dir = out.resolve(c.name()), results = dir.resolve("results.json"), ckpt = dir.resolve("checkpoint.safetensors");
            if (Files.exists(results)) {
                Map<String, Object> r = Table1.readJson(results);
                long stages = ((Number) r.get("stages")).longValue();
                long total = Schedule.paper((int) stages).totalEpochs();
                Object e = r.get("epochs");
                entries.add(new Entry(c, "finished", e instanceof Number n ? n.longValue() : total, total, r));
            } else if (Files.exists(ckpt)) {
                Map<String, String> m = SafeTensors.read(ckpt).metadata;
                String h = m.getOrDefault("history", "");
                long done = h.isEmpty() ? 0 : h.split(",").length;
                long total = Schedule.paper(Integer.parseInt(m.getOrDefault("stages", "8"))).totalEpochs();
                entries.add(new Entry(c, done >= total ? "evaluating" : "epoch " + done + " of " + total, done, total, null));
            } else {
                entries.add(new Entry(c, "—", 0, 0, null));
            }
        }
        return entries;
    }

    /** Writes table1.md, table1.json and table1.png into {@code out}; returns the markdown. */
    public static String write(Path out, PrintStream log) throws IOException {
        return write(out, List.of(), log);
    }

    /**
     * As {@link #write(Path, PrintStream)}, with the paper's trends measured in {@code compare} (other grids' folders,
     * e.g. the same grid at fewer passes) shown beside this grid's, oldest first.
     */
    public static String write(Path out, List<Path> compare, PrintStream log) throws IOException {
        List<Entry> entries = read(out);
        long passes = passes(entries);
        boolean mixed = false;
        for (Entry e : entries) if (e.epochsTotal != 0 && e.epochsTotal != passes) mixed = true;
        String budget = mixed ? "cells at different budgets (see the passes column)"
                : passes + " passes (" + stagesFor(passes) + " stages of the paper's 8; the paper trains 3,280)";
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Entry e : entries) byName.put(e.cell.name(), e);
        StringBuilder md = new StringBuilder();
        md.append("## Table 1 at ").append(budget).append("\n\n");
        md.append("Test NLL = −L_k in nats on the binarized MNIST test set (± one standard error; k and the test images below), active units; "
                + "the paper's values (Burda et al. 2016, Table 1) in the columns marked *paper*.\n\n");
        md.append("| layers | k | VAE NLL | inactive removed ² | paper | IWAE NLL | inactive removed ² | paper | VAE units ³ | paper | IWAE units ³ | paper | passes | train time (VAE / IWAE) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int layers = 1; layers <= 2; layers++) {
            for (int k : new int[] {1, 5, 50}) {
                Entry vae = byName.get(new Cell(layers, Objective.VAE, k).name()), iwae = byName.get(new Cell(layers, Objective.IWAE, k).name());
                String key = layers + "-" + k;
                double[] pn = PAPER_NLL.get(key);
                String[] pu = PAPER_UNITS.get(key);
                String star = k == 1 ? " ¹" : "";
                md.append(String.format("| %d | %d | %s%s | %s | %.2f | %s%s | %s | %.2f | %s | %s | %s | %s | %s | %s |%n", layers, k,
                        vae.nll(), star, vae.nllRemoved(), pn[0], iwae.nll(), star, iwae.nllRemoved(), pn[1], vae.units(), pu[0], iwae.units(), pu[1],
                        passesOf(vae, iwae), k == 1 ? time(vae) : time(vae) + " / " + time(iwae)));
            }
        }
        md.append("\n¹ With k = 1 the VAE and IWAE objectives are the same objective: the cell is trained once and shown in both columns.\n");
        md.append("² As the authors' code does before its final evaluation: units whose variance is below 0.01 in their protocol (³) are"
                + " removed from the model, then −L_k is measured again with the same test images and noise.\n");
        md.append("³ Active units: Var_x(E_q[h_j|x]) > 0.01 over the test images, E_q for the second layer by 100 samples of h1;"
                + " in parentheses where it differs, the authors' protocol: one sample chain h1 ~ q(h1|x), h2's mean given that sample,"
                + " over the first 500 training images. Two layers: first layer + second layer.\n");
        Entry any = null;
        for (Entry e : entries) if (e.finished()) any = e;
        if (any != null) {
            md.append(String.format("%nEvaluation: L_%d on %d test images; seed %d.%n", (long) any.number("eval_k"),
                    (long) any.number("test_images"), (long) any.number("seed")));
        }
        List<String> labels = new ArrayList<>();
        List<List<Entry>> grids = new ArrayList<>();
        for (Path c : compare) {
            List<Entry> g = read(c);
            labels.add(passes(g) + " passes");
            grids.add(g);
        }
        labels.add(mixed ? "this grid" : passes + " passes");
        grids.add(entries);
        md.append("\n").append(trends(labels, grids));
        Files.createDirectories(out);
        Files.writeString(out.resolve("table1.md"), md.toString());
        Files.writeString(out.resolve("table1.json"), Json.write(json(entries, budget)) + "\n");
        plot(entries, budget, out.resolve("table1.png"));
        if (log != null) {
            log.print(md);
            log.println("wrote " + out.resolve("table1.md").toAbsolutePath() + ", table1.json, table1.png");
        }
        return md.toString();
    }

    /** The largest budget (passes) of a grid's cells, 0 when none has started. */
    private static long passes(List<Entry> entries) {
        long passes = 0;
        for (Entry e : entries) passes = Math.max(passes, e.epochsTotal);
        return passes;
    }

    /** One comparison of a trend: the trend holds when NLL(a) < NLL(b). */
    private record Comparison(String trend, String what, Cell a, Cell b) {
    }

    /** The paper's trends (Burda et al. 2016, Section 5.1), one comparison of two cells per row. */
    static List<Comparison> comparisons() {
        List<Comparison> list = new ArrayList<>();
        for (int layers = 1; layers <= 2; layers++) {
            for (int k : new int[] {5, 50}) {
                list.add(new Comparison("IWAE below VAE", layers(layers) + ", k = " + k,
                        new Cell(layers, Objective.IWAE, k), new Cell(layers, Objective.VAE, k)));
            }
        }
        for (int layers = 1; layers <= 2; layers++) {
            list.add(new Comparison("IWAE falls with k", layers(layers) + ", k = 1 → 5",
                    new Cell(layers, Objective.IWAE, 5), new Cell(layers, Objective.IWAE, 1)));
            list.add(new Comparison("IWAE falls with k", layers(layers) + ", k = 5 → 50",
                    new Cell(layers, Objective.IWAE, 50), new Cell(layers, Objective.IWAE, 5)));
        }
        list.add(new Comparison("two layers below one", "k = 1", new Cell(2, Objective.IWAE, 1), new Cell(1, Objective.IWAE, 1)));
        for (Objective o : new Objective[] {Objective.VAE, Objective.IWAE}) {
            for (int k : new int[] {5, 50}) {
                list.add(new Comparison("two layers below one", o + ", k = " + k, new Cell(2, o, k), new Cell(1, o, k)));
            }
        }
        return list;
    }

    private static String layers(int layers) {
        return layers == 1 ? "1 layer" : layers + " layers";
    }

    private static double paperNll(Cell c) {
        return PAPER_NLL.get(c.layers() + "-" + c.k())[c.objective() == Objective.VAE ? 0 : 1];
    }

    /**
     * The markdown table of the paper's trends: per comparison, NLL(a) − NLL(b) in nats in the paper and in each
     * grid (labels[i] names grids[i]), "yes" where it is negative as in the paper (every one of the paper's is),
     * "no" where not, "—" where a cell is unfinished.
     */
    static String trends(List<String> labels, List<List<Entry>> grids) {
        StringBuilder md = new StringBuilder("### The paper's trends, cell by cell\n\n");
        md.append("NLL of the first cell minus NLL of the second, in nats; the trend holds (yes) where the difference is negative, as in the paper. "
                + "Each NLL carries a standard error of about 0.23 over the test images, and the seed alone moved one cell by 0.08 (standard "
                + "deviation, `results/table1/README.md`), so differences of a few hundredths are not telling.\n\n");
        md.append("| trend | cells | paper |");
        for (String l : labels) md.append(' ').append(l).append(" |");
        md.append("\n|---|---|---|");
        for (int i = 0; i < labels.size(); i++) md.append("---|");
        md.append('\n');
        for (Comparison c : comparisons()) {
            double paper = paperNll(c.a) - paperNll(c.b);
            md.append(String.format(java.util.Locale.ROOT, "| %s | %s | %s%.2f |", c.trend, c.what, paper < 0 ? "−" : "+", Math.abs(paper)));
            for (List<Entry> g : grids) {
                Entry a = find(g, c.a), b = find(g, c.b);
                md.append(' ').append(a.finished() && b.finished() ? difference(a.number("nll") - b.number("nll")) : "—").append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String difference(double d) {
        return String.format(java.util.Locale.ROOT, "%s%.2f %s", d < 0 ? "−" : "+", Math.abs(d), d < 0 ? "yes" : "no");
    }

    private static long stagesFor(long passes) {
        for (int s = 1; s <= 8; s++) if (Schedule.paper(s).totalEpochs() == passes) return s;
        return -1;
    }

    private static String passesOf(Entry a, Entry b) {
        String pa = a.epochsTotal == 0 ? "—" : a.epochsDone + "", pb = b.epochsTotal == 0 ? "—" : b.epochsDone + "";
        return a == b || pa.equals(pb) ? pa : pa + " / " + pb;
    }

    /**
     * The cell's training time; a cell whose passes were trained elsewhere (taken from a longer run's stage copy, so
     * 0 s here) says so rather than "0s".
     */
    private static String time(Entry e) {
        double s = e.number("train_seconds");
        if (s == 0 && e.epochsDone > 0) return "in a longer run";
        return Double.isNaN(s) ? "—" : iwae4j.models.Progress.duration(s);
    }

    private static Map<String, Object> json(List<Entry> entries, String budget) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("budget", budget);
        List<Object> cells = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cell", e.cell.name());
            m.put("layers", (long) e.cell.layers());
            m.put("objective", e.cell.k() == 1 ? "VAE = IWAE" : e.cell.objective().name());
            m.put("k", (long) e.cell.k());
            m.put("status", e.status);
            m.put("epochs_done", e.epochsDone);
            m.put("epochs_total", e.epochsTotal);
            String key = e.cell.layers() + "-" + e.cell.k();
            int col = e.cell.objective() == Objective.VAE ? 0 : 1;
            m.put("paper_nll", PAPER_NLL.get(key)[col]);
            m.put("paper_active_units", PAPER_UNITS.get(key)[col]);
            m.put("results", e.results);
            cells.add(m);
        }
        root.put("cells", cells);
        return root;
    }

    private static void plot(List<Entry> entries, String budget, Path file) throws IOException {
        double[] ks = {1, 5, 50};
        LinePlot[] panels = new LinePlot[2];
        Color vaeColor = new Color(0x1f77b4), iwaeColor = new Color(0xd62728);
        for (int layers = 1; layers <= 2; layers++) {
            double[] vae = new double[3], iwae = new double[3], pv = new double[3], pi = new double[3];
            for (int i = 0; i < 3; i++) {
                int k = (int) ks[i];
                vae[i] = find(entries, new Cell(layers, Objective.VAE, k)).number("nll");
                iwae[i] = find(entries, new Cell(layers, Objective.IWAE, k)).number("nll");
                pv[i] = PAPER_NLL.get(layers + "-" + k)[0];
                pi[i] = PAPER_NLL.get(layers + "-" + k)[1];
            }
            panels[layers - 1] = new LinePlot(layers + " stochastic layer" + (layers > 1 ? "s" : ""), "k (log scale)", "test NLL (nats)")
                    .logX()
                    .line("VAE, this run", ks, vae, vaeColor, false, LinePlot.Marker.FILLED)
                    .line("IWAE, this run", ks, iwae, iwaeColor, false, LinePlot.Marker.FILLED)
                    .points("VAE, paper", ks, pv, vaeColor, LinePlot.Marker.HOLLOW)
                    .points("IWAE, paper", ks, pi, iwaeColor, LinePlot.Marker.HOLLOW);
        }
        LinePlot.write(file, 1300, 520, panels);
    }

    private static Entry find(List<Entry> entries, Cell c) {
        for (Entry e : entries) if (e.cell.equals(c)) return e;
        throw new IllegalStateException("no entry for " + c.name());
    }
}
