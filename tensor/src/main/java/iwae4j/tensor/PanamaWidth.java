package iwae4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector width every Vector API kernel runs at, chosen once: the JVM's preferred width, or a narrower one named by
 * {@code -Diwae4j.vectorBits=256} (or 128), so that the 8-lane path of AVX2 hosts can be measured and tested on any
 * host. A width above the preferred one is refused (it would run in software). The results are the same bits at
 * every width: each output element's arithmetic and every reduction's order do not depend on the lane count.
 */
final class PanamaWidth {
    static final VectorSpecies<Float> FLOATS;
    static final VectorSpecies<Integer> INTS;

    static {
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        String p = System.getProperty("iwae4j.vectorBits");
        int bits = preferred;
        if (p != null && !p.isBlank()) {
            try {
                bits = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-Diwae4j.vectorBits must be 128, 256 or 512, got '" + p + "'");
            }
            if (bits != 128 && bits != 256 && bits != 512) throw new IllegalArgumentException("-Diwae4j.vectorBits must be 128, 256 or 512, got " + bits);
            if (bits > preferred) {
                throw new IllegalArgumentException("-Diwae4j.vectorBits=" + bits + " is wider than this CPU's vectors (" + preferred + " bits)");
            }
        }
        VectorShape shape = VectorShape.forBitSize(bits);
        FLOATS = FloatVector.SPECIES_PREFERRED.vectorBitSize() == bits ? FloatVector.SPECIES_PREFERRED : VectorSpecies.of(float.class, shape);
        INTS = VectorSpecies.of(int.class, shape);
    }

    private PanamaWidth() {
    }
}
