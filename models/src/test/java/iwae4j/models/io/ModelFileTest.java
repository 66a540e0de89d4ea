package iwae4j.models.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import iwae4j.models.Fit;
import iwae4j.models.FitOptions;
import iwae4j.models.Likelihood;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Rng;
import iwae4j.models.Schedule;
import iwae4j.models.Table;
import iwae4j.models.TrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model file: all of a trained model in one file, a damaged one refused with its name, old files still read. */
class ModelFileTest {
    @TempDir
    Path dir;

    private static TrainedModel small() {
        float[] v = new float[120 * 3];
        Rng r = new Rng(2);
        for (int i = 0; i < 120; i++) {
            double t = r.nextGaussian();
            v[3 * i] = (float) t;
            v[3 * i + 1] = i % 3 == 0 ? 0f : (float) (2 * t + r.nextGaussian());
            v[3 * i + 2] = (float) r.nextGaussian();
        }
        return Fit.run(new Table(v, 3, List.of("x", "y", "z")), FitOptions.defaults().withHidden(8).withLatent(2)
                .withSchedule(Schedule.constant(1e-3, 3)).withSeed(9)).withMetadata(Map.of("source", "test"));
    }

    @Test
    void aModelFileHoldsTheWholeTrainedModel() throws Exception {
        TrainedModel m = small(), back = saveAndLoad(m, dir.resolve("m.safetensors"));
        assertEquals(m.options(), back.options(), "the options it was trained with");
        assertEquals(m.training(), back.training(), "how training went");
        assertEquals(m.featureNames(), back.featureNames());
        assertEquals(m.pointMasses(), back.pointMasses());
        assertEquals(1, back.pointMasses().count(), "y's zeros");
        assertEquals(Map.of("source", "test"), back.metadata());
        float[][] rows = {{0.1f, 0f, 1f}, {1f, 2.5f, -1f}};
        assertArrayEquals(m.scorer(50, 1).logLikelihood(rows), back.scorer(50, 1).logLikelihood(rows));
        assertTrue(back.describe().contains("fit options: "), back.describe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(dir.resolve("x"), m.withMetadata(Map.of("spec", "x"))));
        assertEquals("metadata: the key 'spec' belongs to the file format", e.getMessage());
    }

    private static TrainedModel saveAndLoad(TrainedModel m, Path file) throws IOException {
        ModelFile.save(file, m);
        return ModelFile.load(file);
    }

    /** The first parameter tensor's data offset in a safetensors file (the header is JSON after an 8-byte length). */
    private static int dataStart(byte[] b) {
        return 8 + (int) ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void aFlippedByteInTheTensorsIsRefusedByTheChecksum() throws Exception {
        Path f = dir.resolve("m.safetensors");
        ModelFile.save(f, small());
        byte[] b = Files.readAllBytes(f);
        int at = dataStart(b) + 4 * 5 + 3;   // the exponent byte of the sixth float of the first tensor
        b[at] ^= 0x40;
        Path bad = Files.write(dir.resolve("flipped.safetensors"), b);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> ModelFile.load(bad));
        assertEquals(bad + ": the tensors do not match the file's checksum (tensors_sha256); the file is damaged", e.getMessage());
        assertTrue(e.getCause() instanceof IllegalArgumentException);
        e = assertThrows(CorruptFileException.class, () -> ModelFile.load(new java.io.ByteArrayInputStream(b), "stream.safetensors"));
        assertTrue(e.getMessage().startsWith("stream.safetensors: "), e.getMessage());
    }

