package iwae4j.cli;

import iwae4j.experiments.CamelExperiment;
import iwae4j.experiments.Curves;
import iwae4j.experiments.LongRuns;
import iwae4j.experiments.MnistExperiment;
import iwae4j.experiments.SnrExperiment;
import iwae4j.experiments.Table1;
import iwae4j.experiments.Table1Report;
import iwae4j.models.Estimator;
import iwae4j.models.Model;
import iwae4j.models.Objective;
import iwae4j.models.Trainer;
import iwae4j.models.TrainingDivergedException;
import iwae4j.models.data.Csv;
import iwae4j.models.data.Mnist;
import iwae4j.models.io.Checkpoint;
import iwae4j.models.io.Json;
import iwae4j.models.io.OutputFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The experiment command line. Settings are system properties, so {@code mvn exec:java -Dexp=camel} and
 * {@code java -Dexp=camel ...} both work. Bad input ends with a one-line error and a non-zero exit code,
 * never a stack trace.
 */
public final class Main {
    private Main() {
    }

    static final String USAGE = String.join("\n",
            "usage: mvn -q compile exec:java -Dexp=EXPERIMENT [-Dname=value ...]",
            "experiments:",
            "  camel        VAE vs IWAE on the 1-D two-humped mixture (about a minute)",
            "               -Dseed=1 -Dstages=5 -Dout=out/camel",
            "  classify     an MLP classifier of MNIST digits on the autodiff engine (its public API only): test accuracy per epoch",
            "               -Depochs=10 -Dbatch=100 -Dlr=1e-3 -Dhidden=200,200 -Ddropout=0.2 -Dseed=1 -Ddata.dir=DIR",
            "  mnist        train, checkpoint every epoch, evaluate and plot on MNIST",
            "               -Dlayers=1|2 -Dk=5 -Dobjective=iwae|vae -Dstages=3 -Dseed=1 -Dout=runs/mnist",
            "               -Dresume=CHECKPOINT -Ddata.dir=DIR -Deval.k=5000 -Dtest.size=10000",
            "               -Destimator=iwae|vae|stl|dreg|miwae|piwae|ciwae -Dm=8 (MIWAE/PIWAE groups) -Dbeta=0.5 (CIWAE)",
            "               -Dschedule=paper|batch (batch: learning rate 1e-3, batch 20 growing by 10^(1/7) per stage)",
            "  mnist-eval   evaluate a checkpoint: -Dcheckpoint=PATH [-Dout=DIR -Deval.k -Dtest.size -Deval.pruned=false (one L_k pass)]",
            "  table1       the paper's Table 1 grid, resumable: -Dstages=8 -Dcells=1L-iwae-k5,2L-vae-k50,1L-k1 (default all)",
            "               -Dseed=1 -Dout=runs/table1-stagesN -Deval.k=5000 -Dtest.size=10000 -Dparallel.cells=1",
            "               -Dfrom=DIR (continue the trained cells of a grid of fewer stages instead of starting afresh)",
            "               -Dpublished=DIR (first adopt each cell's published checkpoint when it is further along)",
            "  table1-report  write table1.md/json/png from a grid folder at any time: -Dout=DIR",
            "               [-Dcompare=DIR,... other grids (e.g. fewer passes) whose trends go beside this grid's]",
            "  table1-publish copy each cell's latest checkpoint (or, finished, its results and model file) from a grid",
            "               into a folder kept under version control: -Dout=DIR -Dstages=8 -Dpublished=results/table1/long -Dcells=...",
            "  snr          gradient signal-to-noise ratio per estimator and k from an MNIST checkpoint:",
            "               -Dcheckpoint=PATH [-Dout=DIR -Destimators=iwae,stl,dreg -Dsnr.ks=1,5,10,50,100,500 -Dsnr.draws=100]",
            "  snr-toy      the same on the linear-Gaussian model of Rainforth et al. and Tucker et al., where the rates hold:",
            "               [-Dout=runs/snr-toy -Dtoy.d=20 -Dtoy.perturbation=0.01 -Destimators -Dsnr.ks=1,10,100,1000 -Dsnr.draws]",
            "  curves       training curves of several runs in one PNG, from their checkpoints:",
            "               -Druns=DIR_OR_CHECKPOINT,... [-Dlabels=a,b,...] -Dout=curves.png",
            "  fit          train on your own CSV or NPY file and save the model:",
            "               -Ddata=FILE -Dmodel.out=model.safetensors [-Dheader=true -Ddelimiter=, -Ddecimal=point|comma -Dskip=0 -Dcolumns=a,b -Ddrop=label",
            "                -Dmissing=NA,N/A,? (besides empty cells; none: no missing cells)]",
            "               [-Dlikelihood=gaussian|bernoulli -Dbinary=none|auto|a,b -Dlatent=4 -Dhidden=32,32 -Dk=20 -Dbatch=20 -Depochs=500",
            "                -Dlr=1e-3 -Dvalidation=0.1 -Dpatience=50 -Dsigma.min=0.01 -Dpoint.mass=0.1 -Dseed=1]",
            "               (batch, epochs and rate as shown up to 5,000 training rows; above, scaled to the rows: the first line says)",
            "               [-Dscore.data=FILE -Dscore.out=scores.csv -Dscore.k=1000 -Dscore.seed=1: then score FILE as -Dexp=score would,",
            "                in the same process]",
            "  score        log-likelihood and anomaly score of each row (of its observed cells where some are missing):",
            "               -Dmodel=FILE -Ddata=FILE -Dout=scores.csv [-Dk=1000]",
            "  impute       fill each missing cell by its conditional mean, or write m imputations drawn from the model:",
            "               -Dmodel=FILE -Ddata=FILE -Dout=imputed.csv [-Dk=1000 -Dimpute.draws=m -Dseed=1]",
            "  score-images −log p(x) of 28×28 images under an MNIST model file (e.g. results/table1/long/1L-iwae-k5/model.safetensors):",
            "               -Dmodel=FILE -Dimages=a.png,t10k-images-idx3-ubyte,folder -Dout=image-scores.csv [-Dk=5000 -Dseed=1",
            "                -Ddark.on.light=false (true: a dark digit on a light background)]");

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        int code;
        try {
            code = run();
        } catch (IllegalArgumentException | IllegalStateException | TrainingDivergedException e) {
            System.err.println("error: " + e.getMessage());
            code = 1;
        } catch (IOException | UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            code = 1;
        }
        if (code != 0) System.exit(code);
    }

    static int run() throws IOException {
        Logging.toStderr();
        String exp = System.getProperty("exp");
        if (exp == null || exp.isBlank()) {
            System.err.println(USAGE);
            return 2;
        }
        Settings.check(exp.trim(), System.getProperties());
        switch (exp.trim()) {
            case "camel":
                return camel();
            case "classify":
                return classify();
            case "mnist":
                return mnist(false);
            case "mnist-eval":
                return mnist(true);
            case "table1":
                return table1();
            case "table1-report":
                return table1Report();
            case "table1-publish":
                return table1Publish();
            case "snr":
                return snr(false);
            case "snr-toy":
                return snr(true);
            case "curves":
                return curves();
            case "fit":
                return OwnData.fit();
            case "score":
                return OwnData.score();
            case "impute":
                return OwnData.impute();
            case "score-images":
                return Images.score();
            default:
                System.err.println("error: unknown experiment '" + exp + "'\n" + USAGE);
                return 2;
        }
    }

    /** Creates the output folder if needed, saying so, and proves it writable (a one-line error otherwise). */
    static void outputFolder(Path dir) {
        if (OutputFolder.requireWritable(dir)) System.err.println("created the output folder " + dir.toAbsolutePath().normalize());
    }

    /** A true/false setting (either case); anything else is an error naming the setting. */
    public static boolean booleanProp(String name, boolean def) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) return def;
        String t = v.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true")) return true;
        if (t.equals("false")) return false;
        throw new IllegalArgumentException("-D" + name + " must be true or false, got '" + v + "'");
    }

    /** A whole-number setting, or {@code def} when unset; anything else is an error naming the setting. */
    public static long longProp(String name, long def) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) return def;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be a whole number, got '" + v + "'");
        }
    }

    /** A number setting, or {@code def} when unset; anything else (NaN and infinities too) is an error naming the setting. */
    public static double doubleProp(String name, double def) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) return def;
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + name + " must be a finite number, got '" + v + "'");
    }

    /** A whole-number setting between {@code min} and {@code max}, or {@code def} when unset. */
    public static int intProp(String name, int def, int min, int max) {
        long v = longProp(name, def);
        if (v < min || v > max) throw new IllegalArgumentException("-D" + name + " must be between " + min + " and " + max + ", got " + v);
        return (int) v;
    }

    private static int mnist(boolean evalOnly) throws IOException {
        MnistExperiment.Options o = new MnistExperiment.Options();
        o.layers = intProp("layers", o.layers, 1, 2);
        o.k = intProp("k", o.k, 1, 5000);
        o.objective = Objective.parse(System.getProperty("objective", o.objective.name()));
        String estimator = System.getProperty("estimator");
        if (estimator != null && !estimator.isBlank() && !estimator.trim().equalsIgnoreCase(o.objective.name())) {
            // validated here, so a typo fails before any data is fetched
            String e = Estimator.parse(estimator, intProp("m", 8, 1, 100_000), doubleProp("beta", 0.5)).name();
            o.estimator = e;
        }
        o.stages = intProp("stages", o.stages, 1, 8);
        String schedule = System.getProperty("schedule", "paper").trim().toLowerCase(Locale.ROOT);
        if (!schedule.equals("paper") && !schedule.equals("batch")) {
            throw new IllegalArgumentException("-Dschedule must be paper (decaying learning rate) or batch (growing batch size), got " + schedule);
        }
        o.growingBatch = schedule.equals("batch");
        o.seed = longProp("seed", o.seed);
        o.evalK = intProp("eval.k", o.evalK, 1, 100_000);
        o.testSize = intProp("test.size", o.testSize, 1, 10_000);
        String resume = System.getProperty("resume");
        if (resume != null && !resume.isBlank()) o.resume = Path.of(resume);
        if (o.resume != null && System.getProperty("stages") != null) o.extendToStages = o.stages; // more stages extend the run
        String def = "runs/mnist-" + o.layers + "layer-" + (o.estimator != null ? o.estimator.replace(":", "") : o.objective.name().toLowerCase(Locale.ROOT)) + "-k" + o.k;
        Path checkpoint = null;
        if (evalOnly) {
            o.prunedPass = booleanProp("eval.pruned", true);
            String c = System.getProperty("checkpoint");
            if (c == null || c.isBlank()) throw new IllegalArgumentException("mnist-eval needs -Dcheckpoint=PATH");
            checkpoint = Path.of(c);
            def = checkpoint.toAbsolutePath().getParent() == null ? "." : checkpoint.toAbsolutePath().getParent().toString();
        }
        o.out = Path.of(System.getProperty("out", def));
        outputFolder(o.out); // before fetching data or training
        Mnist mnist = Mnist.load(o.dataDir);
        Map<String, Object> res;
        if (evalOnly) {
            res = MnistExperiment.evaluateCheckpoint(o, mnist, checkpoint);
        } else {
            long t0 = System.nanoTime();
            Trainer trainer = MnistExperiment.train(o, mnist);
            res = MnistExperiment.evaluate(o, mnist, trainer.model(), trainer.history(), (System.nanoTime() - t0) / 1e9);
        }
        System.out.println(Json.write(res));
        System.out.print(Files.readString(o.out.resolve("results.md")));
        for (String f : new String[] {"results.json", "results.md", "active-units.png", "interpolation.png", "samples.png", "training-curve.png"}) {
            System.out.println("wrote " + o.out.resolve(f).toAbsolutePath());
        }
        return 0;
    }

    private static int table1() throws IOException {
        Table1.Options o = new Table1.Options();
        o.stages = intProp("stages", o.stages, 1, 8);
        o.seed = longProp("seed", o.seed);
        o.evalK = intProp("eval.k", o.evalK, 1, 100_000);
        o.testSize = intProp("test.size", o.testSize, 1, 10_000);
        o.parallelCells = intProp("parallel.cells", o.parallelCells, 1, 10);
        String cells = System.getProperty("cells");
        if (cells != null && !cells.isBlank()) {
            LinkedHashSet<Table1.Cell> set = new LinkedHashSet<>();
            for (String c : cells.split(",")) if (!c.isBlank()) set.add(Table1.Cell.parse(c));
            o.cells = new ArrayList<>(set);
        }
        String out = System.getProperty("out");
        o.out = out == null || out.isBlank() ? Table1.Options.defaultOut(o.stages) : Path.of(out);
        String from = System.getProperty("from");
        if (from != null && !from.isBlank()) {
            o.from = Path.of(from.trim());
            if (!Files.isDirectory(o.from)) throw new IllegalArgumentException("-Dfrom: no such folder: " + o.from);
            if (o.from.toAbsolutePath().normalize().equals(o.out.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("-Dfrom must be another grid's folder than -Dout (" + o.out + ")");
            }
        }
        String published = System.getProperty("published");
        if (published != null && !published.isBlank()) o.published = Path.of(published.trim());
        outputFolder(o.out);
        List<String> failed = Table1.run(o);
        for (String f : failed) System.err.println("error: cell " + f);
        return failed.isEmpty() ? 0 : 1;
    }

    private static int snr(boolean toy) throws IOException {
        String c = System.getProperty("checkpoint");
        if (!toy && (c == null || c.isBlank())) throw new IllegalArgumentException("snr needs -Dcheckpoint=PATH (an MNIST checkpoint)");
        Path checkpoint = toy ? null : Path.of(c.trim());
        Path out = Path.of(System.getProperty("out", toy ? "runs/snr-toy" : checkpoint.toAbsolutePath().getParent().resolve("snr").toString()));
        outputFolder(out);
        SnrExperiment.Options o = new SnrExperiment.Options();
        if (toy) o.ks = new int[] {1, 10, 100, 1000};
        String est = System.getProperty("estimators");
        if (est != null && !est.isBlank()) o.estimators = Csv.list(est);
        for (String e : o.estimators) Estimator.parse(e, 1, 0.5); // fail on a typo before any work
        String ks = System.getProperty("snr.ks");
        if (ks != null && !ks.isBlank()) {
            try {
                o.ks = Csv.list(ks).stream().mapToInt(Integer::parseInt).toArray();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-Dsnr.ks must be whole numbers such as 1,5,50, got '" + ks + "'");
            }
        }
        o.draws = intProp("snr.draws", o.draws, 2, 1_000_000);
        o.seed = longProp("seed", o.seed);
        List<SnrExperiment.Point> points;
        String source;
        if (toy) {
            int d = intProp("toy.d", 20, 1, 1000);
            double perturbation = doubleProp("toy.perturbation", 0.01);
            Model model = SnrExperiment.linearGaussianToy(d, perturbation, o.seed);
            points = SnrExperiment.run(model, SnrExperiment.linearGaussianData(o.batch, d, o.seed + 11), o);
            source = "linear-Gaussian toy, d=" + d + ", perturbation=" + perturbation;
        } else {
            Model model = Checkpoint.loadModel(checkpoint);
            Mnist mnist = Mnist.load(Mnist.defaultDirectory());
            points = SnrExperiment.run(
                    model, MnistExperiment.binarizedTrainHead(mnist, o.batch, o.seed + 11), o);
            source = checkpoint.toString();
        }
        SnrExperiment.write(points, o, source, out);
        System.out.print(Files.readString(out.resolve("snr.md")));
        System.out.println("wrote " + out.resolve("snr.json").toAbsolutePath() + ", snr.md, snr.png");
        return 0;
    }

    private static int curves() throws IOException {
        String runs = System.getProperty("runs");
        if (runs == null || runs.isBlank()) throw new IllegalArgumentException("curves needs -Druns=DIR_OR_CHECKPOINT,... (run folders or checkpoints)");
        List<Path> paths = Csv.list(runs).stream().map(Path::of).toList();
        String labels = System.getProperty("labels");
        List<String> names = labels == null || labels.isBlank() ? null : Csv.list(labels);
        if (names != null && names.size() != paths.size()) {
            throw new IllegalArgumentException("-Dlabels has " + names.size() + " names for " + paths.size() + " runs");
        }
        Path png = Path.of(System.getProperty("out", "curves.png"));
        if (!png.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("-Dout must name a .png file, got " + png);
        }
        if (png.toAbsolutePath().getParent() != null) outputFolder(png.toAbsolutePath().getParent());
        System.out.print(Curves.write(Curves.read(paths, names), png));
        System.out.println("wrote " + png.toAbsolutePath());
        return 0;
    }

    private static int table1Publish() throws IOException {
        String out = System.getProperty("out"), published = System.getProperty("published");
        if (out == null || out.isBlank() || published == null || published.isBlank()) {
            throw new IllegalArgumentException("table1-publish needs -Dout=DIR (a table1 grid folder) and -Dpublished=DIR");
        }
        Path grid = Path.of(out.trim()), to = Path.of(published.trim());
        if (!Files.isDirectory(grid)) throw new IllegalArgumentException("no such folder: " + grid);
        int stages = intProp("stages", 8, 1, 8);
        List<Table1.Cell> cells = Table1.Cell.all();
        String c = System.getProperty("cells");
        if (c != null && !c.isBlank()) {
            cells = new ArrayList<>();
            for (String s : c.split(",")) if (!s.isBlank()) cells.add(Table1.Cell.parse(s));
        }
        outputFolder(to);
        for (Table1.Cell cell : cells) {
            String resume = "mvn -q compile exec:java -Dexp=table1 -Dcells=" + cell.name() + " -Dstages=" + stages + " -Diwae4j.threads=1 -Dout="
                    + Table1.Options.defaultOut(stages).toString().replace('\\', '/') + " -Dpublished=" + to.toString().replace('\\', '/');
            LongRuns.publish(grid, stages, List.of(cell), to, resume, System.out);
        }
        Path png = to.resolve("nll-vs-passes.png");
        String table = LongRuns.figure(to, cells, png);
        if (Files.exists(png)) System.out.print(table + "wrote " + png.toAbsolutePath() + "\n");
        return 0;
    }

    private static int table1Report() throws IOException {
        String out = System.getProperty("out");
        if (out == null || out.isBlank()) throw new IllegalArgumentException("table1-report needs -Dout=DIR (a folder of the table1 grid)");
        Path dir = Path.of(out);
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("no such folder: " + dir);
        List<Path> compare = new ArrayList<>();
        String c = System.getProperty("compare");
        if (c != null && !c.isBlank()) {
            for (String f : Csv.list(c)) {
                Path g = Path.of(f);
                if (!Files.isDirectory(g)) throw new IllegalArgumentException("-Dcompare: no such folder: " + g);
                compare.add(g);
            }
        }
        System.out.print(Table1Report.write(dir, compare, null));
        System.out.println("wrote " + dir.resolve("table1.md").toAbsolutePath() + ", table1.json, table1.png");
        return 0;
    }

    /** {@code -Dexp=classify}: the MNIST classifier, test accuracy after every epoch. */
    private static int classify() throws IOException {
        int epochs = intProp("epochs", 10, 1, 1000), batch = intProp("batch", 100, 1, 60_000);
        double lr = doubleProp("lr", 1e-3);
        long seed = longProp("seed", 1);
        java.util.List<String> hidden = iwae4j.models.data.Csv.list(System.getProperty("hidden", "200,200"));
        int[] sizes = new int[hidden.size() + 2];
        sizes[0] = Mnist.PIXELS;
        sizes[sizes.length - 1] = 10;
        try {
            for (int i = 0; i < hidden.size(); i++) sizes[i + 1] = Integer.parseInt(hidden.get(i));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dhidden must be layer sizes such as 200,200, got '" + System.getProperty("hidden") + "'");
        }
        for (int s : sizes) if (s < 1) throw new IllegalArgumentException("-Dhidden: layer sizes must be >= 1");
        Mnist mnist = Mnist.load(Mnist.defaultDirectory());
        System.out.printf("classify: MLP %s with ReLU, dropout %s and log-softmax, Adam at %g, batch %d, %d epochs, seed %d%n",
                java.util.Arrays.toString(sizes), System.getProperty("dropout", "0.2"), lr, batch, epochs, seed);
        long t0 = System.nanoTime();
        float dropout = (float) doubleProp("dropout", 0.2);
        double acc = new iwae4j.experiments.Classifier(sizes, seed).dropout(dropout).train(mnist.trainImages, mnist.trainLabels, mnist.testImages, mnist.testLabels,
                epochs, batch, lr, seed, System.out::println);
        System.out.printf(java.util.Locale.ROOT, "test accuracy %.4f on %d images after %d epochs; wall time %.1f s%n", acc, mnist.testLabels.length,
                epochs, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static int camel() throws IOException {
        CamelExperiment.Options o = new CamelExperiment.Options();
        o.seed = longProp("seed", o.seed);
        o.stages = intProp("stages", o.stages, 1, 8);
        Path out = Path.of(System.getProperty("out", "out/camel"));
        outputFolder(out);
        System.out.printf("camel: x ~ ½N(−1, 0.5²) + ½N(1, 0.5²); seed %d, %d stages, IWAE k = %d, evaluation by L_%d on %d fresh points%n",
                o.seed, o.stages, o.k, o.evalK, o.testSize);
        CamelExperiment.Result r = CamelExperiment.run(o);
        System.out.println();
        System.out.print(r.table(o.k, o.evalK));
        System.out.printf("%nIWAE − VAE: %+.4f nats; wall time %.1f s%n", r.iwaeScore.mean - r.vaeScore.mean, r.seconds);
        for (Path p : CamelExperiment.writeFigures(r, out)) System.out.println("wrote " + p.toAbsolutePath());
        return 0;
    }
}
