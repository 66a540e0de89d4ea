package iwae4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code -D} settings each experiment reads, and the check that refuses a misspelt one before any work
 * starts: {@code -Dlatnet=8} would otherwise be ignored silently and the run would use the default.
 *
 * <p>A system property is taken for one of ours when it is one of any experiment's settings or when its name
 * looks like one (lower-case letters, digits and dots) outside the namespaces of the JVM, Maven and other
 * tools ({@code java.}, {@code maven.}, ...). Such a name that the chosen experiment does not read is an error
 * naming the closest setting it does read.
 */
public final class Settings {
    /** Read by every experiment: the kernels' thread count and backend, the trainer's thread choice, the MNIST folder. */
    static final Set<String> COMMON = Set.of("exp", "iwae4j.threads", "iwae4j.vector", "iwae4j.gemm.parallel",
            "iwae4j.spinMicros", "iwae4j.adaptiveThreads", "data.dir");
    private static final Set<String> MNIST = Set.of("layers", "k", "objective", "estimator", "m", "beta", "stages", "schedule",
            "seed", "eval.k", "test.size", "resume", "out");
    private static final Set<String> CSV = Set.of("data", "header", "delimiter", "decimal", "skip", "columns", "drop", "missing");
    private static final Set<String> SNR = Set.of("checkpoint", "out", "estimators", "snr.ks", "snr.draws", "seed");

    /** The settings of each experiment, besides {@link #COMMON}. */
    static final Map<String, Set<String>> BY_EXPERIMENT = Map.ofEntries(
            Map.entry("camel", Set.of("seed", "stages", "out")),
            Map.entry("classify", Set.of("epochs", "batch", "lr", "hidden", "dropout", "seed")),
            Map.entry("mnist", MNIST),
            Map.entry("mnist-eval", union(MNIST, Set.of("checkpoint", "eval.pruned"))),
            Map.entry("table1", Set.of("stages", "seed", "eval.k", "test.size", "parallel.cells", "cells", "out", "from", "published")),
            Map.entry("table1-report", Set.of("out", "compare")),
            Map.entry("table1-publish", Set.of("out", "published", "stages", "cells")),
            Map.entry("snr", SNR),
            Map.entry("snr-toy", union(SNR, Set.of("toy.d", "toy.perturbation"))),
            Map.entry("curves", Set.of("runs", "labels", "out")),
            Map.entry("fit", union(CSV, Set.of("model.out", "likelihood", "latent", "hidden", "objective", "k", "batch", "lr", "epochs",
                    "validation", "patience", "seed", "sigma.min", "point.mass", "binary",
                    "score.data", "score.out", "score.k", "score.seed"))),
            Map.entry("score", union(CSV, Set.of("model", "out", "k", "seed"))),
            Map.entry("impute", union(CSV, Set.of("model", "out", "k", "seed", "impute.draws"))),
            Map.entry("score-images", Set.of("model", "images", "out", "k", "seed", "dark.on.light")));

    /** Namespaces (ending in a dot) and names of the JVM, Maven, test runners and libraries: never ours. */
    private static final List<String> FOREIGN = List.of("java.", "javax.", "jdk.", "sun.", "com.", "org.", "net.", "os.", "user.",
            "file.", "line.", "path.", "native.", "stdout.", "stderr.", "stdin.", "awt.", "http.", "https.", "ftp.", "socks",
            "maven.", "classworlds.", "library.", "guice.", "jansi.", "jna.", "jline.", "exec.", "style.", "surefire.", "junit.",
            "kotlin.", "log4j.", "log4j2.", "slf4j.", "logback.", "env.", "iwae4j.test.", "jboss.", "aether.", "picocli.",
            "spark.", "hadoop.", "io.", "jffi.",
            // whole names: Surefire's test filter and base folder
            "test", "basedir");
    private static final java.util.regex.Pattern OURS = java.util.regex.Pattern.compile("[a-z][a-z0-9.]*");

    private Settings() {
    }

    /** The settings {@code -Dexp=exp} reads (with those every experiment reads), or null for an unknown experiment. */
    public static Set<String> of(String exp) {
        Set<String> own = BY_EXPERIMENT.get(exp);
        return own == null ? null : union(own, COMMON);
    }

    /**
     * Throws {@link IllegalArgumentException} naming the first property that looks like a setting but is not
     * one of {@code exp}'s, with the closest of its settings ("did you mean") or, when none is close, its list.
     * Unknown experiments are left to the caller.
     */
    static void check(String exp, Properties props) {
        Set<String> own = BY_EXPERIMENT.get(exp), known = of(exp);
        if (own == null) return;
        for (String name : new TreeSet<>(props.stringPropertyNames())) {
            if (known.contains(name) || !looksOurs(name)) continue;
            String closest = closest(name, known);
            String others = elsewhere(name);
            StringBuilder m = new StringBuilder("-D").append(name).append(" is not a setting of -Dexp=").append(exp);
            if (closest != null) m.append("; did you mean -D").append(closest).append('?');
            else m.append(others != null ? " (it belongs to -Dexp=" + others + ")" : "")
                    .append("; its settings are ").append(String.join(", ", new TreeSet<>(own)));
            throw new IllegalArgumentException(m.toString());
        }
    }

    static boolean looksOurs(String name) {
        for (Set<String> s : BY_EXPERIMENT.values()) if (s.contains(name)) return true;
        if (!OURS.matcher(name).matches()) return false;
        for (String f : FOREIGN) if (f.endsWith(".") ? name.startsWith(f) : name.equals(f)) return false;
        return true;
    }

    /** The experiments other than the running one that read {@code name}, or null. */
    private static String elsewhere(String name) {
        List<String> in = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : new java.util.TreeMap<>(BY_EXPERIMENT).entrySet()) {
            if (e.getValue().contains(name)) in.add(e.getKey());
        }
        return in.isEmpty() ? null : String.join(", ", in);
    }

    /** The known setting nearest to {@code name} by edit distance, if within a third of its length (at least 2). */
    static String closest(String name, Set<String> known) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : new TreeSet<>(known)) {
            int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best != null && bestD <= Math.max(2, name.length() / 3) ? best : null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }
}
