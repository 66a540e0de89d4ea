package iwae4j.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes square grey images (values in [0, 1], 1 = white ink on black, as MNIST) as a PNG grid. */
public final class ImageGrid {
    private ImageGrid() {
    }

    /**
     * @param images row-major [n × side²] grey values in [0, 1]
     * @param rows   grid rows; {@code cols} grid columns; n must be rows·cols
     * @param scale  pixels per image pixel
     */
    public static void write(Path file, float[] images, int side, int rows, int cols, int scale) throws IOException {
        int px = side * side;
        if (images.length != rows * cols * px) {
            throw new IllegalArgumentException(images.length + " values are not " + rows + "×" + cols + " images of " + side + "×" + side);
        }
        int gap = 2, cell = side * scale + gap;
        BufferedImage img = new BufferedImage(cols * cell + gap, rows * cell + gap, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) img.setRGB(x, y, 0x808080);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int base = (r * cols + c) * px;
                for (int i = 0; i < side; i++) {
                    for (int j = 0; j < side; j++) {
                        float v = Math.max(0f, Math.min(1f, images[base + i * side + j]));
                        int g = Math.round(v * 255);
                        int rgb = (g << 16) | (g << 8) | g;
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) {
                                img.setRGB(gap + c * cell + j * scale + dx, gap + r * cell + i * scale + dy, rgb);
                            }
                        }
                    }
                }
            }
        }
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
