package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCsvTest {

    private static final BenchCsv CSV = new BenchCsv("pairs", "name,value");
    private static final Function<List<String>, List<String>> AS_IS = fields -> fields;

    private static String rejected(String text) {
        return assertThrows(IllegalArgumentException.class, () -> CSV.parse(text, "p.csv", AS_IS)).getMessage();
    }

    @Test
    void aFieldWithACommaAQuoteOrALineBreakIsQuotedAndReadBack(@TempDir Path dir) throws IOException {
        List<List<String>> rows = List.of(List.of("gemm 64x30 * 30x20", "plain"), List.of("seed, b64", "say \"hi\""),
                List.of("two\nlines", ""));
        Path file = dir.resolve("a").resolve("pairs.csv");

        CSV.write(rows, file);

        assertEquals("name,value\ngemm 64x30 * 30x20,plain\n\"seed, b64\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n",
                Files.readString(file));
        assertEquals(rows, CSV.read(file, AS_IS));
        assertEquals(List.of("pairs.csv"), List.of(file.getParent().toFile().list()), "no temporary file is left");
    }

    @Test
    void aFileWithAnotherHeaderSaysWhatTheFirstLineShouldBe() {
        assertEquals("p.csv: not a pairs file (first line should be 'name,value')", rejected("name,value,extra\n"));
        assertEquals("p.csv: not a pairs file (first line should be 'name,value')", rejected(""));
    }

    @Test
    void aShortRowIsNamedWithItsFileAndLine() {
        assertEquals("p.csv:5: expected 2 fields, found 1 in 'c'", rejected("name,value\na,\"1\n2\"\n\nc\n"));
    }

    @Test
    void aRowItsRecordRejectsIsNamedWithItsFileAndLine() {
        String message = assertThrows(IllegalArgumentException.class, () -> CSV.parse("name,value\n\"x, y\",z\n",
                "p.csv", fields -> Double.parseDouble(fields.get(1)))).getMessage();
        assertEquals("p.csv:2: For input string: \"z\" in '\"x, y\",z'", message);
    }

    @Test
    void malformedCsvIsNamedWithItsFileAndLine() {
        String message = rejected("name,value\na,b\nc,\"d\"e\nf,g\n");
        assertTrue(message.startsWith("p.csv:3: Unexpected character ('e'"), message);
    }
}
