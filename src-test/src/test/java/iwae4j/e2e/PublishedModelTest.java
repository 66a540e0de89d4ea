package iwae4j.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.ModelSpec;
import iwae4j.models.io.ModelFile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pretrained models the repository ships (the six cells at the paper's 3,280 passes: 1 and 2 layers, k = 1,
 * and the VAE and IWAE at k = 5) load from a clone and, through the README's example, score a hand-drawn digit like an MNIST
 * image and noise far below it.
 */
class PublishedModelTest {
    @TempDir
    Path dir;

    private static final Path LONG = Path.of("").toAbsolutePath().getParent().resolve("results/table1/long");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1L-k1", "1L-vae-k5", "1L-iwae-k5", "2L-k1", "2L-vae-k5", "2L-iwae-k5"})
    void aShippedModelLoadsAndScoresADrawnDigitAsMnistLikeAndNoiseAsNot(String cell) throws Exception {
        Path model = LONG.resolve(cell).resolve("model.safetensors");
        assertTrue(Files.exists(model), model + " is missing");
        iwae4j.models.TrainedModel t = ModelFile.load(model);
        assertEquals((cell.startsWith("2L") ? ModelSpec.mnist2() : ModelSpec.mnist1()).format(), t.model().spec().format());
        assertEquals(cell, t.metadata().get("cell"));
        assertEquals("3280", t.metadata().get("passes"));

        // a "1": a slightly slanted stroke, 2–3 pixels wide, white on black, as MNIST's digits are drawn
        BufferedImage one = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB), noise = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        for (int y = 5; y <= 22; y++) {
            int x = 15 - (y - 5) / 6;
            for (int dx = 0; dx < 3; dx++) one.setRGB(x + dx, y, dx == 2 ? 0x808080 : 0xFFFFFF);
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int p = 0; p < 28 * 28; p++) noise.setRGB(p % 28, p / 28, r.nextBoolean() ? 0xFFFFFF : 0);
        Path onePng = dir.resolve("one.png"), noisePng = dir.resolve("noise.png");
        ImageIO.write(one, "png", onePng.toFile());
        ImageIO.write(noise, "png", noisePng.toFile());

        double[] nll = ReadmePretrainedExample.negativeLogLikelihood(model, List.of(onePng, noisePng));
        System.out.printf("shipped " + cell + " model: −log p(drawn 1) = %.2f nats, −log p(noise) = %.2f nats%n", nll[0], nll[1]);
        // under the 1L-k1 model the first 2,000 MNIST test images score 25.5–190.4 nats (L_500, median 87.7); random pixels, thousands
        assertTrue(nll[0] > 5 && nll[0] < 250, "a drawn 1 should look like an MNIST digit: " + nll[0]);
        assertTrue(nll[1] > nll[0] + 300, "noise should be far less likely than the drawn 1: " + nll[1] + " vs " + nll[0]);
    }
}
