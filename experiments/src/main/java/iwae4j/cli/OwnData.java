package iwae4j.cli;

import iwae4j.models.Fit;
import iwae4j.models.Likelihood;
import iwae4j.models.Objective;
import iwae4j.models.Progress;
import iwae4j.models.Schedule;
import iwae4j.models.Scorer;
import iwae4j.models.data.Csv;
import iwae4j.models.data.Npy;
import iwae4j.models.data.Table;
import iwae4j.models.io.ModelFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code -Dexp=fit} and {@code -Dexp=score}: training on and scoring one's own CSV or NPY rows. */
final class OwnData {
    private OwnData() {
    }

    static String need(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("-D" + name + " is needed (see -Dexp without a value for usage)");
        return v.trim();
    }

    /** Reads the data file (CSV, or NPY by its extension) with the CSV options from the command line. */
    static Table read(Path file, List<String> defaultColumns) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) return Npy.read(file);
        Csv.Options o = new Csv.Options();
        o.header = Main.booleanProp("header", true);
        String decimal = System.getProperty("decimal", "point").trim().toLowerCase(Locale.ROOT);
        if (!decimal.equals("point") && !decimal.equals("comma")) throw new IllegalArgumentException("-Ddecimal must be point or comma, got '" + decimal + "'");
        o.decimalComma = decimal.equals("comma");
        o.delimiter = Csv.delimiter(System.getProperty("delimiter", o.decimalComma ? ";" : ","));
        o.skipLines = Main.intProp("skip", 0, 0, Integer.MAX_VALUE);
        o.columns = Csv.list(System.getProperty("columns"));
        if (o.columns.isEmpty() && o.header && defaultColumns != null) o.columns = defaultColumns;
        o.drop = Csv.list(System.getProperty("drop"));
        return Csv.read(file, o);
    }

    static int fit() throws IOException {
        Path data = Path.of(need("data"));
        Path out = Path.of(System.getProperty("model.out", "model.safetensors"));
        Main.outputFolder(out.toAbsolutePath().getParent());
        Fit.Options o = new Fit.Options();
        String lik = System.getProperty("likelihood", "gaussian").trim().toLowerCase(Locale.ROOT);
        if (!lik.equals("gaussian") && !lik.equals("bernoulli")) throw new IllegalArgumentException("-Dlikelihood must be gaussian or bernoulli, got '" + lik + "'");
        o.likelihood = lik.equals("gaussian") ? Likelihood.GAUSSIAN : Likelihood.BERNOULLI;
        o.latent = Main.intProp("latent", o.latent, 1, 10_000);
        String hidden = System.getProperty("hidden");
        if (hidden != null && !hidden.isBlank()) {
            try {
                o.hidden = Csv.list(hidden).stream().mapToInt(Integer::parseInt).toArray();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-Dhidden must be layer sizes such as 32,32, got '" + hidden + "'");
            }
        }
        o.objective = Objective.parse(System.getProperty("objective", "iwae"));
        o.k = Main.intProp("k", o.k, 1, 100_000);
        o.batchSize = Main.intProp("batch", o.batchSize, 1, 1_000_000);
        o.schedule = Schedule.constant(Main.doubleProp("lr", 1e-3), Main.intProp("epochs", 500, 1, 10_000_000));
        o.validationFraction = Main.doubleProp("validation", o.validationFraction);
        o.patience = Main.intProp("patience", o.patience, 0, Integer.MAX_VALUE);
        o.seed = Main.longProp("seed", o.seed);
        o.minSigma = (float) Main.doubleProp("sigma.min", o.minSigma);
        if (o.minSigma < 0) throw new IllegalArgumentException("-Dsigma.min must be >= 0, got " + o.minSigma);
        Table table = read(data, null);
        table.requireFinite(data.toString());
        if (o.likelihood == Likelihood.BERNOULLI) table.requireUnitInterval(data.toString());
        System.err.printf("fit: %d rows × %d columns from %s; %s likelihood, latent %d, hidden %s, %s k=%d, up to %d epochs%n",
                table.size(), table.cols(), data, lik, o.latent, java.util.Arrays.toString(o.hidden), o.objective, o.k, o.schedule.totalEpochs());
        o.progress = System.err; // lines inside an epoch that lasts more than a few seconds (big tables)
        Progress progress = new Progress(System.err, 2);
        o.listener = (e, epochs, train, valid, best) -> {
            if (progress.due()) System.err.printf("epoch %d/%d  training bound %.4f  validation bound %.4f%s%n", e, epochs, train, valid, best ? "  (best)" : "");
        };
        Fit.Result r = Fit.run(table, o);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("trained_on", data.getFileName().toString());
        meta.put("rows", Integer.toString(table.size()));
        meta.put("objective", o.objective.name());
        meta.put("k", Integer.toString(o.k));
        meta.put("best_epoch", Integer.toString(r.bestEpoch()));
        meta.put("best_validation_bound", Double.toString(r.bestValidationBound()));
        meta.put("seed", Long.toString(o.seed));
        ModelFile.save(out, r.model(), r.standardizer(), table.names(), meta);
        System.out.printf("best validation bound %.4f at epoch %d of %d%s; wrote %s%n", r.bestValidationBound(), r.bestEpoch(),
                r.trainBounds().size(), r.stoppedEarly() ? " (stopped early)" : "", out.toAbsolutePath());
        return 0;
    }

    /** Rows of a column this far from the training mean, in training standard deviations, are suspicious ... */
    static final double FAR_SDS = 6;
    /** ... and a column with more than this fraction of them is named in a warning. */
    static final double FAR_FRACTION = 0.05;

    /**
     * Warns (to stderr, the three worst columns) when many rows of a column lie far outside what the model was
     * trained on: the sign of columns in another order or other units, which a headerless file cannot reveal.
     */
    static void warnIfOutsideTraining(ModelFile.Trained trained, Table table) {
        double[] f = trained.standardizer().fractionBeyond(table, FAR_SDS);
        Integer[] order = new Integer[f.length];
        for (int j = 0; j < f.length; j++) order[j] = j;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(f[b], f[a]));
        List<String> names = trained.featureNames();
        for (int r = 0; r < Math.min(3, f.length) && f[order[r]] > FAR_FRACTION; r++) {
            int j = order[r];
            System.err.printf(Locale.ROOT, "warning: column %s: %.0f%% of rows lie more than %.0f training standard deviations from"
                    + " the training mean %.4g; is the file's column layout the one the model was trained on?%n",
                    names.size() == f.length ? "'" + names.get(j) + "'" : Integer.toString(j + 1), 100 * f[j], FAR_SDS,
                    trained.standardizer().mean()[j]);
        }
    }

    static int score() throws IOException {
        Path modelFile = Path.of(need("model")), data = Path.of(need("data"));
        Path out = Path.of(System.getProperty("out", "scores.csv"));
        Main.outputFolder(out.toAbsolutePath().getParent());
        ModelFile.Trained trained = ModelFile.load(modelFile);
        Scorer scorer = trained.scorer(Main.intProp("k", 1000, 1, 1_000_000), Main.longProp("seed", 1));
        Table table = read(data, trained.featureNames());
        if (table.cols() != trained.model().spec().input) {
            throw new IllegalArgumentException(data + " has " + table.cols() + " columns, the model was trained on " + trained.model().spec().input
                    + " (choose them with -Dcolumns or -Ddrop)");
        }
        table.requireFinite(data.toString());
        if (trained.model().spec().likelihood == Likelihood.BERNOULLI) table.requireUnitInterval(data.toString());
        warnIfOutsideTraining(trained, table);
        long t0 = System.nanoTime();
        Scorer.Scores s = scorer.score(table, System.err);
        double secs = (System.nanoTime() - t0) / 1e9;
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            w.println("row,log_likelihood,anomaly_score,effective_sample_size");
            for (int i = 0; i < table.size(); i++) {
                w.printf(Locale.ROOT, "%d,%.6f,%.6f,%.2f%n", i + 1, s.logLikelihood()[i], -s.logLikelihood()[i], s.effectiveSampleSize()[i]);
            }
        }
        System.out.printf("scored %d rows with L_%d in %.1f s (%.0f rows/s); wrote %s%n", table.size(), scorer.k(), secs, table.size() / secs, out.toAbsolutePath());
        return 0;
    }
}
