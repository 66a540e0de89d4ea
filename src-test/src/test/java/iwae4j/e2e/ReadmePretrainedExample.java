package iwae4j.e2e;

// README:begin
import iwae4j.models.Scorer;
import iwae4j.models.data.MnistImages;
import iwae4j.models.io.ModelFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

public class ReadmePretrainedExample {
    /** −log p(x) in nats of each image: 28×28 PNG files (white digit on black) or IDX files of 28×28 images. */
    public static double[] negativeLogLikelihood(Path modelFile, List<Path> images) throws IOException {
        List<float[]> grey = new ArrayList<>();
        for (Path f : images) {
            if (f.toString().endsWith(".png")) {
                BufferedImage png = ImageIO.read(f.toFile());
                if (png.getWidth() != 28 || png.getHeight() != 28) throw new IllegalArgumentException(f + " is not 28×28");
                grey.add(MnistImages.fromRgb(png.getRGB(0, 0, 28, 28, null, 0, 28), false));
            } else {
                grey.addAll(List.of(MnistImages.readIdx(f)));        // e.g. t10k-images-idx3-ubyte
            }
        }
        float[][] pixels = MnistImages.binarize(grey.toArray(new float[0][]), 1);  // the models are Bernoulli
        Scorer scorer = ModelFile.load(modelFile).scorer(5000, 1);  // L_5000, as in the paper's Table 1
        return scorer.anomalyScore(pixels);                          // −L_5000 per image, in nats
    }
}
// README:end
