package iwae4j.models.data;

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

/**
 * Numeric tables from CSV files (RFC 4180 quoting by FastCSV). Every kept field must parse as a number or be one
 * of the missing-cell texts ({@link Options#missing}: empty, NA, N/A, ? unless told otherwise), read as NaN; an
 * error names the file, line, column and the text. Empty lines are skipped.
 */
public final class Csv {
    /** How to read a file; the defaults read a comma-separated file with a header line. */
    public static final class Options {
        /** Whether the first (non-skipped) line names the columns. */
        public boolean header = true;
        public char delimiter = ',';
        /** Lines to skip before the header or the first row. */
        public int skipLines = 0;
        /** Columns to keep, by header name or 1-based number (empty: all). */
        public List<String> columns = List.of();
        /** Columns to leave out, by header name or 1-based number (a label column, say). */
        public List<String> drop = List.of();
        /**
         * Whether numbers are written with a decimal comma ("1,5"), as spreadsheets in many locales save them;
         * such files separate fields with ';' (set {@link #delimiter} too).
         */
        public boolean decimalComma = false;
        /**
         * Cell texts (after trimming, compared exactly) that mean a missing cell, read as NaN; "NaN" itself always is.
         * Empty: every cell must hold a number.
         */
        public List<String> missing = DEFAULT_MISSING;
    }

    /** The texts read as a missing cell unless told otherwise: an empty cell, NA, N/A and ?. */
    public static final List<String> DEFAULT_MISSING = List.of("", "NA", "N/A", "?");

    private Csv() {
    }

    /** Reads a file into a {@link Table} of the kept columns. */
    public static Table read(Path file, Options o) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<String> names = null;
        int[] keep = null;
        int fields = -1;
        if (o.decimalComma && o.delimiter == ',') {
            throw new IllegalArgumentException(file + ": with decimal commas the fields must be separated by another character (';' usually)");
        }
        // a byte-order mark (spreadsheets' "CSV UTF-8") is dropped, not read into the first column's name
        try (CsvReader<CsvRecord> reader = CsvReader.builder().fieldSeparator(o.delimiter).skipEmptyLines(false)
                .ignoreDifferentFieldCount(true).detectBomHeader(true).ofCsvRecord(file, StandardCharsets.UTF_8)) {
            int skipped = 0;
            // empty lines: nothing in a table of several columns (a row there has delimiters), but in a one-column
            // table an empty cell, i.e. a row, unless only empty lines follow (the end of the file)
            long emptyRun = 0, emptyFrom = 0;
            for (CsvRecord r : reader) {
                long line = r.getStartingLineNumber();
                if (r.getFieldCount() == 1 && r.getField(0).isEmpty()) {
                    if (fields == 1 && skipped >= o.skipLines) {
                        if (emptyRun++ == 0) emptyFrom = line;
                    }
                    continue;
                }
                for (; emptyRun > 0; emptyRun--, emptyFrom++) {
                    if (!o.missing.contains("")) {
                        throw new IllegalArgumentException(file + ": line " + emptyFrom + ", column " + (keep[0] + 1) + " ('" + names.get(0) + "'): '' is not a number");
                    }
                    rows.add(new float[] {Float.NaN});
                }
                if (skipped < o.skipLines) {
                    skipped++;
                    continue;
                }
                if (fields < 0) {
                    fields = r.getFieldCount();
                    List<String> all = new ArrayList<>();
                    for (int j = 0; j < fields; j++) all.add(o.header ? r.getField(j).trim() : "column " + (j + 1));
                    keep = select(file, all, o);
                    names = new ArrayList<>();
                    for (int j : keep) names.add(all.get(j));
                    if (o.header) continue;
                }
                if (r.getFieldCount() != fields) {
                    throw new IllegalArgumentException(file + ": line " + line + " has " + r.getFieldCount() + " fields, the first row has " + fields);
                }
                float[] v = new float[keep.length];
                for (int c = 0; c < keep.length; c++) {
                    String text = r.getField(keep[c]).trim();
                    v[c] = o.missing.contains(text) ? Float.NaN : number(file, line, keep[c], names.get(c), o.decimalComma ? text.replace(',', '.') : text, text);
                }
                rows.add(v);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": " + e.getCause().getMessage());
        } catch (de.siegmar.fastcsv.reader.CsvParseException e) {
            throw new IllegalArgumentException(file + ": not valid CSV: " + e.getMessage());
        }
        if (rows.isEmpty()) throw new IllegalArgumentException(file + ": no data rows");
        float[] values = new float[rows.size() * keep.length];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, values, i * keep.length, keep.length);
        return new Table(values, keep.length, names);
    }

    /**
     * A cell's number, in plain decimal or scientific notation (no hexadecimal, no type suffix); "NaN", "inf" and
     * "infinity" (any case, signed) read as such, for {@link Table#requireFinite} to name.
     */
    private static float number(Path file, long line, int column, String name, String text, String shown) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.equals("nan")) return Float.NaN;
        if (lower.matches("[+-]?inf(inity)?")) return lower.startsWith("-") ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        boolean plain = !text.isEmpty();
        for (int i = 0; i < text.length() && plain; i++) {
            char ch = text.charAt(i);
            plain = (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E';
        }
        try {
            if (plain) return Float.parseFloat(text);
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(file + ": line " + line + ", column " + (column + 1) + " ('" + name + "'): '" + shown + "' is not a number");
    }

    /** The indices of the kept columns, in file order. */
    private static int[] select(Path file, List<String> all, Options o) {
        Set<Integer> keep = new LinkedHashSet<>();
        if (o.columns.isEmpty()) {
            for (int j = 0; j < all.size(); j++) keep.add(j);
        } else {
            for (String c : o.columns) keep.add(index(file, all, c, o.header));
        }
        for (String c : o.drop) keep.remove(index(file, all, c, o.header));
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
