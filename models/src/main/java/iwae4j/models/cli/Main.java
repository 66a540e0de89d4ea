package iwae4j.models.cli;

import iwae4j.models.CamelExperiment;
import iwae4j.models.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

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
            "  mnist        train and evaluate on MNIST (see the README)",
            "  mnist-eval   evaluate a checkpoint: -Dcheckpoint=PATH");

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
        String exp = System.getProperty("exp");
        if (exp == null || exp.isBlank()) {
            System.err.println(USAGE);
            return 2;
        }
        switch (exp.trim()) {
            case "camel":
                return camel();
            default:
                System.err.println("error: unknown experiment '" + exp + "'\n" + USAGE);
                return 2;
        }
    }

    static long longProp(String name, long def) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) return def;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be a whole number, got '" + v + "'");
        }
    }

    static int intProp(String name, int def, int min, int max) {
        long v = longProp(name, def);
        if (v < min || v > max) throw new IllegalArgumentException("-D" + name + " must be between " + min + " and " + max + ", got " + v);
        return (int) v;
    }

    private static int camel() throws IOException {
        CamelExperiment.Options o = new CamelExperiment.Options();
        o.seed = longProp("seed", o.seed);
        o.stages = intProp("stages", o.stages, 1, 8);
        Path out = Path.of(System.getProperty("out", "out/camel"));
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
