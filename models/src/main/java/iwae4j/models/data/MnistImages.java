package iwae4j.models.data;

import iwae4j.models.Rng;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A user's own 28×28 images as the MNIST models see them: grey levels in [0, 1] (0 the background, 1 the
 * stroke, as in MNIST: a white digit on black), then binarized, since the models are Bernoulli over pixels.
 * Pixels of any source (an IDX file here; a PNG through {@code javax.imageio} in the caller's code, via
 * {@link #fromRgb}) come in row-major order, 784 per image.
 */
public final class MnistImages {
    private MnistImages() {
    }

    /** The images of an IDX file (raw or gzip) of shape [n, 28, 28], unsigned bytes, as grey levels in [0, 1]. */
    public static float[][] readIdx(Path file) throws IOException {
        Idx.Data d = Idx.read(file, 3);
        if (d.dims[1] != Mnist.SIDE || d.dims[2] != Mnist.SIDE) {
            throw new IllegalArgumentException(file + ": images are " + d.dims[1] + "×" + d.dims[2] + ", the models take 28×28");
        }
        float[][] out = new float[d.count()][Mnist.PIXELS];
        for (int i = 0; i < out.length; i++) {
            for (int p = 0; p < Mnist.PIXELS; p++) out[i][p] = (d.bytes[i * Mnist.PIXELS + p] & 0xff) / 255f;
        }
        return out;
    }

    /**
     * Grey levels of one 28×28 image from packed 0xRRGGBB pixels (what {@code BufferedImage.getRGB} gives), by
     * luminance; {@code darkOnLight} inverts it, for a black digit on white paper.
     */
    public static float[] fromRgb(int[] rgb, boolean darkOnLight) {
        if (rgb.length != Mnist.PIXELS) {
            throw new IllegalArgumentException("an image has " + Mnist.PIXELS + " pixels (28×28), got " + rgb.length);
        }
        float[] grey = new float[rgb.length];
        for (int p = 0; p < rgb.length; p++) {
            int r = (rgb[p] >> 16) & 0xff, g = (rgb[p] >> 8) & 0xff, b = rgb[p] & 0xff;
            float y = r == g && g == b ? r / 255f : (0.299f * r + 0.587f * g + 0.114f * b) / 255f; // grey stays exact
            grey[p] = darkOnLight ? 1 - y : y;
        }
        return grey;
    }

    /**
     * Each pixel set to 1 with probability its grey level, from {@code seed} (the binarization the paper's
     * test set uses); the same seed gives the same pixels.
     */
    public static float[][] binarize(float[][] grey, long seed) {
        Rng rng = new Rng(seed);
        float[][] out = new float[grey.length][];
        for (int i = 0; i < grey.length; i++) {
            if (grey[i].length != Mnist.PIXELS) throw new IllegalArgumentException("image " + i + " has " + grey[i].length + " pixels, not 784");
            out[i] = new float[Mnist.PIXELS];
            for (int p = 0; p < Mnist.PIXELS; p++) {
                float v = grey[i][p];
                if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException("image " + i + ", pixel " + p + ": grey level " + v + " is outside [0, 1]");
                out[i][p] = rng.nextDouble() < v ? 1f : 0f;
            }
        }
        return out;
    }
}
