package iwae4j.cli;

import iwae4j.models.Fit;
import iwae4j.models.FitOptions;
import iwae4j.models.TrainedModel;
import iwae4j.models.TrainingListener;
import iwae4j.models.Likelihood;
import iwae4j.models.Objective;
import iwae4j.models.Progress;
import iwae4j.models.Schedule;
import iwae4j.models.Scorer;
import iwae4j.models.data.Csv;
import iwae4j.models.data.Npy;
import iwae4j.models.Table;
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
        return Csv.read(file, csvOptions(defaultColumns));
    }

    /** The CSV options of the command line ({@code -Dheader -Ddecimal -Ddelimiter -Dskip -Dcolumns -Ddrop -Dmissing}). */
    static Csv.Options csvOptions(List<String> defaultColumns) {
        boolean header = Main.booleanProp("header", true);
        String decimal = System.getProperty("decimal", "point").trim().toLowerCase(Locale.ROOT);
        if (!decimal.equals("point") && !decimal.equals("comma")) throw new IllegalArgumentException("-Ddecimal must be point or comma, got '" + decimal + "'");
        boolean comma = decimal.equals("comma");
        char delimiter = Csv.delimiter(System.getProperty("delimiter", comma ? ";" : ","));
        if (comma && delimiter == ',') throw new IllegalArgumentException("-Ddecimal=comma needs another -Ddelimiter than ',' (';' usually)");
        List<String> columns = Csv.list(System.getProperty("columns"));
        if (columns.isEmpty() && header && defaultColumns != null) columns = defaultColumns;
        Csv.Options o = Csv.Options.defaults().withHeader(header).withDecimalComma(comma, delimiter)
                .withSkipLines(Main.intProp("skip", 0, 0, Integer.MAX_VALUE)).withColumns(columns).withDrop(Csv.list(System.getProperty("drop")));
        String missing = System.getProperty("missing");
        if (missing != null) {
            List<String> texts = new java.util.ArrayList<>(List.of(""));
            if (missing.trim().equalsIgnoreCase("none")) texts.clear();
            else texts.addAll(Csv.list(missing));
            o = o.withMissing(texts);
        }
        return o;
    }

    static int fit() throws IOException {
        Path data = Path.of(need("data"));
        Path out = Path.of(System.getProperty("model.out", "model.safetensors"));
        Main.outputFolder(out.toAbsolutePath().getParent());
        iwae4j.models.io.OutputFolder.checkWritable(out);   // before any work: a folder or an unwritable place fails now
        // -Dscore.data: score a file with the fitted model in this process (the scores -Dexp=score writes, without a
        // second JVM start and its warm-up); checked before the training so a typo does not cost a fit
        String scoreData = System.getProperty("score.data");
        Path scorePath = scoreData == null || scoreData.isBlank() ? null : Path.of(scoreData);
        Path scoreOut = Path.of(System.getProperty("score.out", "scores.csv"));
        int scoreK = Main.intProp("score.k", 1000, 1, 1_000_000);
        long scoreSeed = Main.longProp("score.seed", 1);
        if (scoreData != null) {
            if (scoreData.isBlank()) throw new IllegalArgumentException("-Dscore.data must name a file to score");
            if (Files.isDirectory(scorePath)) throw new IllegalArgumentException("-Dscore.data: " + scoreData + " is a folder; give the file to score");
            if (!Files.isRegularFile(scorePath)) throw new IllegalArgumentException("-Dscore.data: no such file: " + scoreData);
            Main.outputFolder(scoreOut.toAbsolutePath().getParent());
            iwae4j.models.io.OutputFolder.checkWritable(scoreOut);
        } else if (System.getProperty("score.out") != null || System.getProperty("score.k") != null || System.getProperty("score.seed") != null) {
            throw new IllegalArgumentException("-Dscore.out, -Dscore.k and -Dscore.seed need -Dscore.data=FILE (the rows to score after the fit)");
        }
        Table table = read(data, null);
        table.requireNoInfinity(data.toString());
        // the defaults scale with the table's rows; a flag given overrides its part
        FitOptions o = FitOptions.forRows(table.size());
        boolean scaled = !o.equals(FitOptions.defaults());
        String lik = System.getProperty("likelihood", "gaussian").trim().toLowerCase(Locale.ROOT);
        if (!lik.equals("gaussian") && !lik.equals("bernoulli")) throw new IllegalArgumentException("-Dlikelihood must be gaussian or bernoulli, got '" + lik + "'");
        o = o.withLikelihood(lik.equals("gaussian") ? Likelihood.GAUSSIAN : Likelihood.BERNOULLI);
        o = o.withLatent(Main.intProp("latent", o.latent(), 1, 10_000));
        String hidden = System.getProperty("hidden");
        if (hidden != null && !hidden.isBlank()) {
            int[] sizes;
            try {
                sizes = Csv.list(hidden).stream().mapToInt(Integer::parseInt).toArray();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-Dhidden must be layer sizes such as 32,32, got '" + hidden + "'");
            }
            if (sizes.length == 0 || java.util.Arrays.stream(sizes).anyMatch(h -> h < 1)) {
                throw new IllegalArgumentException("-Dhidden must be layer sizes >= 1 such as 32,32, got '" + hidden + "'");
            }
            o = o.withHidden(sizes);
        }
        o = o.withObjective(Objective.parse(System.getProperty("objective", "iwae")))
                .withK(Main.intProp("k", o.k(), 1, 100_000))
                .withBatchSize(Main.intProp("batch", o.batchSize(), 1, 1_000_000))
                .withPatience(Main.intProp("patience", o.patience(), 0, Integer.MAX_VALUE))
                .withSeed(Main.longProp("seed", o.seed()));
        double validation = Main.doubleProp("validation", o.validationFraction());
        if (!(validation >= 0 && validation < 1)) throw new IllegalArgumentException("-Dvalidation must be in [0, 1), got " + validation);
        o = o.withValidationFraction(validation);
        double minSigma = Main.doubleProp("sigma.min", o.minSigma());
        if (!(minSigma >= 0)) throw new IllegalArgumentException("-Dsigma.min must be >= 0, got " + minSigma);
        o = o.withMinSigma((float) minSigma);
        double share = Main.doubleProp("point.mass", o.pointMassShare());
        if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("-Dpoint.mass must be in [0, 1] (0: none), got " + share);
        o = o.withPointMassShare(share);
        if (System.getProperty("lr") != null || System.getProperty("epochs") != null) {
            o = o.withSchedule(Schedule.constant(Main.doubleProp("lr", o.schedule().learningRate(0)),
                    Main.intProp("epochs", (int) o.schedule().totalEpochs(), 1, 10_000_000)));
        }
        if (o.likelihood() == Likelihood.BERNOULLI) table.requireUnitInterval(data.toString());
        // the rows to score, read and checked against the training columns now, so a wrong file does not cost a fit
        Table toScore = scorePath == null ? null : checkedRows(read(scorePath, table.names()), scorePath, table.cols(),
                o.likelihood()).requireSomeObserved(scoreData);
        o = o.withBinary(binaryColumns(table, o.likelihood()));
        System.err.printf("fit: %d rows × %d columns from %s; %s likelihood, latent %d, hidden %s, %s k=%d; %s%s%n",
                table.size(), table.cols(), data, lik, o.latent(), java.util.Arrays.toString(o.hidden()), o.objective(), o.k(), o.describeTraining(),
                scaled ? " (defaults scaled for " + table.size() + " rows)" : "");
        if (o.binary() != null) {
            List<String> names = new java.util.ArrayList<>();
            for (int j = 0; j < table.cols(); j++) if (o.isBinary(j)) names.add(table.names().get(j));
            if (!names.isEmpty()) System.err.printf("fit: %d binary column(s) get a Bernoulli likelihood: %s%n", names.size(), abbreviate(names));
        }
        long missingCells = table.missingCells();
        if (missingCells > 0) {
            System.err.printf(Locale.ROOT, "fit: %d missing cells (%.1f%%): trained on the observed cells, the encoder shown the mask (MIWAE)%n",
                    missingCells, 100.0 * missingCells / ((long) table.size() * table.cols()));
        }
        Progress progress = new Progress(System.getLogger("iwae4j.cli"), 2);
        TrainingListener listener = e -> {
            if (progress.due()) {
                System.err.printf(Locale.ROOT, "epoch %d/%d  training bound %.4f  validation bound %.4f%s  %s rows/s  ETA %s%n", e.epoch(), e.epochs(),
                        e.trainBound(), e.validationBound(), e.best() ? "  (best)" : "", Progress.rate(e.rowsPerSecond()), Progress.duration(e.etaSeconds()));
            }
            return true;
        };
        iwae4j.models.PointMasses masses = Fit.pointMasses(table, o);
        if (masses.count() > 0) {
            System.err.printf("fit: %d column(s) hold one value in %.0f%% or more of the training rows, modelled as a point mass beside"
                    + " the Gaussian (-Dpoint.mass=0 for none): %s%n", masses.count(), 100 * o.pointMassShare(),
                    abbreviate(masses.describe(table.names())));
        }
        Map<String, String> meta = new java.util.TreeMap<>(Map.of("trained_on", data.getFileName().toString()));
        if (scaled) meta.put("fit_defaults", "scaled for " + table.size() + " rows");
        TrainedModel r = Fit.run(table, o, listener).withMetadata(meta);
        ModelFile.save(out, r);
        TrainedModel.Training t = r.training();
        System.out.printf("best validation bound %.4f at epoch %d of %d%s; wrote %s%n", t.bestValidationBound(), t.bestEpoch(),
                t.trainBounds().size(), t.stoppedEarly() ? " (stopped early)" : "", out.toAbsolutePath());
        if (toScore != null) {
            warnIfOutsideTraining(r, toScore);
            score(r, toScore, scorePath, scoreOut, scoreK, scoreSeed);
        }
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
    static void warnIfOutsideTraining(TrainedModel trained, Table table) {
        // over the columns as given (a value at its point mass is not compared: the Gaussian does not hold it)
        if (trained.standardizer() == null) return;   // a model of unstandardized (Bernoulli) data has no training spread to compare with
        double[] f = java.util.Arrays.copyOf(trained.standardizer().fractionBeyond(trained.pointMasses().expand(table), FAR_SDS), trained.columns());
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

    /**
     * The rows to score or fill under a trained model: its feature columns (by name when the file has a header),
     * checked for the model's column count, infinities and (Bernoulli) the unit interval, with a warning when
     * columns lie far outside training.
     */
    private static Table readFor(TrainedModel trained, Path data) throws IOException {
        Table table = checkedRows(read(data, trained.featureNames()), data, trained.columns(), trained.model().spec().likelihood);
        warnIfOutsideTraining(trained, table);
        return table;
    }

    /** {@code table} (read from {@code data}) checked for the model's column count, infinities and (Bernoulli) the unit interval. */
    private static Table checkedRows(Table table, Path data, int columns, Likelihood likelihood) {
        if (table.cols() != columns) {
            throw new IllegalArgumentException(data + " has " + table.cols() + " columns, the model was trained on " + columns
                    + " (choose them with -Dcolumns or -Ddrop)");
        }
        table.requireNoInfinity(data.toString());
        if (likelihood == Likelihood.BERNOULLI) table.requireUnitInterval(data.toString());
        return table;
    }

    /**
     * Below this many parameter-samples (rows × k × the model's parameters) {@code score} and {@code impute} run the
     * plain-Java kernels: the Vector API's run about 2 s slower until C2 has compiled them, and the plain ones finish
     * such a job sooner (193 rows of a 33-column model at k = 1,000: 2.2 s against 5.9 s; the two meet near 8e9).
     */
    static final double SMALL_JOB = 5e9;

    /**
     * Chooses the plain-Java kernels for a small job unless {@code -Diwae4j.vector} was given; they compute the same
     * bits. The first kernel call of a process fixes the choice, so after one this has no effect (as in a test JVM).
     */
    static void plainKernelsIfSmall(long rows, int k, iwae4j.models.Model model) {
        if (System.getProperty("iwae4j.vector") != null || !smallJob(rows, k, model)) return;
        System.setProperty("iwae4j.vector", "false");
        try {
            iwae4j.tensor.Vectorization.enabled();   // makes the choice now, so the setting need not stay
        } finally {
            System.clearProperty("iwae4j.vector");
        }
    }

    static boolean smallJob(long rows, int k, iwae4j.models.Model model) {
        return (double) rows * k * model.spec().parameterCount() < SMALL_JOB;
    }

    static int score() throws IOException {
        Path modelFile = Path.of(need("model")), data = Path.of(need("data"));
        Path out = Path.of(System.getProperty("out", "scores.csv"));
        Main.outputFolder(out.toAbsolutePath().getParent());
        TrainedModel trained = ModelFile.load(modelFile);
        score(trained, readFor(trained, data), data, out, Main.intProp("k", 1000, 1, 1_000_000), Main.longProp("seed", 1));
        return 0;
    }

    /** Scores {@code table}, the checked rows of {@code data} (whose other columns are passed through), into {@code out}. */
    private static void score(TrainedModel trained, Table rows, Path data, Path out, int k, long seed) throws IOException {
        Table table = rows.requireSomeObserved(data.toString());
        plainKernelsIfSmall(table.size(), k, trained.model());
        Scorer scorer = trained.scorer(k, seed);
        int[] observed = observedCells(table);
        long partial = java.util.Arrays.stream(observed).filter(c -> c < table.cols()).count();
        if (partial > 0) {
            System.err.printf("score: %d rows have missing cells: theirs is log p of the observed cells (column observed_cells), comparable"
                    + " only between rows that miss the same columns%n", partial);
        }
        long t0 = System.nanoTime();
        // by position: the columns were already picked by name where the file has a header
        Scorer.Scores s = scorer.score((iwae4j.models.Dataset) table);
        double secs = (System.nanoTime() - t0) / 1e9;
        Passthrough pass = passthrough(data, trained, table.size());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            w.println("row," + pass.header() + "log_likelihood,anomaly_score,effective_sample_size,observed_cells");
            for (int i = 0; i < table.size(); i++) {
                w.printf(Locale.ROOT, "%d,%s%.6f,%.6f,%.2f,%d%n", i + 1, pass.fields(i), s.logLikelihood()[i], -s.logLikelihood()[i],
                        s.effectiveSampleSize()[i], observed[i]);
            }
        }
        System.out.printf("scored %d rows with L_%d in %.1f s (%s rows/s); wrote %s%n", table.size(), scorer.k(), secs, Progress.rate(table.size() / secs), out.toAbsolutePath());
        warnIfFewEffectiveSamples(s.effectiveSampleSize(), scorer.k());
    }

    /** A row whose importance weights have an effective sample size below this rests on a handful of samples. */
    static final double FEW_SAMPLES = 5;

    /**
     * Warns when rows' L_k rests on a few importance samples (ESS below {@link #FEW_SAMPLES}): their log p(x) is then
     * likely underestimated, most often for the anomalies themselves, and a larger -Dk tightens it.
     */
    static void warnIfFewEffectiveSamples(double[] ess, int k) {
        long few = java.util.Arrays.stream(ess).filter(e -> e < FEW_SAMPLES).count();
        if (few > 0) {
            System.err.printf(Locale.ROOT, "warning: %d of %d rows have an effective sample size below %.0f (column effective_sample_size):"
                    + " their log p rests on a few of the %d samples and may be underestimated; a larger -Dk tightens it%n", few, ess.length, FEW_SAMPLES, k);
        }
    }

    /** The observed (finite) cells of each row. */
    private static int[] observedCells(Table table) {
        int[] n = new int[table.size()];
        float[] v = table.values();
        for (int i = 0; i < v.length; i++) if (!Float.isNaN(v[i])) n[i / table.cols()]++;
        return n;
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 8 ? String.join(", ", names) : String.join(", ", names.subList(0, 8)) + ", ... (" + names.size() + ")";
    }

    /**
     * {@code -Dbinary}: none (the default: every column Gaussian), auto (the columns whose values are all 0 or 1), or
     * the columns by name or 1-based number. Null for a Bernoulli model (all its columns are).
     */
    static boolean[] binaryColumns(Table table, Likelihood likelihood) {
        String v = System.getProperty("binary", "none").trim();
        if (likelihood == Likelihood.BERNOULLI) {
            if (!v.equalsIgnoreCase("none")) throw new IllegalArgumentException("-Dbinary is for a Gaussian model: a Bernoulli model's columns all are binary");
            return null;
        }
        if (v.equalsIgnoreCase("auto")) return iwae4j.models.Fit.binaryColumns(table);
        boolean[] b = new boolean[table.cols()];
        if (v.equalsIgnoreCase("none") || v.isEmpty()) return b;
        for (String c : Csv.list(v)) {
            int j = table.names().indexOf(c);
            if (j < 0) {
                try {
                    j = Integer.parseInt(c) - 1;
                } catch (NumberFormatException e) {
                    j = -1;
                }
            }
            if (j < 0 || j >= table.cols()) {
                throw new IllegalArgumentException("-Dbinary: no column '" + c + "' (" + table.cols() + " columns: " + abbreviate(table.names()) + ")");
            }
            b[j] = true;
        }
        float[] values = table.values();
        for (int i = 0; i < values.length; i++) {
            float x = values[i];
            int j = i % table.cols();
            if (b[j] && !Float.isNaN(x) && x != 0f && x != 1f) {
                throw new IllegalArgumentException("-Dbinary: column '" + table.names().get(j) + "' has the value " + x + " in row "
                        + (i / table.cols() + 1) + "; a binary column holds 0 and 1 only");
            }
        }
        return b;
    }

    static int impute() throws IOException {
        Path modelFile = Path.of(need("model")), data = Path.of(need("data"));
        Path out = Path.of(System.getProperty("out", "imputed.csv"));
        Main.outputFolder(out.toAbsolutePath().getParent());
        TrainedModel trained = ModelFile.load(modelFile);
        int k = Main.intProp("k", 1000, 1, 1_000_000), draws = Main.intProp("impute.draws", 0, 0, 10_000);
        Table table = readFor(trained, data);
        plainKernelsIfSmall((long) table.size() * Math.max(1, draws), k, trained.model());
        iwae4j.models.Imputer imputer = trained.imputer(k, Main.longProp("seed", 1));
        long missing = table.missingCells();
        System.err.printf(Locale.ROOT, "impute: %d rows, %d missing cells (%.1f%%); %s with L_%d samples%n", table.size(), missing,
                100.0 * missing / ((long) table.size() * table.cols()), draws == 0 ? "conditional means" : draws + " imputations each", k);
        long t0 = System.nanoTime();
        Progress progress = new Progress(System.getLogger("iwae4j.cli"), 2);
        int n = table.size(), batch = 256;
        Passthrough pass = passthrough(data, trained, n);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            w.println((draws == 0 ? "" : "imputation,row,") + String.join(",", quoted(pass.text == null ? table.names() : pass.text.names())));
            float[][] rows = new float[0][];
            for (int start = 0; start < n; start += batch) {
                int b = Math.min(batch, n - start);
                if (rows.length != b) rows = new float[b][];
                for (int i = 0; i < b; i++) rows[i] = table.row(start + i);
                if (draws == 0) {
                    float[][] filled = imputer.impute(rows);
                    for (int i = 0; i < b; i++) w.println(pass.row(start + i, filled[i], table.names()));
                } else {
                    float[][][] d = imputer.draws(rows, draws);
                    for (int i = 0; i < b; i++) {
                        for (int m = 0; m < draws; m++) w.println((m + 1) + "," + (start + i + 1) + "," + pass.row(start + i, d[m][i], table.names()));
                    }
                }
                if (progress.due()) {
                    double done = (double) (start + b) / n;
                    progress.print(String.format(Locale.ROOT, "imputed %d of %d rows  %s rows/s  ETA %s", start + b, n,
                            Progress.rate((start + b) / progress.elapsedSeconds()), progress.eta(done)));
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "filled %d missing cells of %d rows in %.1f s; wrote %s%n", missing, n, secs, out.toAbsolutePath());
        return 0;
    }

    /**
     * The input's columns that the model does not read, passed through to an output file as their text: those of a CSV
     * with a header and more columns than the model's; none otherwise (NPY, no header, or no other column).
     */
    record Passthrough(Csv.Text text, List<String> others) {
        static final Passthrough NONE = new Passthrough(null, List.of());

        /** The other columns' names, each followed by a comma ("" for none). */
        String header() {
            StringBuilder b = new StringBuilder();
            for (String o : others) b.append(csvField(o)).append(',');
            return b.toString();
        }

        /** Row i's other fields, each followed by a comma. */
        String fields(int i) {
            if (others.isEmpty()) return "";
            StringBuilder b = new StringBuilder();
            String[] f = text.rows().get(i);
            for (String o : others) {
                int j = text.names().indexOf(o);
                b.append(csvField(j < f.length ? f[j] : "")).append(',');
            }
            return b.toString();
        }

        /** Row i with every column of the input in its order: the model's columns from {@code values}, the others as given. */
        String row(int i, float[] values, List<String> features) {
            if (text == null) return csvRow(values);
            String[] f = text.rows().get(i);
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < text.names().size(); j++) {
                if (j > 0) b.append(',');
                int c = features.indexOf(text.names().get(j));
                b.append(c >= 0 ? number(values[c]) : csvField(j < f.length ? f[j] : ""));
            }
            return b.toString();
        }
    }

    static Passthrough passthrough(Path data, TrainedModel trained, int rows) throws IOException {
        if (data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy") || !Main.booleanProp("header", true)) return Passthrough.NONE;
        Csv.Text text = Csv.readText(data, csvOptions(null));
        List<String> others = new java.util.ArrayList<>();
        for (String n : text.names()) if (!trained.featureNames().contains(n)) others.add(n);
        if (others.isEmpty() || !text.names().containsAll(trained.featureNames())) return Passthrough.NONE;
        if (text.rows().size() != rows) {
            System.err.printf("warning: %s: %d rows of text against %d read; its other columns are not passed through%n", data, text.rows().size(), rows);
            return Passthrough.NONE;
        }
        return new Passthrough(text, others);
    }

    private static String csvRow(float[] r) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < r.length; j++) {
            if (j > 0) sb.append(',');
            sb.append(number(r[j]));
        }
        return sb.toString();
    }

    private static String number(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7f) return Long.toString((long) v); // 0 and 1, not 0.0 and 1.0
        return Float.toString(v); // the shortest text that reads back as the same float
    }

    private static List<String> quoted(List<String> names) {
        List<String> q = new java.util.ArrayList<>();
        for (String s : names) q.add(csvField(s));
        return q;
    }

    /** A CSV field: quoted (quotes doubled) when it holds a delimiter, a quote or a line break. */
    static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
