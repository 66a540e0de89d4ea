package iwae4j.proptest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import iwae4j.models.data.Idx;
import iwae4j.models.io.SafeTensors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken IDX and safetensors files generated from a seed: every one is rejected with an
 * IllegalArgumentException that names the file, never an index or other runtime exception.
 */
class CorruptFileTest {
    private static final long MASTER_SEED = 0xBAD_F11EL;

    static LongStream seeds() {
        SplittableRandom r = new SplittableRandom(MASTER_SEED);
        return LongStream.generate(r::nextLong).limit(60);
    }

    private static void rejected(long seed, String what, String name, Runnable parse) {
        try {
            parse.run();
            fail("seed " + seed + ": " + what + " was accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains(name), "seed " + seed + ": message does not name the file: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new AssertionError("seed " + seed + ": " + what + " threw " + e, e);
        }
    }

    private static byte[] validIdx(SplittableRandom r, int[] dimsOut) {
        int n = 1 + r.nextInt(5), side = 1 + r.nextInt(6);
        dimsOut[0] = n;
        dimsOut[1] = side;
        byte[] px = new byte[n * side * side];
        r.nextBytes(px);
        return Idx.encode(new int[] {n, side, side}, px);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void brokenIdxFilesAreRejectedWithAClearError(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] dims = new int[2];
        byte[] good = validIdx(r, dims);
        Idx.Data ok = Idx.parse("good.idx", good, 3);
        assertArrayEquals(new int[] {dims[0], dims[1], dims[1]}, ok.dims);

        byte[] truncated = java.util.Arrays.copyOf(good, r.nextInt(good.length));
        rejected(seed, "a file truncated to " + truncated.length + " bytes", "cut.idx", () -> Idx.parse("cut.idx", truncated, 3));

        byte[] magic = good.clone();
        int at = r.nextInt(4);
        magic[at] = (byte) (magic[at] ^ (1 + r.nextInt(255)));
        rejected(seed, "a corrupt magic byte at " + at, "magic.idx", () -> Idx.parse("magic.idx", magic, 3));

        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1 + r.nextInt(10));
        rejected(seed, "trailing bytes", "long.idx", () -> Idx.parse("long.idx", longer, 3));

        byte[] bigDim = good.clone();
        int d = 4 + 4 * r.nextInt(3);
        bigDim[d] = (byte) (0x40 + r.nextInt(0x40));
        rejected(seed, "a huge dimension", "dim.idx", () -> Idx.parse("dim.idx", bigDim, 3));

        rejected(seed, "the wrong number of dimensions", "rank.idx", () -> Idx.parse("rank.idx", good, 1));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void brokenSafetensorsFilesAreRejectedWithAClearError(long seed, @TempDir java.nio.file.Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, SafeTensors.Entry> tensors = new LinkedHashMap<>();
        int count = 1 + r.nextInt(3);
        for (int i = 0; i < count; i++) {
            int rows = 1 + r.nextInt(4), cols = 1 + r.nextInt(4);
            float[] v = new float[rows * cols];
            for (int j = 0; j < v.length; j++) v[j] = (float) r.nextGaussian();
            tensors.put("t" + i, new SafeTensors.Entry(new int[] {rows, cols}, v));
        }
        java.nio.file.Path file = dir.resolve("x.safetensors");
        SafeTensors.write(file, tensors, Map.of("note", "seed " + seed));
        byte[] good = java.nio.file.Files.readAllBytes(file);
        SafeTensors.Contents back = SafeTensors.parse("good", good);
        assertEquals("seed " + seed, back.metadata.get("note"));
        for (String k : tensors.keySet()) assertArrayEquals(tensors.get(k).data, back.tensors.get(k).data);

        byte[] truncated = java.util.Arrays.copyOf(good, r.nextInt(good.length));
        rejected(seed, "a file truncated to " + truncated.length + " bytes", "cut.st", () -> SafeTensors.parse("cut.st", truncated));

        byte[] hugeHeader = good.clone();
        hugeHeader[7] = (byte) (1 + r.nextInt(100));
        rejected(seed, "a huge header length", "len.st", () -> SafeTensors.parse("len.st", hugeHeader));

        String header = new String(good, 8, (int) java.nio.ByteBuffer.wrap(good, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong());
        String[] edits = {
                header.replaceFirst("\"F32\"", "\"F16\""),
                header.replaceFirst("\"shape\":\\[(\\d+)", "\"shape\":[9$1"),
                header.replaceFirst("\"data_offsets\":\\[0,", "\"data_offsets\":[1,"),
                header.replaceFirst("\\{", "["),
                header.replaceFirst("\"dtype\"", "\"dtipe\"")};
        for (int i = 0; i < edits.length; i++) {
            byte[] h = edits[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + h.length + good.length - 8 - header.length())
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putLong(h.length).put(h).put(good, 8 + header.length(), good.length - 8 - header.length());
            byte[] bad = b.array();
            String name = "edit" + i + ".st";
            rejected(seed, "header edit " + i + ": " + edits[i], name, () -> SafeTensors.parse(name, bad));
        }
        java.io.IOException missing = assertThrows(java.io.IOException.class, () -> SafeTensors.read(dir.resolve("missing.safetensors")));
        assertTrue(missing.getCause() instanceof java.nio.file.NoSuchFileException, "the cause is kept: " + missing.getCause());
    }
}
