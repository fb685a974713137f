package dev.tinytorch.nn.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The lines of a CSV file as {@link CsvReader} defines them, for every reader of such files, so that they all
 * accept and refuse the same bytes with the same message: strict UTF-8 (a byte sequence that is not UTF-8 is an
 * error naming the line, not a replacement character), lines ending in {@code \n} or {@code \r\n}, an initial
 * byte-order mark skipped, and at most {@value #MAX_LINE_BYTES} bytes per line, so that a file without line breaks
 * (a binary file, a device such as {@code /dev/zero}) is refused after reading that much instead of filling the
 * memory.
 */
public final class CsvLines implements Closeable {

    /** The longest line read, in bytes without its terminator: 1 MiB, some 50,000 columns of numbers. */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private static final int BUFFER_BYTES = 1 << 16;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final InputStream in;
    private final String source;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private int lineNumber;

    /** The lines of {@code in}, which messages call {@code source}; closing this closes {@code in}. */
    public CsvLines(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /**
     * The lines of the file at {@code path}; messages name it as given.
     *
     * @throws CsvFormatException if it is a directory
     */
    public static CsvLines open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new CsvFormatException(path + ": is a directory, expected a CSV file");
        }
        return new CsvLines(Files.newInputStream(path), path.toString());
    }

    /** The number of the line {@link #next()} returned last, from 1. */
    public int lineNumber() {
        return lineNumber;
    }

    /**
     * The next line without its terminator, or {@code null} at the end of the input.
     *
     * @throws CsvFormatException naming the source and line if the line is too long or not UTF-8
     */
    public String next() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            length = append(length, end - position);
            boolean found = end < limit;
            position = found ? end + 1 : end;
            if (found) {
                break;
            }
        }
        lineNumber++;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (length > MAX_LINE_BYTES) {
            throw tooLong(lineNumber);
        }
        String text = decode(length);
        return lineNumber == 1 && !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    /** Appends {@code count} bytes of the buffer from {@link #position} to the line of {@code length} bytes. */
    private int append(int length, int count) {
        if ((long) length + count > MAX_LINE_BYTES + 1) {  // + 1: the '\r' of a line of exactly the limit
            throw tooLong(lineNumber + 1);
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(length + count, Math.min(2 * line.length, MAX_LINE_BYTES + 1)));
        }
        System.arraycopy(buffer, position, line, length, count);
        return length + count;
    }

    private CsvFormatException tooLong(int number) {
        return new CsvFormatException(source + " line " + number + ": longer than the " + MAX_LINE_BYTES
                + " bytes (1 MiB) a line may have; is it a CSV file?");
    }

    private String decode(int length) {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        CharBuffer chars = CharBuffer.allocate(length);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (!result.isError()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            throw new CsvFormatException(String.format(Locale.ROOT, "%s line %d: not valid UTF-8 (byte 0x%02X at byte"
                    + " %d of the line); save the file as UTF-8", source, lineNumber, line[bytes.position()] & 0xFF,
                    bytes.position() + 1));
        }
        return chars.flip().toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