    @Test
    void aNonFiniteParameterIsRefusedEvenInAFileWithoutAChecksum() throws Exception {
        // a file of the older kind (no checksum) whose first weight is NaN
        Model model = new Model(ModelSpec.parse("input=3;latent=1;hidden=4;likelihood=GAUSSIAN"), 1);
        Map<String, SafeTensors.Entry> t = new java.util.LinkedHashMap<>();
        for (iwae4j.autodiff.Parameter p : model.parameters()) t.put(p.name(), new SafeTensors.Entry(new int[] {p.rows(), p.cols()}, p.value().clone()));
        t.values().iterator().next().data[0] = Float.POSITIVE_INFINITY;
        Path f = dir.resolve("inf.safetensors");
        SafeTensors.write(f, t, Map.of("format", ModelFile.FORMAT, "spec", model.spec().format()));
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> ModelFile.load(f));
        assertTrue(e.getMessage().startsWith(f + ": parameter ") && e.getMessage().contains(" holds Infinity at 0"), e.getMessage());
    }

    @Test
    void unreadableFilesAreIoExceptionsNamingThePathWithTheCauseKept() throws Exception {
        IOException e = assertThrows(IOException.class, () -> ModelFile.load(dir));
        assertEquals(dir + ": is a folder, not a file", e.getMessage());
        Path none = dir.resolve("none.safetensors");
        e = assertThrows(IOException.class, () -> ModelFile.load(none));
        assertEquals(none + ": no such file", e.getMessage());
        assertTrue(e.getCause() instanceof java.nio.file.NoSuchFileException, "cause kept: " + e.getCause());
        Path text = Files.writeString(dir.resolve("text.safetensors"), "hello, not a model");
        e = assertThrows(CorruptFileException.class, () -> ModelFile.load(text));
        assertTrue(e.getMessage().startsWith(text + ": not a safetensors file"), e.getMessage());
        assertEquals("file must not be null", assertThrows(IllegalArgumentException.class, () -> ModelFile.load((Path) null)).getMessage());
        assertEquals("in must not be null", assertThrows(IllegalArgumentException.class, () -> ModelFile.load((InputStream) null, "x")).getMessage());
        assertEquals("trained must not be null", assertThrows(IllegalArgumentException.class, () -> ModelFile.save(dir.resolve("a"), null)).getMessage());
    }

    @Test
    void savingOntoAFolderFailsBeforeWritingAndLeavesNothingBehind() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("existing"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.save(folder, small()));
        assertEquals(folder + " is a folder; give a file name to write", e.getMessage());
        try (var s = Files.list(dir)) {
            assertEquals(List.of(folder), s.toList(), "no temporary file left");
        }
    }

    /**
     * A model file written by the API before TrainedModel (commit 58bd534; resources/iwae4j/legacy/MakeOld.java.txt
     * made it and the scores beside it) still loads and scores to the same bits; and the same fit today trains the
     * same parameters, so its scores are those bits too.
     */
    @Test
    void anOldModelFileStillLoadsAndTodaysFitTrainsTheSameBits() throws Exception {
        Path old = dir.resolve("old.safetensors");
        try (InputStream in = ModelFileTest.class.getResourceAsStream("/iwae4j/legacy/old-tabular-model.safetensors")) {
            Files.copy(in, old);
        }
        List<String> lines;
        try (InputStream in = ModelFileTest.class.getResourceAsStream("/iwae4j/legacy/old-tabular-model-scores.csv")) {
            lines = List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        float[][] rows = new float[lines.size() - 1][3];
        long[] want = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            String[] f = lines.get(i + 1).split(",");
            for (int j = 0; j < 3; j++) rows[i][j] = Float.parseFloat(f[j]);
            want[i] = Long.parseUnsignedLong(f[3], 16);
        }
        TrainedModel loaded = ModelFile.load(old);
        assertEquals(List.of("a", "b", "c"), loaded.featureNames());
        assertEquals(null, loaded.options(), "the old file says nothing of its options");
        assertEquals("58bd534", loaded.metadata().get("made_by"));
        assertEquals("1", loaded.metadata().get("seed") == null ? "1" : loaded.metadata().get("seed"));
        double[] ll = loaded.scorer(100, 1).logLikelihood(rows);
        for (int i = 0; i < rows.length; i++) assertEquals(want[i], Double.doubleToLongBits(ll[i]), "row " + i + " of the old file");

        // the same data and options as MakeOld, through today's API
        int n = 200;
        float[] v = new float[n * 3];
        Rng r = new Rng(11);
        for (int i = 0; i < n; i++) {
            double t = r.nextGaussian();
            v[3 * i] = (float) (5 + 2 * t);
            v[3 * i + 1] = i % 4 == 0 ? 0f : (float) (t + 0.2 * r.nextGaussian());
            v[3 * i + 2] = (float) (-t + 0.3 * r.nextGaussian());
        }
        TrainedModel today = Fit.run(new Table(v, 3, List.of("a", "b", "c")),
                FitOptions.defaults().withSchedule(Schedule.constant(3e-3, 10)).withHidden(8).withLatent(2));
        double[] again = today.scorer(100, 1).logLikelihood(rows);
        for (int i = 0; i < rows.length; i++) assertEquals(want[i], Double.doubleToLongBits(again[i]), "row " + i + " of today's fit");
        assertFalse(today.model().spec().likelihood != Likelihood.GAUSSIAN);
    }
}
