package iwae4j.models.data;

import iwae4j.models.Table;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Numeric tables from CSV files (RFC 4180 quoting by FastCSV). Every kept field must parse as a number or be one
 * of the missing-cell texts ({@link Options#missing}: empty, NA, N/A, ? unless told otherwise), read as NaN; an
 * error names the file, line, column and the text. Empty lines are skipped in a table of several columns; in a
 * one-column table an empty line is a missing cell, except at the end of the file.
 */
public final class Csv {
    /**
     * How to read a file, as an immutable value checked when made; {@link #defaults()} reads a comma-separated file
     * with a header line, and the {@code with…} methods give a changed copy.
     *
     * @param header       whether the first (non-skipped) line names the columns
     * @param delimiter    the field separator
     * @param skipLines    lines to skip before the header or the first row
     * @param columns      columns to keep, by header name or 1-based number (empty: all)
     * @param drop         columns to leave out, by header name or 1-based number (a label column, say)
     * @param decimalComma whether numbers are written with a decimal comma ("1,5"), as spreadsheets in many locales
     *                     save them; such files separate fields with another character (';' usually)
     * @param missing      cell texts (after trimming, compared exactly) that mean a missing cell, read as NaN; "NaN"
     *                     itself always is. Empty: every cell must hold a number
     */
    public record Options(boolean header, char delimiter, int skipLines, List<String> columns, List<String> drop, boolean decimalComma,
                          List<String> missing) {
        public Options {
            if (skipLines < 0) throw new IllegalArgumentException("skipLines must be >= 0, got " + skipLines);
            if (columns == null) throw new IllegalArgumentException("columns must not be null (empty: all)");
            if (drop == null) throw new IllegalArgumentException("drop must not be null (empty: none)");
            if (missing == null) throw new IllegalArgumentException("missing must not be null (empty: no missing-cell texts)");
            if (decimalComma && delimiter == ',') {
                throw new IllegalArgumentException("delimiter: with decimal commas the fields must be separated by another character (';' usually)");
            }
            if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') throw new IllegalArgumentException("delimiter cannot be a quote or a line break");
            columns = List.copyOf(columns);
            drop = List.copyOf(drop);
            missing = List.copyOf(missing);
        }

        /** A header line, commas, nothing skipped, every column, the default missing-cell texts. */
        public static Options defaults() {
            return new Options(true, ',', 0, List.of(), List.of(), false, DEFAULT_MISSING);
        }

        public Options withHeader(boolean v) {
            return new Options(v, delimiter, skipLines, columns, drop, decimalComma, missing);
        }

        public Options withDelimiter(char v) {
            return new Options(header, v, skipLines, columns, drop, decimalComma, missing);
        }

        public Options withSkipLines(int v) {
            return new Options(header, delimiter, v, columns, drop, decimalComma, missing);
        }

        public Options withColumns(List<String> v) {
            return new Options(header, delimiter, skipLines, v, drop, decimalComma, missing);
        }

        public Options withDrop(List<String> v) {
            return new Options(header, delimiter, skipLines, columns, v, decimalComma, missing);
        }

        /** Decimal commas with the given field separator (both change together: a comma cannot be both). */
        public Options withDecimalComma(boolean v, char fieldDelimiter) {
            return new Options(header, fieldDelimiter, skipLines, columns, drop, v, missing);
        }

        public Options withMissing(List<String> v) {
            return new Options(header, delimiter, skipLines, columns, drop, decimalComma, v);
        }
    }

    /** {@link #read(Path, Options)} with {@link Options#defaults()}. */
    public static Table read(Path file) throws IOException {
        return read(file, Options.defaults());
    }

    /** The texts read as a missing cell unless told otherwise: an empty cell, NA, N/A and ?. */
    public static final List<String> DEFAULT_MISSING = List.of("", "NA", "N/A", "?");

    private Csv() {
    }

    /** Reads a file into a {@link Table} of the kept columns. */
    public static Table read(Path file, Options o) throws IOException {
        if (file == null) throw new IllegalArgumentException("file must not be null");
        if (o == null) throw new IllegalArgumentException("options must not be null");
        if (java.nio.file.Files.isDirectory(file)) throw new IOException(file + ": is a folder, not a file");
        return records(file, o, reader -> {
            List<float[]> rows = new ArrayList<>();
            List<String> names = null;
            int[] keep = null;
            int fields = -1;
            int skipped = 0;
            // empty lines: nothing in a table of several columns (a row there has delimiters), but in a one-column
            // table an empty cell, i.e. a row, unless only empty lines follow (the end of the file)
            long emptyRun = 0, emptyFrom = 0;
            for (CsvRecord r : reader) {
                long line = r.getStartingLineNumber();
                if (r.getFieldCount() == 1 && r.getField(0).isEmpty()) {
                    if (fields == 1 && skipped >= o.skipLines()) {
                        if (emptyRun++ == 0) emptyFrom = line;
                    }
                    continue;
                }
                for (; emptyRun > 0; emptyRun--, emptyFrom++) {
                    if (!o.missing().contains("")) {
                        throw new IllegalArgumentException(file + ": line " + emptyFrom + ", column " + (keep[0] + 1) + " ('" + names.get(0) + "'): '' is not a number");
                    }
                    rows.add(new float[] {Float.NaN});
                }
                if (skipped < o.skipLines()) {
                    skipped++;
                    continue;
                }
                if (fields < 0) {
                    fields = r.getFieldCount();
                    List<String> all = new ArrayList<>();
                    for (int j = 0; j < fields; j++) all.add(o.header() ? r.getField(j).trim() : "column " + (j + 1));
                    keep = select(file, all, o);
                    names = new ArrayList<>();
                    for (int j : keep) names.add(all.get(j));
                    if (o.header()) continue;
                }
                if (r.getFieldCount() != fields) {
                    throw new IllegalArgumentException(file + ": line " + line + " has " + r.getFieldCount() + " fields, the first row has " + fields);
                }
                float[] v = new float[keep.length];
                for (int c = 0; c < keep.length; c++) {
                    String text = r.getField(keep[c]).trim();
                    v[c] = o.missing().contains(text) ? Float.NaN : number(file, line, keep[c], names.get(c), o.decimalComma() ? text.replace(',', '.') : text, text);
                }
                rows.add(v);
            }
            if (rows.isEmpty()) throw new IllegalArgumentException(file + ": no data rows");
            float[] values = new float[rows.size() * keep.length];
            for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, values, i * keep.length, keep.length);
            return new Table(values, keep.length, names);
        });
    }

    /** What reads a file's records, inside {@link #records}. */
    private interface RecordsBody<T> {
        T read(CsvReader<CsvRecord> reader) throws IOException;
    }

    /**
     * Opens the file with the options' delimiter (a byte-order mark, as spreadsheets' "CSV UTF-8" write, is dropped, not
     * read into the first column's name) and runs {@code body}; a missing or unreadable file is an {@link IOException}
     * naming it with the cause kept, a malformed one an {@link IllegalArgumentException} naming it.
     */
    private static <T> T records(Path file, Options o, RecordsBody<T> body) throws IOException {
        try (CsvReader<CsvRecord> reader = CsvReader.builder().fieldSeparator(o.delimiter()).skipEmptyLines(false)
                .ignoreDifferentFieldCount(true).detectBomHeader(true).ofCsvRecord(file, StandardCharsets.UTF_8)) {
            return body.read(reader);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (UncheckedIOException e) {
            throw new IOException(file + ": " + e.getCause().getMessage(), e.getCause());
        } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
            throw new IllegalArgumentException(file + ": not valid CSV: " + e.getMessage());
        }
    }

    /**
     * The header and the text of every field of a file with a header line and several columns, one array per data row
     * in the rows {@link #read} reads (empty lines skipped): what a command passes through beside the columns a
     * model reads. Fields are trimmed; quoting is undone.
     */
    public record Text(List<String> names, List<String[]> rows) {
    }

    /** Reads {@link Text}; the options' column choice is ignored (every column is kept). */
    public static Text readText(Path file, Options o) throws IOException {
        if (!o.header()) throw new IllegalArgumentException("header: the text of a file is read by its column names, so it needs a header line");
        if (java.nio.file.Files.isDirectory(file)) throw new IOException(file + ": is a folder, not a file");
        return records(file, o, reader -> {
            List<String[]> rows = new ArrayList<>();
            List<String> names = null;
            int skipped = 0;
            for (CsvRecord r : reader) {
                if (r.getFieldCount() == 1 && r.getField(0).isEmpty()) continue;
                if (skipped < o.skipLines()) {
                    skipped++;
                    continue;
                }
                String[] f = new String[r.getFieldCount()];
                for (int j = 0; j < f.length; j++) f[j] = r.getField(j).trim();
                if (names == null) names = List.of(f);
                else rows.add(f);
            }
            if (names == null) throw new IllegalArgumentException(file + ": no header line");
            return new Text(names, rows);
        });
    }

    /** An infinity as a cell may spell it (ASCII letters in any case): compiled once, not per cell. */
    private static final Pattern INFINITY = Pattern.compile("[+-]?inf(inity)?", Pattern.CASE_INSENSITIVE);

    /**
     * A cell's number, in plain decimal or scientific notation (no hexadecimal, no type suffix); "NaN", "inf" and
     * "infinity" (any case, signed) read as such, for {@link Table#requireFinite} to name.
     */
    private static float number(Path file, long line, int column, String name, String text, String shown) {
        // the digits-only test first: it decides almost every cell, and a word (NaN, inf) never passes it
        boolean plain = !text.isEmpty();
        for (int i = 0; i < text.length() && plain; i++) {
            char ch = text.charAt(i);
            plain = (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E';
        }
        if (plain) {
            try {
                return Float.parseFloat(text);
            } catch (NumberFormatException e) {
                // reported below
            }
        } else if (text.equalsIgnoreCase("nan")) {
            return Float.NaN;
        } else if (INFINITY.matcher(text).matches()) {
            return text.startsWith("-") ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        }
        throw new IllegalArgumentException(file + ": line " + line + ", column " + (column + 1) + " ('" + name + "'): '" + shown + "' is not a number");
    }

    /** The indices of the kept columns, in file order. */
    private static int[] select(Path file, List<String> all, Options o) {
        Set<Integer> keep = new LinkedHashSet<>();
        if (o.columns().isEmpty()) {
            for (int j = 0; j < all.size(); j++) keep.add(j);
        } else {
            for (String c : o.columns()) keep.add(index(file, all, c, o.header()));
        }
        for (String c : o.drop()) keep.remove(index(file, all, c, o.header()));
        if (keep.isEmpty()) throw new IllegalArgumentException(file + ": no columns left to read");
        return keep.stream().sorted().mapToInt(Integer::intValue).toArray();
    }

    private static int index(Path file, List<String> all, String c, boolean header) {
        String t = c.trim();
        if (header) {
            for (int j = 0; j < all.size(); j++) if (all.get(j).equals(t)) return j;
        }
        try {
            int n = Integer.parseInt(t);
            if (n >= 1 && n <= all.size()) return n - 1;
        } catch (NumberFormatException ignored) {
            // not a number: report below
        }
        throw new IllegalArgumentException(file + ": no column '" + t + "' (" + all.size() + " columns"
                + (header ? ": " + String.join(", ", all.subList(0, Math.min(all.size(), 8))) + (all.size() > 8 ? ", ..." : "") : ", numbered from 1") + ")");
    }

    /** Parses "a,b,c" into a list (empty for null or blank). */
    public static List<String> list(String csv) {
        List<String> out = new ArrayList<>();
        if (csv == null || csv.isBlank()) return out;
        for (String s : csv.split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    /** One delimiter character from its name or itself: "," ";" "tab" "\t" "space" "|". */
    public static char delimiter(String s) {
        if (s == null || s.isEmpty()) return ',';
        switch (s.toLowerCase(Locale.ROOT)) {
            case "tab": case "\\t": return '\t';
            case "space": return ' ';
            case "comma": return ',';
            case "semicolon": return ';';
            default:
                if (s.length() == 1) return s.charAt(0);
                throw new IllegalArgumentException("delimiter must be one character (or tab, space, comma, semicolon), got '" + s + "'");
        }
    }
}
