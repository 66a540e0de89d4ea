package iwae4j.models.data;

import iwae4j.models.Table;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} arrays (format versions 1 to 3): float32, float64 or uint8, little- or big-endian, in C order,
 * one or two dimensions (a 1-D array is one column). Anything else is an error that names what the file holds.
 */
public final class Npy {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Reads a file into a {@link Table} with columns named "x1", "x2", .... */
    public static Table read(Path file) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        return parse(file.toString(), b);
    }

    /** Parses .npy bytes; {@code name} appears in error messages. */
    public static Table parse(String name, byte[] b) {
        if (b.length < 10 || (b[0] & 0xff) != 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M' || b[4] != 'P' || b[5] != 'Y') {
            throw new IllegalArgumentException(name + ": not a .npy file (no \\x93NUMPY magic)");
        }
        int major = b[6];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) throw new IllegalArgumentException(name + ": " + b.length + " bytes is too short for a version " + major + " .npy header");
            headerLen = bb.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new IllegalArgumentException(name + ": .npy format version " + major + " is not supported (1 to 3 are)");
        }
        if (start + headerLen > b.length) throw new IllegalArgumentException(name + ": header runs past the end of the file");
        String header = new String(b, start, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = find(name, DESCR, header, "descr");
        if ("True".equals(find(name, FORTRAN, header, "fortran_order"))) {
            throw new IllegalArgumentException(name + ": the array is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }
        List<Long> shape = new ArrayList<>();
        for (String dim : find(name, SHAPE, header, "shape").split(",")) {
            if (dim.isBlank()) continue;
            long d;
            try {
                d = Long.parseLong(dim.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": the shape holds '" + dim.trim() + "', not a whole number");
            }
            if (d < 0) throw new IllegalArgumentException(name + ": the shape holds the negative dimension " + d);
            shape.add(d);
        }
        if (shape.isEmpty() || shape.size() > 2) {
            throw new IllegalArgumentException(name + ": the array has " + shape.size() + " dimensions; 1 or 2 (rows × columns) are supported");
        }
        long rows = shape.get(0), cols = shape.size() == 2 ? shape.get(1) : 1;
        if (cols == 0) throw new IllegalArgumentException(name + ": the array has no columns");
        if (rows == 0) throw new IllegalArgumentException(name + ": the array has no rows");
        if (descr.length() < 2) throw new IllegalArgumentException(name + ": dtype '" + descr + "' is not supported (float32 '<f4', float64 '<f8' or uint8 '|u1')");
        char order = descr.charAt(0);
        String type = descr.substring(1);
        int size;
        switch (type) {
            case "f4": size = 4; break;
            case "f8": size = 8; break;
            case "u1": size = 1; break;
            default:
                throw new IllegalArgumentException(name + ": dtype '" + descr + "' is not supported (float32 '<f4', float64 '<f8' or uint8 '|u1')");
        }
        if (size > 1 && order != '<' && order != '>' && order != '=') throw new IllegalArgumentException(name + ": unknown byte order in dtype '" + descr + "'");
        int data = start + (int) headerLen;
        if (rows > Integer.MAX_VALUE / cols || rows * cols > (b.length - data) / size) { // checked before multiplying by the size
            long count = rows > Long.MAX_VALUE / cols ? Long.MAX_VALUE : rows * cols;
            throw new IllegalArgumentException(name + ": " + rows + " × " + cols + " values of " + size + " bytes need "
                    + (count > Long.MAX_VALUE / size ? "more than 2^63" : Long.toString(count * size)) + " bytes of data, the file has " + (b.length - data));
        }
        long count = rows * cols;
        ByteBuffer d = ByteBuffer.wrap(b, data, (int) (count * size)).order(order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[(int) count];
        for (int i = 0; i < v.length; i++) {
            v[i] = size == 4 ? d.getFloat(data + 4 * i) : size == 8 ? (float) d.getDouble(data + 8 * i) : (b[data + i] & 0xff);
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < cols; j++) names.add("x" + (j + 1));
        return new Table(v, (int) cols, names);
    }

    private static String find(String name, Pattern p, String header, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new IllegalArgumentException(name + ": the header has no '" + key + "': " + header.trim());
        return m.group(1);
    }
}
