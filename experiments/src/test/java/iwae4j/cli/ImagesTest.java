package iwae4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.data.Idx;
import iwae4j.models.io.ModelFile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Dexp=score-images}: PNG, IDX and folders scored alike, a dark-on-light drawing, and the one-line errors. */
class ImagesTest {
    private static final String[] SET = {"exp", "model", "images", "out", "k", "seed", "dark.on.light"};

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        for (String p : SET) System.clearProperty(p);
    }

    private static void run(String... kv) throws Exception {
        OwnDataTest.run(kv);   // Main with the settings, exit code 0
    }

    private static IllegalArgumentException failure(String... kv) {
        for (int i = 0; i < kv.length; i += 2) System.setProperty(kv[i], kv[i + 1]);
        return assertThrows(IllegalArgumentException.class, Main::run);
    }

    /** An MNIST-shaped model file (untrained: the scores only have to be consistent, not good). */
    private Path mnistModel() throws Exception {
        Path f = dir.resolve("mnist.safetensors");
        ModelFile.save(f, iwae4j.models.TrainedModel.of(new Model(ModelSpec.mnist1(), 3)));
        return f;
    }

    /** Two grey 28×28 images as IDX bytes: a vertical bar with soft edges and random grey levels. */
    private static byte[] twoImages() {
        byte[] px = new byte[2 * 784];
        SplittableRandom r = new SplittableRandom(4);
        for (int p = 0; p < 784; p++) {
            int x = p % 28;
            px[p] = (byte) (x >= 12 && x <= 15 ? 255 : x == 11 || x == 16 ? 128 : 0);
            px[784 + p] = (byte) r.nextInt(256);
        }
        return px;
    }

    private static BufferedImage png(byte[] px, int image, boolean invert) {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < 784; p++) {
            int g = px[image * 784 + p] & 0xff;
            if (invert) g = 255 - g;
            img.setRGB(p % 28, p / 28, g << 16 | g << 8 | g);
        }
        return img;
    }

    private static List<String[]> rows(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertEquals("image,log_likelihood,anomaly_score,effective_sample_size", lines.get(0));
        return lines.stream().skip(1).map(l -> l.split(",")).collect(java.util.stream.Collectors.toList());
    }

    @Test
    void pngIdxAndFoldersScoreTheSameImageAlike() throws Exception {
        Path model = mnistModel();
        byte[] px = twoImages();
        Path folder = Files.createDirectories(dir.resolve("in"));
        Path idx = Files.write(folder.resolve("two-idx3-ubyte"), Idx.encode(new int[] {2, 28, 28}, px));
        ImageIO.write(png(px, 0, false), "png", folder.resolve("bar.png").toFile());
        ImageIO.write(png(px, 0, true), "png", dir.resolve("bar-dark-on-light.png").toFile());
        Files.writeString(folder.resolve("notes.txt"), "not an image");
        Files.write(folder.resolve("two-labels-idx1-ubyte"), Idx.encode(new int[] {2}, new byte[] {1, 7}));   // MNIST's labels: skipped

        // one image at a time, the same seed: the same binarized pixels and the same noise, so the same score
        Path fromPng = dir.resolve("png.csv"), fromIdx = dir.resolve("idx.csv"), inverted = dir.resolve("inv.csv"), all = dir.resolve("all.csv");
        run("exp", "score-images", "model", model.toString(), "images", folder.resolve("bar.png").toString(), "out", fromPng.toString(), "k", "20");
        run("exp", "score-images", "model", model.toString(), "images", idx.toString(), "out", fromIdx.toString(), "k", "20");
        run("exp", "score-images", "model", model.toString(), "images", dir.resolve("bar-dark-on-light.png").toString(), "dark.on.light", "true",
                "out", inverted.toString(), "k", "20");
        String[] png = rows(fromPng).get(0), inv = rows(inverted).get(0);
        List<String[]> two = rows(fromIdx);
        assertEquals(2, two.size());
        assertEquals(idx + "#0", two.get(0)[0]);
        assertEquals(idx + "#1", two.get(1)[0]);
        assertEquals(png[1], two.get(0)[1], "the bar as PNG and as the IDX file's first image");
        assertEquals(png[1], inv[1], "a dark-on-light drawing read with -Ddark.on.light=true");
        double ll = Double.parseDouble(png[1]);
        assertTrue(ll < 0 && Double.isFinite(ll), png[1]);
        assertEquals(-ll, Double.parseDouble(png[2]), 1e-6);

        // a folder: its PNG and IDX image files in name order (bar.png, then two-idx3-ubyte), label and other files left out
        run("exp", "score-images", "model", model.toString(), "images", folder.toString(), "out", all.toString(), "k", "20");
        List<String[]> inFolder = rows(all);
        assertEquals(3, inFolder.size());
        assertEquals(folder.resolve("bar.png").toString(), inFolder.get(0)[0]);
        assertEquals(idx + "#1", inFolder.get(2)[0]);
    }

    @Test
    void badImagesAndModelsAreOneLineErrors() throws Exception {
        Path model = mnistModel();
        Path big = dir.resolve("big.png");
        ImageIO.write(new BufferedImage(32, 28, BufferedImage.TYPE_INT_RGB), "png", big.toFile());
        assertEquals(big + " is 32×28 pixels; the models take 28×28 images",
                failure("exp", "score-images", "model", model.toString(), "images", big.toString(), "out", dir.resolve("s.csv").toString()).getMessage());
        clear();

        Path fake = Files.writeString(dir.resolve("fake.png"), "not a png");
        assertEquals(fake + ": not a PNG image this JVM can decode",
                failure("exp", "score-images", "model", model.toString(), "images", fake.toString(), "out", dir.resolve("s.csv").toString()).getMessage());
        clear();

        Path missing = dir.resolve("nowhere");
        assertEquals(missing + " does not exist (-Dimages takes PNG files, IDX files and folders of them)",
                failure("exp", "score-images", "model", model.toString(), "images", missing.toString(), "out", dir.resolve("s.csv").toString()).getMessage());
        clear();

        Path labels = Files.write(dir.resolve("t10k-labels-idx1-ubyte"), Idx.encode(new int[] {2}, new byte[] {1, 7}));
        assertEquals(labels + ": has 1 dimensions, expected 3",
                failure("exp", "score-images", "model", model.toString(), "images", labels.toString(), "out", dir.resolve("s.csv").toString()).getMessage());
        clear();

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals("no PNG or IDX images in " + empty,
                failure("exp", "score-images", "model", model.toString(), "images", empty.toString(), "out", dir.resolve("s.csv").toString()).getMessage());
        clear();

        Path table = dir.resolve("table.safetensors");
        ModelFile.save(table, iwae4j.models.TrainedModel.of(new Model(ModelSpec.parse("input=3;latent=1;hidden=4;likelihood=GAUSSIAN"), 1)));
        assertEquals(table + " is not a model of 28×28 binary images (it takes 3 gaussian inputs); score rows of a table with -Dexp=score",
                failure("exp", "score-images", "model", table.toString(), "images", big.toString(), "out", dir.resolve("s.csv").toString()).getMessage());
    }
}
