package iwae4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.data.Idx;
import iwae4j.models.data.Mnist;
import iwae4j.experiments.LongRuns;
import iwae4j.experiments.Table1;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pretrained-model example (docs/experiments.md, linked from the README) is ReadmePretrainedExample word for word, and it scores a user's PNG and
 * IDX images with a model file published the way the long runs publish theirs ({@link LongRuns#publish}).
 */
class ReadmePretrainedExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeShowsExactlyTheCompiledExample() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("docs/experiments.md"));
        String source = Files.readString(root.resolve("src-test/src/test/java/iwae4j/e2e/ReadmePretrainedExample.java"));
        String shown = ReadmeExampleTest.between(readme, "<!-- pretrained-example:begin -->\n```java", "```\n<!-- pretrained-example:end -->");
        assertEquals(ReadmeExampleTest.between(source, "// README:begin", "// README:end"), shown);
    }

    @Test
    void aPublishedModelScoresPngAndIdxImagesAlikeAndItsOwnKindOfImageAboveNoise() throws Exception {
        // a 1-layer k = 1 cell trained for 4 passes on synthetic MNIST-shaped blobs, published as the long runs are
        Mnist blobs = Mnist.blobs(600, 20, 7);
        Table1.Cell cell = Table1.Cell.parse("1L-k1");
        Table1.Options o = new Table1.Options();
        o.stages = 2;
        o.evalK = 5;
        o.testSize = 20;
        o.out = dir.resolve("grid");
        o.progress = null;
        assertEquals(null, Table1.runOne(cell, o, blobs, new PrintStream(java.io.OutputStream.nullOutputStream()), null));
        Path published = dir.resolve("published");
        LongRuns.publish(o.out, 2, List.of(cell), published, "cmd", null);
        Path model = published.resolve("1L-k1/model.safetensors");

        // three test blobs as one IDX file, the first also as a PNG; three images of uniform noise as another IDX
        byte[] px = new byte[3 * Mnist.PIXELS], noise = new byte[3 * Mnist.PIXELS];
        BufferedImage png = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int p = 0; p < px.length; p++) {
            int grey = Math.round(blobs.testImages[p] * 255);
            px[p] = (byte) grey;
            noise[p] = (byte) r.nextInt(256);
            if (p < Mnist.PIXELS) png.setRGB(p % 28, p / 28, grey << 16 | grey << 8 | grey);
        }
        Path idx = Files.write(dir.resolve("blobs-idx3-ubyte"), Idx.encode(new int[] {3, 28, 28}, px));
        Path noiseIdx = Files.write(dir.resolve("noise-idx3-ubyte"), Idx.encode(new int[] {3, 28, 28}, noise));
        Path pngFile = dir.resolve("blob.png");
        ImageIO.write(png, "png", pngFile.toFile());

        double[] fromIdx = ReadmePretrainedExample.negativeLogLikelihood(model, List.of(idx));
        double[] fromPng = ReadmePretrainedExample.negativeLogLikelihood(model, List.of(pngFile));
        assertEquals(fromIdx[0], fromPng[0], "the same image as PNG and as IDX: the same pixels, noise and score");
        double[] ofNoise = ReadmePretrainedExample.negativeLogLikelihood(model, List.of(noiseIdx));
        for (int i = 0; i < 3; i++) {
            assertTrue(fromIdx[i] > 0 && Double.isFinite(fromIdx[i]), "−log p of a binary image is positive: " + fromIdx[i]);
            assertTrue(ofNoise[i] > fromIdx[i] + 50, "noise " + ofNoise[i] + " vs blob " + fromIdx[i]);
        }
        Path big = dir.resolve("big.png");
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", big.toFile());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReadmePretrainedExample.negativeLogLikelihood(model, List.of(big)));
        assertEquals(big + " is not 28×28", e.getMessage());
    }
}
