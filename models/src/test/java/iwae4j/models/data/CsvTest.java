package iwae4j.models.data;

import iwae4j.models.Table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvTest {
    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        return Files.writeString(dir.resolve("t.csv"), text);
    }

    @Test
    void readsAHeaderQuotedFieldsAndDropsALabelColumn() throws Exception {
        Path f = file("a,\"b, quoted\",label\n1,2.5,x\n\n-3,4e2,y\n");
        Csv.Options o = Csv.Options.defaults().withDrop(List.of("label"));
        Table t = Csv.read(f, o);
        assertEquals(List.of("a", "b, quoted"), t.names());
        assertArrayEquals(new float[] {1f, 2.5f, -3f, 400f}, t.values());
    }

    @Test
    void readsWithoutAHeaderWithAnotherDelimiterSkippedLinesAndColumnsByNumber() throws Exception {
        Path f = file("569;30;malignant;benign\n1;2;3;0\n4;5;6;1\n");
        Csv.Options o = Csv.Options.defaults().withHeader(false).withDelimiter(';').withSkipLines(1).withColumns(List.of("3", "1"));
        Table t = Csv.read(f, o);
        assertEquals(List.of("column 1", "column 3"), t.names());
        assertArrayEquals(new float[] {1f, 3f, 4f, 6f}, t.values());
    }

    @Test
    void readsNumbersAndTheWordsForNaNAndTheInfinitiesInAnyCase() throws Exception {
        Table t = Csv.read(file("a\n1.5e3\n-2.5E-1\n+7\n.5\nNaN\nnan\nINF\n+Infinity\n-inf\n-INFINITY\n"), Csv.Options.defaults());
        assertArrayEquals(new float[] {1500f, -0.25f, 7f, 0.5f, Float.NaN, Float.NaN, Float.POSITIVE_INFINITY,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, t.values());
        // near misses of a number or a word are errors naming the text, as any other word
        for (String bad : List.of("1e", "--1", "infinit", "infinityx", "nan1", "1,5")) {
            Path f = file("a\n" + (bad.contains(",") ? "\"" + bad + "\"" : bad) + "\n");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f, Csv.Options.defaults()), bad);
            assertEquals(f + ": line 2, column 1 ('a'): '" + bad + "' is not a number", e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a,b\\n1,2\\n3,oops\\n|line 3, column 2 ('b'): 'oops' is not a number",
            "a,b\\n1,2\\n3\\n|line 3 has 1 fields, the first row has 2",
            "a,b\\n|no data rows"})
    void badInputIsAnErrorNamingLineColumnAndText(String text, String message) throws Exception {
        Path f = file(text.replace("\\n", "\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f, Csv.Options.defaults()));
        assertEquals(f + ": " + message, e.getMessage());
    }

    @Test
    void unknownColumnsAndMissingFilesAreNamed() throws Exception {
        Path f = file("a,b\n1,2\n");
        Csv.Options o = Csv.Options.defaults().withDrop(List.of("label"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f, o));
        assertEquals(f + ": no column 'label' (2 columns: a, b)", e.getMessage());
        java.io.IOException io = assertThrows(java.io.IOException.class, () -> Csv.read(dir.resolve("nope.csv")));
        assertEquals(dir.resolve("nope.csv") + ": no such file", io.getMessage());
        assertTrue(io.getCause() instanceof java.nio.file.NoSuchFileException, "the cause is kept: " + io.getCause());
    }

    @Test
    void validationNamesRowAndColumnOfAValueABernoulliModelCannotTake() throws Exception {
        Table t = Csv.read(file("p,q\n0,1\n0.5,1.5\n"), Csv.Options.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.requireUnitInterval("t.csv"));
        assertTrue(e.getMessage().startsWith("t.csv: row 2, column 2 ('q'): 1.5 is not in [0, 1]"), e.getMessage());
        Table n = Csv.read(file("p,q\n0,NaN\n"), Csv.Options.defaults());
        e = assertThrows(IllegalArgumentException.class, () -> n.requireFinite("t.csv"));
        assertTrue(e.getMessage().startsWith("t.csv: row 1, column 2 ('q') is NaN"), e.getMessage());
    }

    @Test
    void aByteOrderMarkIsDroppedSoTheFirstColumnKeepsItsName() throws Exception {
        Path f = Files.write(dir.resolve("bom.csv"), ("\uFEFFa,b\n1,2\n3,4\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Csv.Options o = Csv.Options.defaults().withColumns(List.of("a"));
        Table t = Csv.read(f, o);
        assertEquals(List.of("a"), t.names());
        assertArrayEquals(new float[] {1f, 3f}, t.values());
    }

    @Test
    void aSpreadsheetsCsvReadsAsItsAuthorMeant() throws Exception {
        // what a spreadsheet in a decimal-comma locale saves as "CSV UTF-8": BOM, CRLF, ';' between fields, quoted cells
        String text = "\uFEFF\"height (m)\";weight;\"note; free text\"\r\n1,75;70;\"tall; lean\"\r\n\"1,6\";-2,5e1;x\r\n";
        Path f = Files.write(dir.resolve("sheet.csv"), text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Csv.Options o = Csv.Options.defaults().withDecimalComma(true, ';').withDrop(List.of("note; free text"));
        Table t = Csv.read(f, o);
        assertEquals(List.of("height (m)", "weight"), t.names());
        assertArrayEquals(new float[] {1.75f, 70f, 1.6f, -25f}, t.values());
        // decimal commas with comma-separated fields cannot be read: refused where the options are made
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.Options.defaults().withDecimalComma(true, ','));
        assertTrue(e.getMessage().startsWith("delimiter: with decimal commas"), e.getMessage());
    }

    @ParameterizedTest(name = "cell [{0}]")
    @CsvSource(delimiter = '|', value = {"0x10", "1f", "1d", "1,5", "--1", "na", "NULL"})
    void onlyPlainDecimalNumbersAreNumbers(String cell) throws Exception {
        Path f = file("a,b\n1,\"" + cell + "\"\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f, Csv.Options.defaults()));
        assertEquals(f + ": line 2, column 2 ('b'): '" + cell + "' is not a number", e.getMessage());
    }

    @Test
    void emptyNaAndQuestionMarkCellsAreMissingUnlessToldOtherwise() throws Exception {
        Path f = file("a,b,c\n1,,NA\n?,N/A,\"\"\n2,NaN,3\n");
        Table t = Csv.read(f, Csv.Options.defaults());
        float nan = Float.NaN;
        assertArrayEquals(new float[] {1f, nan, nan, nan, nan, nan, 2f, nan, 3f}, t.values());
        assertEquals(6, t.missingCells());
        Csv.Options only = Csv.Options.defaults().withMissing(List.of("?"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f, only));
        assertEquals(f + ": line 2, column 2 ('b'): '' is not a number", e.getMessage());
        Csv.Options none = Csv.Options.defaults().withMissing(List.of());
        e = assertThrows(IllegalArgumentException.class, () -> Csv.read(file("a\nNA\n"), none));
        assertTrue(e.getMessage().endsWith("line 2, column 1 ('a'): 'NA' is not a number"), e.getMessage());
        // infinities are not missing cells: a fit or a score refuses them, naming the cell
        Table inf = Csv.read(file("a,b\n1,-inf\n"), Csv.Options.defaults());
        e = assertThrows(IllegalArgumentException.class, () -> inf.requireNoInfinity("t.csv"));
        assertTrue(e.getMessage().startsWith("t.csv: row 1, column 2 ('b') is -Infinity"), e.getMessage());
        t.requireNoInfinity("t.csv");
        Csv.read(file("p,q\n0,NA\n1,1\n"), Csv.Options.defaults()).requireUnitInterval("t.csv"); // Bernoulli data may miss cells too
    }

    @Test
    void anEmptyLineIsAMissingCellInAOneColumnTableAndNothingInAWiderOne() throws Exception {
        float nan = Float.NaN;
        // one column: the empty lines inside are rows (their scores stay aligned with the file's rows); those at the
        // end of the file are not
        Table one = Csv.read(file("x\n1\n\n2\n\n\n3\n\n\n"), Csv.Options.defaults());
        assertArrayEquals(new float[] {1f, nan, 2f, nan, nan, 3f}, one.values());
        Csv.Options noHeader = Csv.Options.defaults().withHeader(false);
        assertArrayEquals(new float[] {4f, nan, 5f}, Csv.read(file("\n4\n\n5\n"), noHeader).values(), "leading empty lines are not rows");
        // several columns: an empty line is no row (a row of missing cells is written ",")
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, nan, nan}, Csv.read(file("a,b\n1,2\n\n3,4\n,\n\n"), Csv.Options.defaults()).values());
        // an empty cell that is not missing is an error naming its line
        Csv.Options none = Csv.Options.defaults().withMissing(List.of());
        Path f = file("x\n1\n\n2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.read(f, none));
        assertEquals(f + ": line 3, column 1 ('x'): '' is not a number", e.getMessage());
    }
}
