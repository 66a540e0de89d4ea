package iwae4j.bench;

import iwae4j.models.ModelSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks and prints markdown tables with GFLOP/s, speed-ups and allocation per operation.
 * Usage: {@code java -jar bench/target/benchmarks.jar} for raw JMH, or
 * {@code java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar iwae4j.bench.Report [gemm|elementwise|step|eval|estimators|all] [--quick]}
 * (the forks inherit this JVM's options, so {@code -Diwae4j.vectorBits=256} before {@code -cp} reports the 256-bit path).
 */
public final class Report {
    private Report() {
    }

    public static void main(String[] args) throws RunnerException {
        Locale.setDefault(Locale.ROOT);
        String what = args.length > 0 ? args[0] : "all";
        boolean quick = List.of(args).contains("--quick");
        smoke = List.of(args).contains("--smoke");
        peak = Double.NaN;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            // the peak and the tables are at the kernels' vector width, which only the Vector API can tell
            System.err.println("error: Report needs the Vector API: java --add-modules=jdk.incubator.vector -cp bench/target/benchmarks.jar iwae4j.bench.Report "
                    + String.join(" ", args));
            System.exit(2);
        }
        System.out.println("JDK " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
                + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores"
                + (smoke ? ", SMOKE settings (in-process, one 50 ms iteration, one cell: not a measurement)"
                : quick ? ", quick settings (1 fork, short iterations)" : ""));
        if (what.equals("gemm") || what.equals("all")) gemm(quick);
        if (what.equals("elementwise") || what.equals("all")) elementwise(quick);
        if (what.equals("step") || what.equals("all")) step(quick);
        if (what.equals("eval") || what.equals("all")) eval(quick);
        if (what.equals("estimators") || what.equals("all")) estimators(quick);
    }

    /** Checks that every section runs and prints (the guard test), not a measurement: no fork, one short iteration, one cell. */
    private static boolean smoke;

    /**
     * The CPU's model name from /proc/cpuinfo with its family and model numbers (the benchmark tables name it; a
     * VM may call Zen 4 and Zen 5 alike "AMD EPYC", the numbers tell them apart), or the architecture where there
     * is none.
     */
    static String cpuModel() {
        try {
            String name = null, family = null, model = null;
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                String value = line.substring(line.indexOf(':') + 1).trim();
                if (name == null && line.startsWith("model name")) name = value;
                else if (family == null && line.startsWith("cpu family")) family = value;
                else if (model == null && line.matches("model\\s*:.*")) model = value;
                if (line.isEmpty() && name != null) break;
            }
            if (name != null) return family == null || model == null ? name : name + ", family " + family + " model " + model;
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch") + " CPU";
    }

    private static Collection<RunResult> run(Class<?> bench, boolean quick, boolean gc, String... params) {
        ChainedOptionsBuilder b = new OptionsBuilder().include(bench.getName() + "\\.");
        if (smoke) {
            b.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(50))
                    .param("layers", "1").param("k", "1").param("threads", "1").param("layout", "AB").param("estimator", "iwae", "stl");
        } else if (quick) {
            b.forks(1).warmupIterations(3).measurementIterations(3)
                    .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
        }
        for (int i = 0; i + 1 < params.length; i += 2) b.param(params[i], params[i + 1].split(","));
        if (gc) b.addProfiler(GCProfiler.class);
        try {
            return new Runner(b.build()).run();
        } catch (RunnerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double peak = Double.NaN;

    /** One core's FMA peak in GFLOP/s at the kernels' width ({@link FmaPeakBench}), measured once per report. */
    private static double peak(boolean quick) {
        if (Double.isNaN(peak)) {
            for (RunResult r : run(FmaPeakBench.class, quick, false)) peak = FmaPeakBench.flopsPerCall() / (r.getPrimaryResult().getScore() * 1e-6) / 1e9;
            System.out.printf("%nOne core's FMA peak (FmaPeakBench, %d lanes, %d-bit vectors): %.1f GFLOP/s; \"%% of peak\" is GFLOP/s over threads × that.%n",
                    FmaPeakBench.S.length(), FmaPeakBench.S.vectorBitSize(), peak);
        }
        return peak;
    }

    private static String method(RunResult r) {
        String label = r.getParams().getBenchmark();
        return label.substring(label.lastIndexOf('.') + 1);
    }

    private static void gemm(boolean quick) {
        System.out.println("\n### GEMM, [1000×200]·[200×784] and its backward layouts (2·m·n·k = 313.6 MFLOP)\n");
        System.out.println("| layout | threads | µs/op | ± | GFLOP/s |");
        System.out.println("|---|---|---|---|---|");
        for (RunResult r : run(GemmBench.class, quick, false)) {
            Result p = r.getPrimaryResult();
            double gflops = 2.0 * 1000 * 784 * 200 / (p.getScore() * 1e-6) / 1e9;
            System.out.printf("| %s | %s | %.0f | %.0f | %.1f |%n", r.getParams().getParam("layout"), r.getParams().getParam("threads"),
                    p.getScore(), p.getScoreError(), gflops);
        }
    }

    private static void elementwise(boolean quick) {
        System.out.println("\n### Elementwise kernels over 10⁵ floats\n");
        List<RunResult> rs = new ArrayList<>(run(ElementwiseBench.class, quick, false));
        System.out.println("| kernel | µs/op | ± | scalar Math loop µs/op | speed-up |");
        System.out.println("|---|---|---|---|---|");
        String[][] pairs = {{"expBuiltin", "expScalar"}, {"expPolynomial", "expScalar"}, {"tanhVector", "tanhScalar"},
                {"softplusVector", "softplusScalar"}, {"logSumExpVector", "logSumExpScalar"},
                {"normalsVector", "normalsScalar"}, {"normalsVector", "normalsPolar"}};
        for (String[] p : pairs) {
            RunResult fast = find(rs, p[0]), slow = find(rs, p[1]);
            if (fast == null || slow == null) continue;
            double f = fast.getPrimaryResult().getScore(), s = slow.getPrimaryResult().getScore();
            System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f× |%n", p[0] + (p[1].equals("normalsPolar") ? " vs polar" : ""), f, fast.getPrimaryResult().getScoreError(), s, s / f);
        }
    }

    private static RunResult find(List<RunResult> rs, String method) {
        for (RunResult r : rs) if (method(r).equals(method)) return r;
        return null;
    }

    private static void step(boolean quick) {
        double peak = peak(quick);
        System.out.println("\n### Training step at batch 20 (paper architectures), IWAE objective\n");
        System.out.println("| layers | k | threads | benchmark | ms/op | ± | GFLOP/s | % of peak | alloc B/op |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (RunResult r : run(TrainStepBench.class, quick, true)) {
            int layers = Integer.parseInt(r.getParams().getParam("layers")), k = Integer.parseInt(r.getParams().getParam("k"));
            ModelSpec spec = layers == 1 ? ModelSpec.mnist1() : ModelSpec.mnist2();
            double ms = r.getPrimaryResult().getScore();
            double gflops = 6.0 * TrainStepBench.forwardMacs(spec, k, Integer.parseInt(r.getParams().getParam("batch"))) / (ms * 1e-3) / 1e9;
            Result alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            int threads = Integer.parseInt(r.getParams().getParam("threads"));
            System.out.printf("| %d | %d | %d | %s | %.3f | %.3f | %.1f | %.0f %% | %s |%n", layers, k, threads, method(r), ms,
                    r.getPrimaryResult().getScoreError(), gflops, 100 * gflops / (threads * peak), alloc == null ? "?" : String.format("%.1f", alloc.getScore()));
        }
    }

    private static void eval(boolean quick) {
        double peak = peak(quick);
        System.out.println("\n### L_5000 evaluation throughput\n");
        System.out.println("| layers | threads | test points/s | ± | GFLOP/s | % of peak |");
        System.out.println("|---|---|---|---|---|---|");
        for (RunResult r : run(EvalBench.class, quick, false)) {
            int layers = Integer.parseInt(r.getParams().getParam("layers"));
            ModelSpec spec = layers == 1 ? ModelSpec.mnist1() : ModelSpec.mnist2();
            double pts = r.getPrimaryResult().getScore();
            // useful work: 2 FLOP per multiply-add of one forward pass with 5000 samples of one test point
            double gflops = 2.0 * TrainStepBench.forwardMacs(spec, 5000, 1) * pts / 1e9;
            int threads = Integer.parseInt(r.getParams().getParam("threads"));
            System.out.printf("| %d | %d | %.1f | %.1f | %.1f | %.0f %% |%n", layers, threads,
                    pts, r.getPrimaryResult().getScoreError(), gflops, 100 * gflops / (threads * peak));
        }
    }

    private static void estimators(boolean quick) {
        System.out.println("\n### Training step of each gradient estimator, 1 layer, k = 50, batch 20\n");
        System.out.println("| estimator | threads | ms/op | ± | × IWAE | alloc B/op |");
        System.out.println("|---|---|---|---|---|---|");
        List<RunResult> rs = new ArrayList<>(run(EstimatorStepBench.class, quick, true));
        for (RunResult r : rs) {
            double ms = r.getPrimaryResult().getScore(), iwae = Double.NaN;
            for (RunResult o : rs) {
                if (o.getParams().getParam("estimator").equals("iwae") && o.getParams().getParam("threads").equals(r.getParams().getParam("threads"))) {
                    iwae = o.getPrimaryResult().getScore();
                }
            }
            Result alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            System.out.printf("| %s | %s | %.3f | %.3f | %.2f | %s |%n", r.getParams().getParam("estimator"), r.getParams().getParam("threads"),
                    ms, r.getPrimaryResult().getScoreError(), ms / iwae, alloc == null ? "?" : String.format("%.1f", alloc.getScore()));
        }
    }
}
