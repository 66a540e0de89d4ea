package iwae4j.tensor;

import java.util.Optional;

/**
 * Which kernels run: the Vector API ({@code jdk.incubator.vector}) when the JVM has that module, else plain
 * Java computing the same polynomials, reductions and fused multiply-adds in the same order, so both give the
 * same bits; chosen once, when this class initializes. Without the module one warning says how to get the
 * fast path. {@code -Diwae4j.vector=false} forces plain Java (for comparisons).
 */
public final class Vectorization {
    /** True when the Vector API kernels are in use. */
    static final boolean PANAMA = detect();

    private Vectorization() {
    }

    /** Whether the Vector API kernels are in use (false: the plain-Java ones). */
    public static boolean enabled() {
        return PANAMA;
    }

    /** One line for logs: which kernels run, and the vector width if any. */
    public static String description() {
        return PANAMA ? "Vector API kernels (jdk.incubator.vector)" : "plain-Java kernels (no jdk.incubator.vector)";
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("iwae4j.vector", "true").trim())) return false;
        Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
        if (vector.isPresent() && Vectorization.class.getModule().canRead(vector.get())) {
            try {
                Class.forName("iwae4j.tensor.PanamaVectorMath", true, Vectorization.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                warn("the Vector API could not start (" + e + "); using plain-Java kernels, several times slower");
                return false;
            }
        }
        warn("jdk.incubator.vector is not available, so iwae4j runs plain-Java kernels (same results, several times"
                + " slower); add --add-modules=jdk.incubator.vector to the java command for the fast path");
        return false;
    }

    private static void warn(String message) {
        System.getLogger("iwae4j").log(System.Logger.Level.WARNING, message);
    }
}
