package dev.tinytorch.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    private static final String SOURCE = "cells.csv";

    private static CsvTable read(String text) throws IOException {
        return CsvReader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), SOURCE);
    }

    private static String failure(String text) {
        return assertThrows(CsvFormatException.class, () -> read(text)).getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    @Test
    void readsAWellFormedTable() throws IOException {
        CsvTable table = read("\uFEFF a , b ,label\r\n1,2,0\r\n\r\n 3.5 , -4e1 ,1\r\n+.5,7.,0\n");
        assertEquals(List.of("a", "b", "label"), table.columns());
        assertEquals(3, table.rowCount());
        assertEquals(SOURCE, table.source());
        assertArrayEquals(new double[] {0, 1, 0}, table.labels("label"));
        assertArrayEquals(new double[][] {{1, 2}, {3.5, -40}, {0.5, 7}}, table.features("label"));
        assertArrayEquals(new double[][] {{1, 0}, {3.5, 1}, {0.5, 0}}, table.features("b"));
        assertArrayEquals(new double[] {2, -40, 7}, table.column("b"));
        assertEquals(1, table.columnIndex("b"));
    }

    @Test
    void acceptsAMissingFinalNewline() throws IOException {
        assertEquals(2, read("a,y\n1,0\n2,1").rowCount());
    }

    @Test
    void buildsADatasetWithTheLastColumnAsLabelByDefault() throws IOException {
        MatrixOps ops = Backends.getDefault();
        CsvTable table = read("a,b,y\n1,2,0\n3,4,1\n");
        Dataset byDefault = table.toDataset(ops);
        assertArrayEquals(new double[] {1, 2, 3, 4}, ops.toRowMajor(byDefault.inputs()));
        assertArrayEquals(new double[] {0, 1}, ops.toRowMajor(byDefault.targets()));
        Dataset byName = table.toDataset(ops, "a");
        assertArrayEquals(new double[] {2, 0, 4, 1}, ops.toRowMajor(byName.inputs()));
        assertArrayEquals(new double[] {1, 3}, ops.toRowMajor(byName.targets()));
    }

    @Test
    void readsAFileNamingItInErrors(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.csv");
        Files.writeString(good, "a,y\n1,0\n");
        assertEquals(1, CsvReader.read(good).rowCount());
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,y\n1,0\n1,zero\n");
        String message = assertThrows(CsvFormatException.class, () -> CsvReader.read(bad)).getMessage();
        assertMentions(message, "bad.csv", "line 3", "column 2", "(y)", "'zero'");
    }

    @Test
    void readsAClassPathResource() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("tiny.csv")) {
            CsvTable table = CsvReader.read(in, "tiny.csv");
            assertEquals(List.of("x1", "x2", "label"), table.columns());
            assertArrayEquals(new double[][] {{0.5, 1}, {-2, 0.3}}, table.features("label"));
        }
    }

    @Test
    void rejectsAnEmptyFile() {
        assertMentions(failure(""), SOURCE, "empty file");
        assertMentions(failure("\n  \r\n"), SOURCE, "empty file");
    }

    @Test
    void rejectsAHeaderWithoutRows() {
        assertMentions(failure("a,b,label\n"), SOURCE, "no data rows", "line 1");
        assertMentions(failure("\na,b,label\n\n"), SOURCE, "no data rows", "line 2");
    }

    @Test
    void rejectsAShortRow() {
        assertMentions(failure("a,b,c\n1,2,3\n4,5\n"), SOURCE, "line 3", "2 values", "3 columns", "column 3", "(c)");
    }

    @Test
    void rejectsALongRow() {
        assertMentions(failure("a,b\n1,2,3\n"), SOURCE, "line 2", "3 values", "2 columns", "column 3", "'3'");
    }

    @Test
    void rejectsANonNumericValue() {
        assertMentions(failure("a,b,c\n1,2,3\n\n4,five,6\n"), SOURCE, "line 4", "column 2", "(b)", "'five'");
        assertMentions(failure("a,b\n1,2f\n"), SOURCE, "line 2", "column 2", "'2f'");
    }

    @Test
    void rejectsAnEmptyValue() {
        assertMentions(failure("a,b,c\n1, ,3\n"), SOURCE, "line 2", "column 2", "(b)", "empty value");
    }

    @Test
    void rejectsValuesThatAreNotFiniteNumbers() {
        assertMentions(failure("a,b\n1,NaN\n"), SOURCE, "line 2", "column 2", "(b)", "'NaN'");
        assertMentions(failure("a,b\n1e999,1\n"), SOURCE, "line 2", "column 1", "(a)", "'1e999'");
    }

    @Test
    void rejectsABadHeader() {
        assertMentions(failure("a,,c\n1,2,3\n"), SOURCE, "line 1", "column 2", "empty column name");
        assertMentions(failure("a,b,a\n1,2,3\n"), SOURCE, "line 1", "column 3", "(a)", "duplicate", "column 1");
    }

    @Test
    void rejectsAnUnknownLabelColumnListingTheColumns() throws IOException {
        CsvTable table = read("x1,x2,label\n1,2,0\n");
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> table.features("target"));
        assertMentions(e.getMessage(), SOURCE, "'target'", "[x1, x2, label]");
        assertThrows(CsvFormatException.class, () -> table.toDataset(Backends.getDefault(), "target"));
    }

    @Test
    void rejectsALabelWithoutInputColumns() throws IOException {
        CsvTable table = read("y\n1\n");
        assertMentions(assertThrows(CsvFormatException.class, () -> table.features("y")).getMessage(), SOURCE, "'y'");
    }

    private static String failure(byte[] bytes) {
        return assertThrows(CsvFormatException.class,
                () -> CsvReader.read(new ByteArrayInputStream(bytes), SOURCE)).getMessage();
    }

    @Test
    void rejectsBytesThatAreNotUtf8NamingTheLine() {
        byte[] bytes = "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8);
        bytes[10] = (byte) 0xFF;  // the '4' of line 3
        assertEquals(SOURCE + " line 3: not valid UTF-8 (byte 0xFF at byte 3 of the line); save the file as UTF-8",
                failure(bytes));
    }

    @Test
    void rejectsALineLongerThanTheLimitWithoutReadingFurther() throws IOException {
        byte[] limit = new byte[CsvLines.MAX_LINE_BYTES];
        Arrays.fill(limit, (byte) 'a');
        String header = new String(limit, StandardCharsets.US_ASCII);
        assertEquals(header, read(header + "\r\n1\n").columns().get(0), "a line of exactly the limit is read");
        InputStream endless = new InputStream() {  // as /dev/zero: bytes without end and without a line break
            @Override
            public int read() {
                return 0;
            }
        };
        assertEquals(SOURCE + " line 1: longer than the 1048576 bytes (1 MiB) a line may have; is it a CSV file?",
                assertThrows(CsvFormatException.class, () -> CsvReader.read(endless, SOURCE)).getMessage());
        assertMentions(failure("a\n1\n" + header + "a\n"), SOURCE + " line 3: longer than the 1048576 bytes");
    }

    @Test
    void rejectsADirectoryNamingIt(@TempDir Path dir) {
        assertEquals(dir + ": is a directory, expected a CSV file",
                assertThrows(CsvFormatException.class, () -> CsvReader.read(dir)).getMessage());
    }

    @Test
    void quotesAtMostAHundredCharactersOfAValueWithoutRawControlCharacters() {
        String message = failure("a,b\n1," + "x".repeat(5000) + "\n");
        assertEquals(SOURCE + " line 2, column 2 (b): '" + "x".repeat(100) + "... (5000 characters)' is not a number",
                message);
        assertEquals("'\\u0007 bell'", "'" + Excerpt.of("\u0007 bell") + "'");
        List<String> many = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            many.add("c" + c);
        }
        assertEquals("[c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, ... (12 in all)]", Excerpt.list(many));
    }
}
