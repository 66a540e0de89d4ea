package iwae4j.models.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format, float32 only: an 8-byte little-endian header length N, N bytes of JSON
 * ({@code {"__metadata__": {string: string}, name: {"dtype": "F32", "shape": [...], "data_offsets": [b, e]}}},
 * padded with spaces to a multiple of 8), then the raw little-endian data, offsets relative to its start.
 * Writing is atomic (a temporary file, then a rename). Reading checks every bound, dtype and size and throws
 * IllegalArgumentException naming the file and the problem.
 */
public final class SafeTensors {
    /** One tensor: its shape and values. */
    public static final class Entry {
        public final int[] shape;
        public final float[] data;

        public Entry(int[] shape, float[] data) {
            long n = 1;
            for (int d : shape) n *= d;
            if (n != data.length) throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
            this.shape = shape.clone();
            this.data = data;
        }
    }

    /** A file's tensors (in file order) and metadata. */
    public static final class Contents {
        public final Map<String, Entry> tensors;
        public final Map<String, String> metadata;

        public Contents(Map<String, Entry> tensors, Map<String, String> metadata) {
            this.tensors = tensors;
            this.metadata = metadata;
        }
    }

    private static final long MAX_HEADER = 100L << 20;
    /**
     * Test hook for the kill harness: milliseconds to pause between writing the temporary file and renaming
     * it (announced on stderr), so a test can kill the process at exactly that point. 0 in normal use.
     */
    private static final long PAUSE_BEFORE_RENAME_MS = Long.getLong("iwae4j.test.pauseBeforeRenameMillis", 0);

    private SafeTensors() {
    }

    /** Writes the tensors and metadata to {@code file} atomically. */
    public static void write(Path file, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        byte[] bytes = encode(tensors, metadata);
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        if (PAUSE_BEFORE_RENAME_MS > 0) {
            System.err.println("iwae4j-test: paused before renaming " + tmp);
            System.err.flush();
            try {
                Thread.sleep(PAUSE_BEFORE_RENAME_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file's bytes: header length, the JSON header padded to 8 bytes, then the tensors' floats, little-endian. */
    static byte[] encode(Map<String, Entry> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", new LinkedHashMap<>(metadata));
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("dtype", "F32");
            List<Object> shape = new java.util.ArrayList<>();
            for (int d : e.getValue().shape) shape.add((long) d);
            t.put("shape", shape);
            long end = offset + 4L * e.getValue().data.length;
            t.put("data_offsets", List.of(offset, end));
            header.put(e.getKey(), t);
            offset = end;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer buf = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded);
        buf.put(json);
        for (int i = json.length; i < padded; i++) buf.put((byte) ' ');
        for (Entry e : tensors.values()) for (float v : e.data) buf.putFloat(v);
        return buf.array();
    }

    public static Contents read(Path file) throws IOException {
        return parseFile(file.toString(), bytes(file));
    }

    /**
     * The bytes of a file, or an {@link IOException} naming it: no such file, a folder, or unreadable (the cause
     * kept).
     */
    static byte[] bytes(Path file) throws IOException {
        if (file == null) throw new IllegalArgumentException("file must not be null");
        if (Files.isDirectory(file)) throw new IOException(file + ": is a folder, not a file");
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new IOException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** {@link #parse}, with a malformed file an {@link CorruptFileException} (an {@link IOException}) naming it. */
    static Contents parseFile(String name, byte[] b) throws CorruptFileException {
        try {
            return parse(name, b);
        } catch (IllegalArgumentException e) {
            throw corrupt(name, e);
        }
    }

    /** The error as a {@link CorruptFileException} whose message starts with the file's name. */
    static CorruptFileException corrupt(String name, IllegalArgumentException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return new CorruptFileException(m.startsWith(name) ? m : name + ": " + m, e);
    }

    /** The first bytes, quoted, with anything but printable ASCII as \xNN, for naming what a wrong file holds. */
    private static String preview(byte[] b) {
        if (b.length == 0) return "nothing (the file is empty)";
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < Math.min(b.length, 16); i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') s.append((char) c);
            else s.append(String.format("\\x%02X", c));
        }
        return s.append(b.length > 16 ? "\"…" : "\"").toString();
    }

    /** Parses safetensors bytes; {@code name} appears in error messages. */
    @SuppressWarnings("unchecked")
    public static Contents parse(String name, byte[] b) {
        if (b.length < 10 || b[8] != '{') {
            // every safetensors file has its JSON header's '{' right after the 8-byte length
            throw new IllegalArgumentException(name + ": not a safetensors file (an iwae4j model file or checkpoint); it starts with "
                    + preview(b));
        }
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n <= 0 || n > MAX_HEADER || 8 + n > b.length) {
            throw new IllegalArgumentException(name + ": header length " + n + " does not fit a file of " + b.length + " bytes");
        }
        Object parsed;
        try {
            parsed = Json.parse(new String(b, 8, (int) n, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": header is not valid JSON (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map)) throw new IllegalArgumentException(name + ": header is not a JSON object");
        int dataStart = 8 + (int) n;
        long dataLen = b.length - dataStart;
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        ByteBuffer data = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, Object> e : ((Map<String, Object>) parsed).entrySet()) {
            String key = e.getKey();
            if (key.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map)) throw new IllegalArgumentException(name + ": __metadata__ is not an object");
                for (Map.Entry<String, Object> m : ((Map<String, Object>) e.getValue()).entrySet()) {
                    if (!(m.getValue() instanceof String)) throw new IllegalArgumentException(name + ": metadata '" + m.getKey() + "' is not a string");
                    metadata.put(m.getKey(), (String) m.getValue());
                }
                continue;
            }
            if (!(e.getValue() instanceof Map)) throw new IllegalArgumentException(name + ": tensor '" + key + "' is not an object");
            Map<String, Object> t = (Map<String, Object>) e.getValue();
            if (!"F32".equals(t.get("dtype"))) {
                throw new IllegalArgumentException(name + ": tensor '" + key + "' has dtype " + t.get("dtype") + "; only F32 is supported");
            }
            int[] shape = longs(name, key, "shape", t.get("shape"));
            int[] off = longs(name, key, "data_offsets", t.get("data_offsets"));
            long count = 1;
            for (int d : shape) count *= d;
            if (off.length != 2 || off[0] > off[1] || off[1] > dataLen) {
                throw new IllegalArgumentException(name + ": tensor '" + key + "' data_offsets " + java.util.Arrays.toString(off)
                        + " fall outside the " + dataLen + " data bytes");
            }
            if ((long) off[1] - off[0] != 4 * count) {
                throw new IllegalArgumentException(name + ": tensor '" + key + "' has shape " + java.util.Arrays.toString(shape)
                        + " (" + 4 * count + " bytes) but data_offsets span " + ((long) off[1] - off[0]) + " bytes");
            }
            float[] v = new float[(int) count];
            for (int i = 0; i < v.length; i++) v[i] = data.getFloat(dataStart + off[0] + 4 * i);
            tensors.put(key, new Entry(shape, v));
        }
        return new Contents(tensors, metadata);
    }

    private static int[] longs(String file, String tensor, String field, Object v) {
        if (!(v instanceof List)) throw new IllegalArgumentException(file + ": tensor '" + tensor + "' has no " + field + " list");
        List<?> l = (List<?>) v;
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object o = l.get(i);
            if (!(o instanceof Long) || (Long) o < 0 || (Long) o > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(file + ": tensor '" + tensor + "' " + field + " holds " + o);
            }
            out[i] = (int) (long) (Long) o;
        }
        return out;
    }
}
