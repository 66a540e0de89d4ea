package iwae4j.models.data;

import iwae4j.models.Table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Files written by numpy 1.24 ({@code src/test/resources/npy/make_fixtures.py}). */
class NpyTest {
    private static Path fixture(String name) throws Exception {
        return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f4.npy", "f8.npy", "f4_big_endian.npy"})
    void readsFloatArraysInCOrder(String name) throws Exception {
        Table t = Npy.read(fixture(name));
        assertEquals(2, t.size());
        assertEquals(3, t.cols());
        assertArrayEquals(new float[] {1.5f, -2.25f, 3f, 4f, 5.5f, -6.125f}, t.values());
        assertEquals("x3", t.names().get(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"u1.npy"})
    void readsBytesAsTheirValues(String name) throws Exception {
        assertArrayEquals(new float[] {0, 1, 255, 7, 128, 3}, Npy.read(fixture(name)).values());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f8_1d.npy"})
    void aOneDimensionalArrayIsOneColumn(String name) throws Exception {
        Table t = Npy.read(fixture(name));
        assertEquals(4, t.size());
        assertEquals(1, t.cols());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "fortran.npy|Fortran order",
            "i8.npy|dtype '<i8' is not supported",
            "f4_3d.npy|3 dimensions"})
    void unsupportedArraysAreNamedErrors(String name, String message) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(fixture(name)));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"not npy at all|not a .npy file", "truncated|bytes of data"})
    void brokenFilesAreNamedErrors(String what, String message) throws Exception {
        byte[] good = java.nio.file.Files.readAllBytes(fixture("f8.npy"));
        byte[] bad = what.startsWith("not") ? "hello, world".getBytes() : java.util.Arrays.copyOf(good, good.length - 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.parse("x.npy", bad));
        assertTrue(e.getMessage().startsWith("x.npy: ") && e.getMessage().contains(message), e.getMessage());
    }

    /** A version-1 header with the given shape text and 16 bytes of data. */
    private static byte[] withShape(String shape) {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        header = header + " ".repeat(117 - header.length()) + "\n";
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(128 + 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 0x93).put("NUMPY".getBytes()).put((byte) 1).put((byte) 0).putShort((short) 118).put(header.getBytes());
        return bb.array();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "(-1, 2)|the shape holds the negative dimension -1",
            "(2, -3)|the shape holds the negative dimension -3",
            "(2, x)|the shape holds 'x', not a whole number",
            "(9223372036854775808,)|the shape holds '9223372036854775808', not a whole number",
            "(9223372036854775807, 2)|need more than 2^63 bytes of data, the file has 16",
            "(0, 2)|the array has no rows"})
    void aShapeThatCannotBeIsANamedError(String shape, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.parse("x.npy", withShape(shape)));
        assertTrue(e.getMessage().startsWith("x.npy: ") && e.getMessage().contains(message), e.getMessage());
        assertEquals(2, Npy.parse("x.npy", withShape("(2, 2)")).size(), "the same header with a good shape reads");
    }
}
