package iwae4j.tensor;

import java.util.Optional;

/**
 * Which kernels run: the Vector API ({@code jdk.incubator.vector}) when the JVM has that module, else plain
 * Java computing the same polynomials, reductions and fused multiply-adds in the same order, so both give the
 * same bits; chosen once, when this class initializes, as the one {@link Kernels} implementation every facade
 * delegates to. Without the module one warning says how to get the fast path. {@code -Diwae4j.vector=false}
 * forces plain Java (for comparisons).
 */
public final class Vectorization {
    /** The backend in use; a constant, so the JIT inlines through the interface. */
    static final Kernels KERNELS = detect();

    private Vectorization() {
    }

    /** Whether the Vector API kernels are in use (false: the plain-Java ones). */
    public static boolean enabled() {
        return !(KERNELS instanceof PlainJavaKernels);
    }

    /** One line for logs: which kernels run, and the vector width if any. */
    public static String description() {
        return KERNELS.description();
    }

    private static Kernels detect() {
        if ("false".equalsIgnoreCase(System.getProperty("iwae4j.vector", "true").trim())) return new PlainJavaKernels();
        Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
        if (vector.isPresent() && Vectorization.class.getModule().canRead(vector.get())) {
            try {
                // by name, so that this class links without the module; the species are built here, not at first use
                Class.forName("iwae4j.tensor.PanamaVectorMath", true, Vectorization.class.getClassLoader());
                return (Kernels) Class.forName("iwae4j.tensor.PanamaKernels", true, Vectorization.class.getClassLoader())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                warn("the Vector API could not start (" + e + "); using plain-Java kernels, several times slower");
                return new PlainJavaKernels();
            }
        }
        warn("jdk.incubator.vector is not available, so iwae4j runs plain-Java kernels (same results, several times"
                + " slower); add --add-modules=jdk.incubator.vector to the java command for the fast path");
        return new PlainJavaKernels();
    }

    private static void warn(String message) {
        System.getLogger("iwae4j").log(System.Logger.Level.WARNING, message);
    }
}
