package iwae4j.models.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format: a big-endian magic number 0x0000 TT DD with type TT = 0x08 for unsigned
 * bytes and DD dimensions, then DD big-endian sizes, then the data). Every problem — a short header, a wrong
 * magic number, a size that does not match the bytes present — is an {@link IllegalArgumentException}
 * naming the file and the problem, never an index exception.
 */
public final class Idx {
    /** The dimensions and the raw unsigned bytes of one IDX file. */
    public static final class Data {
        public final int[] dims;
        public final byte[] bytes;

        Data(int[] dims, byte[] bytes) {
            this.dims = dims;
            this.bytes = bytes;
        }

        public int count() {
            return dims[0];
        }
    }

    private Idx() {
    }

    /** Reads a raw or gzip-compressed (by content, not name) IDX file. */
    public static Data read(Path file, int expectedDims) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        return parse(file.toString(), maybeGunzip(file.toString(), raw), expectedDims);
    }

    /**
     * The bytes, decompressed when they start with the gzip magic number. Decompression stops one byte past the
     * size the IDX header declares, so a small file cannot inflate into more memory than its header justifies
     * (a gzip bomb, or a header that lies); {@link #parse} then reports the mismatch.
     */
    static byte[] maybeGunzip(String name, byte[] raw) {
        if (raw.length < 2 || (raw[0] & 0xff) != 0x1f || (raw[1] & 0xff) != 0x8b) return raw;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
            byte[] head = in.readNBytes(4);
            if (head.length < 4) return head;
            byte[] dims = in.readNBytes(4 * (head[3] & 0xff));
            long size = 1;
            for (int i = 0; i + 4 <= dims.length; i += 4) {
                long d = ((dims[i] & 0xffL) << 24) | ((dims[i + 1] & 0xff) << 16) | ((dims[i + 2] & 0xff) << 8) | (dims[i + 3] & 0xff);
                size = Math.min(size * Math.max(d, 1), Integer.MAX_VALUE); // parse() refuses what this clamps
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(size + 8 + dims.length, raw.length * 4L + 64));
            out.write(head);
            out.write(dims);
            long limit = Math.min(size + 1, Integer.MAX_VALUE - 64 - dims.length); // one byte more tells of trailing data
            byte[] buf = new byte[1 << 16];
            for (long total = 0; total < limit; ) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, limit - total));
                if (n < 0) break;
                out.write(buf, 0, n);
                total += n;
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": corrupt gzip data (" + e.getMessage() + ")");
        }
    }

    /** Parses IDX bytes; {@code name} is used in error messages. */
    public static Data parse(String name, byte[] b, int expectedDims) {
        if (b.length < 4) throw new IllegalArgumentException(name + ": " + b.length + " bytes is too short for an IDX header");
        if (b[0] != 0 || b[1] != 0) {
            throw new IllegalArgumentException(name + ": not an IDX file (magic number starts " + hex(b[0]) + " " + hex(b[1]) + ", expected 00 00)");
        }
        if ((b[2] & 0xff) != 0x08) {
            throw new IllegalArgumentException(name + ": element type 0x" + hex(b[2]) + " is not unsigned byte (0x08)");
        }
        int nd = b[3] & 0xff;
        if (nd != expectedDims) {
            throw new IllegalArgumentException(name + ": has " + nd + " dimensions, expected " + expectedDims);
        }
        int header = 4 + 4 * nd;
        if (b.length < header) {
            throw new IllegalArgumentException(name + ": truncated header (" + b.length + " bytes, needs " + header + ")");
        }
        int[] dims = new int[nd];
        long size = 1;
        for (int i = 0; i < nd; i++) {
            int o = 4 + 4 * i;
            long d = ((b[o] & 0xffL) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
            if (d <= 0 || d > Integer.MAX_VALUE) throw new IllegalArgumentException(name + ": dimension " + i + " is " + d);
            dims[i] = (int) d;
            size *= d;
            if (size > Integer.MAX_VALUE) throw new IllegalArgumentException(name + ": sizes " + java.util.Arrays.toString(dims) + " are too large");
        }
        long present = b.length - header;
        if (present < size) {
            throw new IllegalArgumentException(name + ": truncated: the header says " + shape(dims) + " = " + size
                    + " bytes of data, the file has " + present);
        }
        if (present > size) {
            throw new IllegalArgumentException(name + ": " + (present - size) + " unexpected bytes after the " + shape(dims) + " data");
        }
        byte[] data = new byte[(int) size];
        System.arraycopy(b, header, data, 0, data.length);
        return new Data(dims, data);
    }

    private static String shape(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) sb.append(i > 0 ? "×" : "").append(dims[i]);
        return sb.toString();
    }

    private static String hex(byte v) {
        return String.format("%02x", v & 0xff);
    }

    /** Builds IDX bytes (for tests and tools): unsigned-byte data with the given dimensions. */
    public static byte[] encode(int[] dims, byte[] data) {
        byte[] out = new byte[4 + 4 * dims.length + data.length];
        out[2] = 0x08;
        out[3] = (byte) dims.length;
        for (int i = 0; i < dims.length; i++) {
            int o = 4 + 4 * i;
            out[o] = (byte) (dims[i] >>> 24);
            out[o + 1] = (byte) (dims[i] >>> 16);
            out[o + 2] = (byte) (dims[i] >>> 8);
            out[o + 3] = (byte) dims[i];
        }
        System.arraycopy(data, 0, out, 4 + 4 * dims.length, data.length);
        return out;
    }
}
