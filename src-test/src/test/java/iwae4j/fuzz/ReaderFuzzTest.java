package iwae4j.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import iwae4j.models.Estimator;
import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Objective;
import iwae4j.models.Rng;
import iwae4j.models.Schedule;
import iwae4j.models.Standardizer;
import iwae4j.models.Trainer;
import iwae4j.cli.Main;
import iwae4j.models.TrainingConfig;
import iwae4j.models.data.Camel;
import iwae4j.models.data.Csv;
import iwae4j.models.data.Idx;
import iwae4j.models.data.Npy;
import iwae4j.experiments.Table1;
import iwae4j.models.io.Checkpoint;
import iwae4j.models.io.Json;
import iwae4j.models.io.ModelFile;
import iwae4j.models.io.SafeTensors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every reader of outside input, fed seeded mutants of valid files ({@link Mutator}): each case must end in a
 * valid result or an {@link IllegalArgumentException} whose message starts with the file's name (for the
 * command-line settings: names the setting); never another exception, a hang, or an allocation larger than the
 * input justifies (measured per case on the reading thread: at most {@value #ALLOCATION_PER_BYTE} bytes per input
 * byte plus {@value #ALLOCATION_SLACK} bytes). {@code -Dfuzz.cases=N} sets the cases per reader (10,000 by default;
 * a release runs a million), {@code -Dfuzz.seed=S} the master seed. A failure prints the seed, the case number
 * and the mutant (hex) so that it can be replayed.
 */
class ReaderFuzzTest {
    static final int CASES = Integer.getInteger("fuzz.cases", 10_000);
    static final long SEED = Long.getLong("fuzz.seed", 0xF0221EL);
    static final long ALLOCATION_PER_BYTE = 64;
    static final long ALLOCATION_SLACK = 8L << 20;

    @TempDir
    static Path dir;

    static final Map<String, List<byte[]>> CORPUS = new LinkedHashMap<>();

    @BeforeAll
    static void corpus() throws IOException {
        CORPUS.put("csv", List.of(
                utf8("a,b,c\n1,2,3\n4.5,-6,7e-3\n-0.25,1E+2,8\n"),
                utf8("id,x,y\r\n1,\"2.5\",3\r\n2,4,5\r\n"),
                utf8("\"a\",\"b\"\n1,2\n\n3,4\n"),
                utf8("a;b\n1,5;2\n3;4,25\n")));
        List<byte[]> npy = new ArrayList<>();
        npy.add(npy(1, "<f4", "(3, 2)", 6, 4, ByteOrder.LITTLE_ENDIAN));
        npy.add(npy(1, "<f8", "(4,)", 4, 8, ByteOrder.LITTLE_ENDIAN));
        npy.add(npy(2, ">f4", "(2, 3)", 6, 4, ByteOrder.BIG_ENDIAN));
        npy.add(npy(3, "|u1", "(5, 2)", 10, 1, ByteOrder.LITTLE_ENDIAN));
        CORPUS.put("npy", npy);
        byte[] idx1 = Idx.encode(new int[] {2, 3, 3}, new byte[18]), idx2 = Idx.encode(new int[] {1, 4, 4}, bytes(16, 7));
        CORPUS.put("idx", List.of(idx1, idx2, gzip(idx2)));
        Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
        t.put("w", new SafeTensors.Entry(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        t.put("b", new SafeTensors.Entry(new int[] {1, 3}, new float[] {-1, 0, 1}));
        Path st = dir.resolve("valid.safetensors");
        SafeTensors.write(st, t, Map.of("format", "test", "note", "x"));
        CORPUS.put("safetensors", List.of(Files.readAllBytes(st)));
        CORPUS.put("checkpoint", List.of(checkpoint(Schedule.paper(2)), checkpoint(Schedule.growingBatch(2, 20))));
        Path mf = dir.resolve("valid-model.safetensors");
        ModelSpec gaussian = ModelSpec.parse("input=3;latent=2;hidden=4;likelihood=GAUSSIAN");
        ModelFile.save(mf, new iwae4j.models.TrainedModel(new Model(gaussian, 1), new Standardizer(new float[] {0, 1, 2}, new float[] {1, 2, 3}),
                null, List.of("a", "b", "c"), null, null, Map.of("source", "fuzz")));
        CORPUS.put("model file", List.of(Files.readAllBytes(mf)));
        CORPUS.put("metadata text", List.of(utf8(Schedule.paper(8).format()), utf8(Schedule.growingBatch(3, 20).format()),
                utf8(ModelSpec.mnist2().format()), utf8(ModelSpec.camel().format()),
                utf8(Json.write(new ArrayList<Object>(List.of("a", "b", 1L, 2.5))))));
        CORPUS.put("settings", List.of(utf8("5"), utf8("1e-3"), utf8("1L-iwae-k5"), utf8("2L-k1"), utf8("miwae:5"), utf8("ciwae:0.5"),
                utf8("dreg"), utf8("vae"), utf8("tab"), utf8(";"), utf8("true")));
    }

    private static byte[] checkpoint(Schedule schedule) throws IOException {
        TrainingConfig o = TrainingConfig.paper().withK(3).withSchedule(schedule);
        Trainer tr = new Trainer(new Model(ModelSpec.camel(), 1), Camel.sample(40, new Rng(1)), o);
        tr.train(1, null);
        Path p = dir.resolve("valid-" + schedule.stages() + "-" + schedule.setsBatchSize() + ".ckpt");
        Checkpoint.save(tr, p);
        return Files.readAllBytes(p);
    }

    /** One reader: the mutant's bytes and the path they were written to (for readers of files) in, anything out. */
    interface Reader {
        Object read(byte[] b, Path file) throws Exception;
    }

    static Reader reader(String name) {
        switch (name) {
            case "csv":
                return (b, f) -> {
                    Csv.Options o = Csv.Options.defaults();
                    int variant = Math.floorMod(b.length, 4); // options vary with the mutant, reproducibly
                    if (variant == 1) o = o.withColumns(List.of("b"));
                    if (variant == 2) o = o.withHeader(false);
                    if (variant == 3) o = o.withDecimalComma(true, ';');
                    return Csv.read(f, o);
                };
            case "npy":
                return (b, f) -> Npy.parse(f.toString(), b);
            case "idx":
                return (b, f) -> Idx.read(f, 3);
            case "safetensors":
                return (b, f) -> SafeTensors.parse(f.toString(), b);
            case "checkpoint":
                return (b, f) -> b.length % 2 == 0 ? Checkpoint.read(f) : Checkpoint.loadModel(f);
            case "model file":
                return (b, f) -> ModelFile.load(new ByteArrayInputStream(b), f.toString());
            case "metadata text":
                return (b, f) -> {
                    String s = new String(b, StandardCharsets.UTF_8);
                    switch (Math.floorMod(s.hashCode(), 3)) {
                        case 0: return Schedule.parse(s);
                        case 1: return ModelSpec.parse(s);
                        default: return Json.parse(s);
                    }
                };
            case "settings":
                return (b, f) -> {
                    String s = new String(b, StandardCharsets.UTF_8);
                    System.setProperty("fuzz.setting", s);
                    switch (Math.floorMod(s.hashCode(), 9)) {
                        case 0: return Main.intProp("fuzz.setting", 1, 1, 100_000);
                        case 1: return Main.longProp("fuzz.setting", 1);
                        case 2: return Main.doubleProp("fuzz.setting", 1);
                        case 3: return Main.booleanProp("fuzz.setting", true);
                        case 4: return Table1.Cell.parse(s);
                        case 5: return Estimator.parse(s, 8, 0.5);
                        case 6: return Objective.parse(s);
                        case 7: return Csv.delimiter(s);
                        default: return Csv.list(s);
                    }
                };
            default:
                throw new IllegalArgumentException(name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"csv", "npy", "idx", "safetensors", "checkpoint", "model file", "metadata text", "settings"})
    void everyMutantEndsInAValidResultOrANamedError(String format) {
        Assertions.assertTimeoutPreemptively(Duration.ofMinutes(5), () -> fuzz(format));
    }

    private static void fuzz(String format) throws IOException {
        boolean text = !format.equals("idx");
        Mutator m = new Mutator(SEED ^ format.hashCode(), CORPUS.get(format), text);
        Reader reader = reader(format);
        boolean files = !format.equals("metadata text") && !format.equals("settings");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, String> failures = new TreeMap<>();
        int valid = 0, named = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < CASES; i++) {
            byte[] b = m.next();
            Path f = dir.resolve("case-" + (i % 8) + ".in");
            if (files) Files.write(f, b);
            long before = mx.getCurrentThreadAllocatedBytes();
            String bad = null, where = null;
            try {
                reader.read(b, f);
                valid++;
            } catch (IllegalArgumentException | iwae4j.models.io.CorruptFileException e) {
                String msg = e.getMessage();
                boolean ok = msg != null && !msg.isBlank() && (!files || msg.startsWith(f.toString()))
                        && (!format.equals("settings") || !msg.contains("fuzz.setting") || msg.contains("-Dfuzz.setting"));
                if (ok) {
                    named++;
                } else {
                    bad = e.getClass().getSimpleName() + " without the " + (files ? "file's name" : "setting") + ": " + msg;
                    where = "unnamed error from " + firstOwnFrame(e);
                }
            } catch (Throwable e) {
                bad = e.getClass().getSimpleName() + " at " + firstOwnFrame(e) + ": " + e.getMessage();
                where = e.getClass().getSimpleName() + " at " + firstOwnFrame(e);
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            if (bad == null && allocated > ALLOCATION_PER_BYTE * b.length + ALLOCATION_SLACK) {
                bad = "allocated " + allocated + " bytes for a " + b.length + "-byte input";
                where = "allocation";
            }
            // distinct failures: one per kind and place in our code, with the first case that showed it
            if (bad != null) failures.putIfAbsent(where, "case " + i + " (seed " + SEED + "): " + bad + "\n    input: " + hex(b));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("fuzz %s: %d cases in %.1f s: %d valid, %d named errors, %d distinct failures%n", format, CASES, seconds, valid, named,
                failures.size());
        if (!failures.isEmpty()) fail(failures.size() + " distinct failures reading " + format + ":\n" + String.join("\n", failures.values()));
        assertTrue(valid > 0 && named > 0, format + ": the mutants should give both valid files and errors (" + valid + ", " + named + ")");
    }

    /** The innermost stack frame in iwae4j's main code (not this test), else the top one. */
    private static String firstOwnFrame(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            if (f.getClassName().startsWith("iwae4j.") && !f.getClassName().startsWith("iwae4j.fuzz.")) return f.toString();
        }
        return e.getStackTrace().length > 0 ? e.getStackTrace()[0].toString() : "?";
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 200); i++) s.append(String.format("%02x", b[i] & 0xff));
        return s + (b.length > 200 ? "... (" + b.length + " bytes)" : "");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    /** A .npy file of {@code count} values 0.5, 1.5, ... in the given dtype and version. */
    static byte[] npy(int version, String descr, String shape, int count, int size, ByteOrder order) {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int pre = version == 1 ? 10 : 12;
        int len = header.length() + 1;
        len += (64 - (pre + len) % 64) % 64;
        header = header + " ".repeat(len - header.length() - 1) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(pre + len + count * size).order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) version).put((byte) 0);
        if (version == 1) bb.putShort((short) len);
        else bb.putInt(len);
        bb.put(header.getBytes(StandardCharsets.ISO_8859_1));
        bb.order(order);
        for (int i = 0; i < count; i++) {
            if (size == 4) bb.putFloat(i + 0.5f);
            else if (size == 8) bb.putDouble(i + 0.5);
            else bb.put((byte) i);
        }
        return bb.array();
    }
}
