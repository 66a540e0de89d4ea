package iwae4j.cli;

import iwae4j.models.Dataset;
import iwae4j.models.Likelihood;
import iwae4j.models.ModelSpec;
import iwae4j.models.Scorer;
import iwae4j.models.data.Csv;
import iwae4j.models.data.Mnist;
import iwae4j.models.data.MnistImages;
import iwae4j.models.io.ModelFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * {@code -Dexp=score-images}: −log p(x) of the user's own 28×28 images under an MNIST model file (a published
 * pretrained cell or a checkpoint), the command-line twin of the README's pretrained-model example: PNG files, IDX
 * files (raw or gzip) or folders of them, grey levels binarized with the seed, then L_k.
 */
final class Images {
    private Images() {
    }

    static int score() throws IOException {
        Path modelFile = Path.of(OwnData.need("model"));
        List<String> sources = Csv.list(OwnData.need("images"));
        Path out = Path.of(System.getProperty("out", "image-scores.csv"));
        Main.outputFolder(out.toAbsolutePath().getParent());
        iwae4j.models.TrainedModel trained = ModelFile.load(modelFile);
        ModelSpec spec = trained.model().spec();
        if (spec.input != Mnist.PIXELS || spec.likelihood != Likelihood.BERNOULLI) {
            throw new IllegalArgumentException(modelFile + " is not a model of 28×28 binary images (it takes " + spec.input + " "
                    + spec.likelihood.name().toLowerCase(Locale.ROOT) + " inputs); score rows of a table with -Dexp=score");
        }
        int k = Main.intProp("k", 5000, 1, 1_000_000);
        long seed = Main.longProp("seed", 1);
        boolean darkOnLight = Main.booleanProp("dark.on.light", false);

        List<String> names = new ArrayList<>();
        List<float[]> grey = new ArrayList<>();
        for (String s : sources) read(Path.of(s), darkOnLight, names, grey);
        if (grey.isEmpty()) throw new IllegalArgumentException("no PNG or IDX images in " + String.join(", ", sources));
        float[][] pixels = MnistImages.binarize(grey.toArray(new float[0][]), seed);   // the models are Bernoulli
        float[] flat = new float[pixels.length * Mnist.PIXELS];
        for (int i = 0; i < pixels.length; i++) System.arraycopy(pixels[i], 0, flat, i * Mnist.PIXELS, Mnist.PIXELS);

        OwnData.plainKernelsIfSmall(pixels.length, k, trained.model());
        Scorer scorer = trained.scorer(k, seed);
        long t0 = System.nanoTime();
        Scorer.Scores s = scorer.score(Dataset.of(flat, Mnist.PIXELS));
        double secs = (System.nanoTime() - t0) / 1e9;
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            w.println("image,log_likelihood,anomaly_score,effective_sample_size");
            for (int i = 0; i < pixels.length; i++) {
                w.printf(Locale.ROOT, "%s,%.6f,%.6f,%.2f%n", OwnData.csvField(names.get(i)), s.logLikelihood()[i], -s.logLikelihood()[i], s.effectiveSampleSize()[i]);
            }
        }
        System.out.printf(Locale.ROOT, "scored %d images with L_%d in %.1f s; wrote %s (anomaly_score = −log p(x) in nats; MNIST's test"
                + " images average the model's Table 1 NLL)%n", pixels.length, scorer.k(), secs, out.toAbsolutePath());
        OwnData.warnIfFewEffectiveSamples(s.effectiveSampleSize(), scorer.k());
        return 0;
    }

    /**
     * Adds the images of {@code src} with their names: a PNG file, an IDX file (name#index per image) or a folder,
     * whose PNG files and files named like MNIST's image files ({@code *idx3*}; its label files, {@code *idx1*}, are
     * not images) are read in name order.
     */
    private static void read(Path src, boolean darkOnLight, List<String> names, List<float[]> grey) throws IOException {
        if (!Files.exists(src)) throw new IllegalArgumentException(src + " does not exist (-Dimages takes PNG files, IDX files and folders of them)");
        if (Files.isDirectory(src)) {
            List<Path> files;
            try (Stream<Path> list = Files.list(src)) {
                files = list.filter(Files::isRegularFile).filter(f -> isPng(f) || lower(f).contains("idx3")).sorted().collect(Collectors.toList());
            }
            for (Path f : files) read(f, darkOnLight, names, grey);
            return;
        }
        if (isPng(src)) {
            BufferedImage png = ImageIO.read(src.toFile());
            if (png == null) throw new IllegalArgumentException(src + ": not a PNG image this JVM can decode");
            if (png.getWidth() != Mnist.SIDE || png.getHeight() != Mnist.SIDE) {
                throw new IllegalArgumentException(src + " is " + png.getWidth() + "×" + png.getHeight() + " pixels; the models take 28×28 images");
            }
            grey.add(MnistImages.fromRgb(png.getRGB(0, 0, Mnist.SIDE, Mnist.SIDE, null, 0, Mnist.SIDE), darkOnLight));
            names.add(src.toString());
            return;
        }
        float[][] images = MnistImages.readIdx(src);
        for (int i = 0; i < images.length; i++) {
            grey.add(images[i]);
            names.add(src + "#" + i);
        }
    }

    private static boolean isPng(Path f) {
        return lower(f).endsWith(".png");
    }

    private static String lower(Path f) {
        return f.getFileName().toString().toLowerCase(Locale.ROOT);
    }
}
