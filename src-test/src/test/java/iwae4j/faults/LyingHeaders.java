package iwae4j.faults;

import iwae4j.models.Model;
import iwae4j.models.ModelSpec;
import iwae4j.models.Rng;
import iwae4j.models.Schedule;
import iwae4j.models.Trainer;
import iwae4j.models.TrainingConfig;
import iwae4j.models.data.Camel;
import iwae4j.models.data.Idx;
import iwae4j.models.data.Npy;
import iwae4j.models.io.Checkpoint;
import iwae4j.models.io.ModelFile;
import iwae4j.models.io.SafeTensors;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Run in a JVM with a small heap by {@link LyingHeaderTest}: small files whose headers claim gigabytes (and a gzip
 * bomb), each read by its reader. Prints "refused NAME: message" for a named error and exits 0 when every one was
 * refused; anything else (an OutOfMemoryError above all) ends the JVM with another code.
 */
public final class LyingHeaders {
    private LyingHeaders() {
    }

    interface Read {
        void run(Path file) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int refused = 0, cases = 0;
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("npy-billion-rows.npy", npy("(1000000000, 4)"));
        files.put("npy-max-long.npy", npy("(9223372036854775807, 2)"));
        files.put("npy-huge-columns.npy", npy("(1, 2147483647)"));
        files.put("idx-60000-images.idx", Idx.encode(new int[] {60000, 28, 28}, new byte[0]));
        byte[] head = Idx.encode(new int[] {2147483647, 1, 1}, new byte[16]);
        files.put("idx-gzip-lying.idx.gz", gzip(head, 0));
        files.put("idx-gzip-bomb.idx.gz", gzip(Idx.encode(new int[] {1, 28, 28}, new byte[784]), 200_000_000));
        files.put("safetensors-header-length.safetensors", safetensorsHeaderLength());
        files.put("safetensors-shape.safetensors", safetensorsText("{\"w\":{\"dtype\":\"F32\",\"shape\":[100000,100000],\"data_offsets\":[0,16]}}"));
        files.put("checkpoint-spec.safetensors", lyingSpec(dir, true));
        files.put("model-spec.safetensors", lyingSpec(dir, false));
        Map<String, Read> readers = Map.of("npy", f -> Npy.read(f), "idx", f -> Idx.read(f, 3), "safetensors", f -> SafeTensors.read(f),
                "checkpoint", f -> Checkpoint.read(f), "model", f -> ModelFile.load(f));
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path f = Files.write(dir.resolve(e.getKey()), e.getValue());
            Read r = readers.get(e.getKey().substring(0, e.getKey().indexOf('-')));
            cases++;
            try {
                r.run(f);
                System.out.println("ACCEPTED " + e.getKey() + " (" + e.getValue().length + " bytes)");
            } catch (IllegalArgumentException | iwae4j.models.io.CorruptFileException ex) {
                if (ex.getMessage().startsWith(f.toString())) {
                    refused++;
                    System.out.println("refused " + e.getKey() + " (" + e.getValue().length + " bytes): " + ex.getMessage().substring(f.toString().length() + 2));
                } else {
                    System.out.println("UNNAMED " + e.getKey() + ": " + ex.getMessage());
                }
            }
        }
        System.exit(refused == cases ? 0 : 3);
    }

    private static byte[] npy(String shape) {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        header = header + " ".repeat(117 - header.length()) + "\n";
        ByteBuffer bb = ByteBuffer.allocate(128 + 16).order(ByteOrder.LITTLE_ENDIAN);
        bb.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0).putShort((short) 118);
        bb.put(header.getBytes(StandardCharsets.ISO_8859_1));
        return bb.array();
    }

    /** gzip of {@code b} followed by {@code zeros} zero bytes. */
    private static byte[] gzip(byte[] b, int zeros) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
            byte[] block = new byte[1 << 16];
            for (int left = zeros; left > 0; left -= block.length) z.write(block, 0, Math.min(left, block.length));
        }
        return out.toByteArray();
    }

    private static byte[] safetensorsHeaderLength() {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
    }

    private static byte[] safetensorsText(String json) {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bb = ByteBuffer.allocate(8 + j.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(j.length).put(j);
        return bb.array();
    }

    /** A real checkpoint (or model file) of the camel model whose spec claims two billion hidden units. */
    private static byte[] lyingSpec(Path dir, boolean checkpoint) throws Exception {
        Path p = dir.resolve(checkpoint ? "real.ckpt" : "real.model");
        Model model = new Model(ModelSpec.camel(), 1);
        if (checkpoint) {
            TrainingConfig o = TrainingConfig.paper().withSchedule(Schedule.paper(1));
            Checkpoint.save(new Trainer(model, Camel.sample(20, new Rng(1)), o), p);
        } else {
            ModelFile.save(p, iwae4j.models.TrainedModel.of(model));
        }
        String real = ModelSpec.camel().format(), lie = real.replaceFirst("hidden=[0-9]+", "hidden=2000000000");
        byte[] b = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8).replace(real, lie);
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + b.length - 8 - (int) n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(b, 8 + (int) n, b.length - 8 - (int) n);
        return out.array();
    }
}
