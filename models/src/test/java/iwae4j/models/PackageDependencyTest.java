package iwae4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library module depends one way. Between modules: {@code iwae4j.models} requires only the autodiff module,
 * FastCSV and java.logging (no java.desktop, no JOML, nothing of the application module
 * {@code iwae4j.experiments}), and no source of it names the application's packages. Inside it: the core
 * ({@code iwae4j.models}) uses neither data nor io; data and io use the core only; the package graph has no
 * cycle. Read from the sources: every {@code iwae4j.models.x} named in an import or a fully qualified reference
 * counts.
 */
class PackageDependencyTest {
    private static final Pattern REF = Pattern.compile("iwae4j\\.models\\.([a-z]+)\\b");

    static Map<String, Set<String>> graph() throws IOException {
        Path root = Path.of("src/main/java/iwae4j/models");
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Path rel = root.relativize(f.getParent());
                String pkg = rel.toString().isEmpty() ? "core" : rel.toString().replace('/', '.');
                Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = REF.matcher(Files.readString(f));
                while (m.find()) {
                    String target = m.group(1);
                    if (!target.equals(pkg) && Files.isDirectory(root.resolve(target))) out.add(target);
                }
                // core classes named without a package (same-package use) are not references; imports of
                // iwae4j.models.Foo from a subpackage are
                Matcher c = Pattern.compile("import iwae4j\\.models\\.[A-Z]|import iwae4j\\.models\\.\\*").matcher(Files.readString(f));
                if (!pkg.equals("core") && c.find()) out.add("core");
            }
        }
        return deps;
    }

    @Test
    void theCoreUsesNoneOfTheOuterPackagesAndDataAndIoUseOnlyTheCore() throws IOException {
        Map<String, Set<String>> g = graph();
        System.out.println("package dependencies: " + g);
        assertEquals(Set.of(), g.get("core"), "the core package must not use data or io");
        for (String inner : List.of("data", "io")) {
            assertTrue(Set.of("core").containsAll(g.getOrDefault(inner, Set.of())), inner + " may use only the core: " + g.get(inner));
        }
    }

    @Test
    void theLibraryModuleRequiresNoDesktopNoPlottingAndNothingOfTheApplication() throws IOException {
        String info = Files.readString(Path.of("src/main/java/module-info.java"));
        Set<String> requires = new TreeSet<>();
        Matcher m = Pattern.compile("requires\\s+(?:transitive\\s+)?([\\w.]+)\\s*;").matcher(info);
        while (m.find()) requires.add(m.group(1));
        System.out.println("iwae4j.models requires " + requires);
        assertEquals(Set.of("iwae4j.autodiff", "java.logging", "de.siegmar.fastcsv"), requires);
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(f);
                for (String app : List.of("iwae4j.experiments", "iwae4j.cli", "iwae4j.plot", "java.awt", "javax.imageio", "org.joml")) {
                    assertTrue(!Pattern.compile("(import|requires)\\s+(static\\s+)?" + Pattern.quote(app) + "\\b").matcher(text).find(),
                            f + " imports " + app);
                }
            }
        }
    }

    @Test
    void thePackageGraphHasNoCycle() throws IOException {
        Map<String, Set<String>> g = graph();
        List<String> order = new ArrayList<>();
        Set<String> done = new TreeSet<>(), onPath = new TreeSet<>();
        for (String p : g.keySet()) visit(p, g, done, onPath, order);
        assertEquals(g.size(), order.size());
    }

    private static void visit(String p, Map<String, Set<String>> g, Set<String> done, Set<String> onPath, List<String> order) {
        if (done.contains(p)) return;
        assertTrue(onPath.add(p), "package cycle through " + p + ": " + onPath);
        for (String q : g.getOrDefault(p, Set.of())) visit(q, g, done, onPath, order);
        onPath.remove(p);
        done.add(p);
        order.add(p);
    }
}
