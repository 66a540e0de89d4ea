package iwae4j.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded mutations of valid files: bit flips, byte overwrites, truncation, insertion, deletion and
 * duplication of ranges, splices of two valid files, boundary integers written into headers (0, −1, 2³¹,
 * 2³¹ − 1, 2⁶³ − 1, −2⁶³, in either byte order), and for the text inside files: numbers replaced by
 * boundary or non-numeric tokens (NaN, Inf, empty, quoted), byte-order marks, CRLF line ends, stray quotes
 * and delimiters. The same seed gives the same mutants.
 */
final class Mutator {
    static final long[] BOUNDARY_INTS = {0, -1, 1L << 31, (1L << 31) - 1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, 65535, 1L << 40};
    static final String[] BOUNDARY_TOKENS = {"0", "-1", "2147483648", "2147483647", "-2147483648", "9223372036854775807",
            "-9223372036854775808", "18446744073709551616", "NaN", "nan", "Inf", "-Infinity", "1e309", "-1e-320", "", " ", "\"\"",
            "\"1\"", "\"1,5\"", "1,5", "0x10", "1e", "+", "-", "٣", "null", "true", "[]", "{}", "\"", "'", "()", "(1,)", "(-1,)",
            "(0, 0)", "(2147483648,)", "(9223372036854775807, 2)"};

    private final SplittableRandom r;
    private final List<byte[]> corpus;
    private final boolean text;

    /** {@code corpus}: valid files of one format; {@code text}: whether the format is (or holds) text worth token mutations. */
    Mutator(long seed, List<byte[]> corpus, boolean text) {
        this.r = new SplittableRandom(seed);
        this.corpus = corpus;
        this.text = text;
    }

    /** The next mutant: a valid file of the corpus with one to four mutations (sometimes none: valid files must pass too). */
    byte[] next() {
        byte[] b = corpus.get(r.nextInt(corpus.size())).clone();
        int n = r.nextInt(50) == 0 ? 0 : 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) b = mutate(b);
        return b;
    }

    private byte[] mutate(byte[] b) {
        int kinds = text ? 14 : 9;
        switch (r.nextInt(kinds)) {
            case 0: // flip a bit
                if (b.length > 0) b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                return b;
            case 1: // overwrite a byte (often in the header)
                if (b.length > 0) b[r.nextInt(Math.min(b.length, r.nextBoolean() ? 128 : b.length))] = (byte) r.nextInt(256);
                return b;
            case 2: // truncate
                return Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
            case 3: { // insert random bytes
                byte[] ins = new byte[1 + r.nextInt(16)];
                r.nextBytes(ins);
                return splice(b, r.nextInt(b.length + 1), 0, ins);
            }
            case 4: { // delete a range
                if (b.length == 0) return b;
                int at = r.nextInt(b.length);
                return splice(b, at, 1 + r.nextInt(Math.min(64, b.length - at)), new byte[0]);
            }
            case 5: { // duplicate a range
                if (b.length == 0) return b;
                int at = r.nextInt(b.length), len = 1 + r.nextInt(Math.min(64, b.length - at));
                return splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
            }
            case 6: { // splice: a prefix of this file, a suffix of another
                byte[] other = corpus.get(r.nextInt(corpus.size()));
                int cut = r.nextInt(b.length + 1), from = r.nextInt(other.length + 1);
                byte[] out = Arrays.copyOf(b, cut + other.length - from);
                System.arraycopy(other, from, out, cut, other.length - from);
                return out;
            }
            case 7: // a boundary integer into the first bytes, where headers are
            case 8: {
                long v = BOUNDARY_INTS[r.nextInt(BOUNDARY_INTS.length)];
                int width = r.nextBoolean() ? 4 : 8;
                if (b.length < width) return b;
                int at = r.nextInt(Math.min(b.length - width + 1, 64));
                boolean little = r.nextBoolean();
                for (int i = 0; i < width; i++) b[at + i] = (byte) (v >>> (8 * (little ? i : width - 1 - i)));
                return b;
            }
            case 9: // a number (or any word) replaced by a boundary token
            case 10:
                return replaceToken(b, BOUNDARY_TOKENS[r.nextInt(BOUNDARY_TOKENS.length)]);
            case 11: // a byte-order mark in front
                return splice(b, 0, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            case 12: // CRLF line ends
                return new String(b, StandardCharsets.ISO_8859_1).replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            default: { // a stray quote, delimiter, newline or NUL
                byte[] chars = {'"', ',', ';', '\n', '\r', 0, '\'', '\t', '{', '}', '(', ')'};
                return splice(b, r.nextInt(b.length + 1), 0, new byte[] {chars[r.nextInt(chars.length)]});
            }
        }
    }

    /** Replaces a random run of digits (or, failing that, a random position) with {@code token}. */
    private byte[] replaceToken(byte[] b, String token) {
        byte[] t = token.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0) return t;
        int start = r.nextInt(b.length);
        int i = start;
        while (i < b.length && !isNumberChar(b[i])) i++;
        if (i == b.length) return splice(b, start, 0, t);
        int j = i;
        while (j < b.length && isNumberChar(b[j])) j++;
        return splice(b, i, j - i, t);
    }

    private static boolean isNumberChar(byte c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E';
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }
}
