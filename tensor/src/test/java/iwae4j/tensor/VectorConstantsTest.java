package iwae4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels pass constants as vectors, never as scalars ({@code v.max(lo)}, not {@code v.max(0f)}): a
 * scalar argument adds four inlining levels, and where a kernel is inlined deep into a caller C2's MaxInlineLevel
 * left the broadcast to the Java fallback in some JIT runs (the scorer then allocated 192 KB a row). Read from the
 * compiled classes: every call the Panama classes make to a vector's arithmetic, comparison or blend names its
 * parameters in its descriptor, and none may be a primitive; a shift by a scalar count (lanewise with an int) is the
 * one exception, as its count goes to the shift instruction. A class in this file that breaks the rule is the
 * negative control.
 */
class VectorConstantsTest {
    /** The vector methods whose scalar overloads broadcast inside the Vector API. */
    private static final Set<String> OPS = Set.of("add", "sub", "mul", "div", "min", "max", "lt", "gt", "eq", "compare",
            "blend", "and", "or", "lanewise", "fma", "pow", "test");

    /** The calls in one class file that pass a scalar where a vector should go, as "owner.name descriptor". */
    static List<String> scalarArguments(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] first = new int[count], second = new int[count], tag = new int[count];
        for (int i = 1; i < count; i++) {
            tag[i] = in.readUnsignedByte();
            switch (tag[i]) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;   // eight-byte constants take two slots
                }
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("constant pool tag " + tag[i] + " at " + i);
            }
        }
        List<String> bad = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            if (tag[i] != 10) continue;   // Methodref
            String owner = utf8[first[first[i]]];
            String name = utf8[first[second[i]]], descriptor = utf8[second[second[i]]];
            if (!owner.startsWith("jdk/incubator/vector/") || !owner.endsWith("Vector") || !OPS.contains(name)) continue;
            String params = descriptor.substring(1, descriptor.indexOf(')'));
            boolean shiftCount = name.equals("lanewise") && params.equals("Ljdk/incubator/vector/VectorOperators$Binary;I");
            if (!shiftCount && hasPrimitive(params)) bad.add(owner + "." + name + " " + descriptor);
        }
        return bad;
    }

    /** Whether a descriptor's parameter list holds a primitive (outside class names and array element types). */
    private static boolean hasPrimitive(String params) {
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            if (c == 'L') {
                i = params.indexOf(';', i);
            } else if (c == '[') {
                while (params.charAt(i + 1) == '[') i++;
                if (params.charAt(i + 1) == 'L') i = params.indexOf(';', i);
                else i++;
            } else {
                return true;
            }
        }
        return false;
    }

    @Test
    void panamaKernelsPassNoScalarToAVectorOperation() throws Exception {
        Path dir = Path.of(PanamaVectorMath.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("iwae4j/tensor");
        List<Path> classes;
        try (Stream<Path> files = Files.list(dir)) {
            classes = files.filter(p -> p.getFileName().toString().startsWith("Panama") && p.toString().endsWith(".class")).sorted().toList();
        }
        assertTrue(classes.size() >= 8, "Panama classes found in " + dir + ": " + classes);
        List<String> bad = new ArrayList<>();
        for (Path c : classes) {
            try (InputStream in = Files.newInputStream(c)) {
                for (String call : scalarArguments(in)) bad.add(c.getFileName() + ": " + call);
            }
        }
        assertEquals(List.of(), bad, "broadcast these constants before the loop and pass the vector");
    }

    /** Negative control: the reader finds the scalar arguments of a class that uses them, and passes its vector forms. */
    @Test
    void findsScalarArgumentsWhereTheyAre() throws IOException {
        try (InputStream in = VectorConstantsTest.class.getResourceAsStream("VectorConstantsTest$Scalars.class")) {
            List<String> bad = scalarArguments(in);
            assertEquals(3, bad.size(), bad.toString());
            assertTrue(bad.stream().anyMatch(s -> s.contains(".max (F)")), bad.toString());
            assertTrue(bad.stream().anyMatch(s -> s.contains(".compare (Ljdk/incubator/vector/VectorOperators$Comparison;F)")), bad.toString());
            assertTrue(bad.stream().anyMatch(s -> s.contains(".blend (JLjdk/incubator/vector/VectorMask;)")), bad.toString());
        }
        try (InputStream in = VectorConstantsTest.class.getResourceAsStream("VectorConstantsTest$Vectors.class")) {
            assertEquals(List.of(), scalarArguments(in));
        }
    }

    /** Scalar arguments: three calls the rule forbids. */
    static final class Scalars {
        static FloatVector clamp(FloatVector v) {
            return v.max(0f).blend(1L, v.compare(VectorOperators.GT, 2f));
        }
    }

    /** The same with vectors, and a shift by a scalar count (allowed). */
    static final class Vectors {
        static FloatVector clamp(FloatVector v, FloatVector zero, FloatVector one, FloatVector two) {
            return v.max(zero).blend(one, v.compare(VectorOperators.GT, two))
                    .reinterpretAsInts().lanewise(VectorOperators.LSHL, 1).reinterpretAsFloats();
        }
    }
}
