package dev.tinytorch.examples.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.tinytorch.nn.io.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One of the benchmark's CSV files: a fixed header line and rows of text fields, written (quoted as RFC 4180 needs)
 * and read back with Jackson CSV, so that {@link ResultsCsv}, {@link TargetsCsv} and {@link SkippedCsv} only map
 * their records to and from rows. Reading checks the header and each row's number of fields, and names the file and
 * line of what it rejects ({@code FILE:LINE: what}).
 */
final class BenchCsv {

    /**
     * Quotes a field only when it holds a comma, a quote or a line break (Jackson's quick check would also quote any
     * field holding a space), and skips blank lines when reading.
     */
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    private final String kind;
    private final String header;
    private final List<String> columns;

    /**
     * @param kind what the file holds, for errors: {@code "results"} gives "not a results file"
     * @param header the first line: the column names, separated by commas
     */
    BenchCsv(String kind, String header) {
        this.kind = kind;
        this.header = header;
        this.columns = List.of(header.split(",", -1));
    }

    /** The file's text: the header, then one line per row (more if a field holds a line break). */
    String text(List<List<String>> rows) {
        StringWriter text = new StringWriter();
        try (SequenceWriter writer = MAPPER.writerFor(List.class).writeValues(text)) {
            writer.write(columns);
            writer.writeAll(rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV to a string", e);
        }
        return text.toString();
    }

    /** {@link #text} cut at its line breaks. */
    List<String> lines(List<List<String>> rows) {
        return List.of(text(rows).split("\n"));
    }

    /** Writes {@link #text} to {@code file} atomically, creating its directory. */
    void write(List<List<String>> rows, Path file) throws IOException {
        AtomicFiles.write(file, AtomicFiles.Content.text(text(rows)));
    }

    /**
     * The records of the rows of {@code file}.
     *
     * @throws IllegalArgumentException as {@link #parse}
     */
    <T> List<T> read(Path file, Function<List<String>, T> record) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), record);
    }

    /**
     * The records of the rows of {@code text}, in order, made by {@code record} from each row's fields.
     *
     * @param source names the file in error messages
     * @throws IllegalArgumentException naming {@code source} (and the line) if the first line is not the header, if
     *         the CSV is malformed, if a row has not as many fields as the header or if {@code record} rejects it
     *         with an {@link IllegalArgumentException}
     */
    <T> List<T> parse(String text, String source, Function<List<String>, T> record) {
        List<T> records = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(text)) {
            Row first = Row.next(parser);
            if (first == null || !first.fields().equals(columns)) {
                throw new IllegalArgumentException(source + ": not a " + kind + " file (first line should be '"
                        + header + "')");
            }
            for (Row row = Row.next(parser); row != null; row = Row.next(parser)) {
                records.add(record(row, source, record));
            }
        } catch (StreamReadException e) {
            String line = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
            throw new IllegalArgumentException(source + line + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CSV from a string", e);
        }
        return records;
    }

    private <T> T record(Row row, String source, Function<List<String>, T> record) {
        try {
            if (row.fields().size() != columns.size()) {
                throw new IllegalArgumentException("expected " + columns.size() + " fields, found "
                        + row.fields().size());
            }
            return record.apply(row.fields());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ":" + row.line() + ": " + e.getMessage() + " in '"
                    + line(row.fields()) + "'", e);
        }
    }

    /** {@code fields} as one CSV line, without its line break: how an error quotes a row. */
    private static String line(List<String> fields) {
        try {
            String line = MAPPER.writerFor(List.class).writeValueAsString(fields);
            return line.substring(0, line.length() - "\n".length());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write CSV to a string", e);
        }
    }

    /** The fields of one row and the line it starts on. */
    private record Row(List<String> fields, long line) {

        /** The next row {@code parser} reads, or {@code null} at the end. */
        static Row next(JsonParser parser) throws IOException {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<String> fields = new ArrayList<>();
            long line = -1;
            for (JsonToken t = parser.nextToken(); t == JsonToken.VALUE_STRING; t = parser.nextToken()) {
                line = fields.isEmpty() ? parser.currentTokenLocation().getLineNr() : line;
                fields.add(parser.getText());
            }
            return new Row(fields, line);
        }
    }
}
