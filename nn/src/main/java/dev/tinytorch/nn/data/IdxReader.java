package dev.tinytorch.nn.data;

import dev.tinytorch.api.MatrixOps;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST's IDX files, the format in which LeCun, Cortes and Burges distribute the digits and which most MNIST
 * copies keep: images into {@link IdxImages}, labels into {@link IdxLabels}, a pair of them into a {@link Dataset}.
 *
 * <p>The format: big-endian; a 4-byte magic number {@code 0x0000TTDD} whose {@code TT} is the data type (only
 * {@code 0x08}, unsigned bytes, is read here) and {@code DD} the number of dimensions; one 4-byte size per
 * dimension; then the data, the last dimension varying fastest. Images are {@code 0x00000803} (count, rows,
 * columns), labels {@code 0x00000801} (count). A file may be gzip-compressed (recognised by its first two
 * bytes, whatever its name).
 *
 * <p>Anything else fails with an {@link IdxFormatException} naming the file and what is wrong: another magic number
 * (an image file given as labels or the reverse is said so), a zero size, a file shorter or longer than its header
 * claims, damaged gzip data. Reading is bounded: memory grows with the bytes actually read, never with what a
 * header claims, so a header claiming 2^31 images on a 1 KB file fails at the end of that kilobyte.
 */
public final class IdxReader {

    /** The magic number of an image file: unsigned bytes, 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** The magic number of a label file: unsigned bytes, 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801;
    static final String IMAGES_MAGIC_HEX = "0x00000803";
    static final String LABELS_MAGIC_HEX = "0x00000801";

    /** The most data bytes one file may hold: the largest Java array. */
    public static final int MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

    private static final int UNSIGNED_BYTE = 0x08;

    private static final int FIRST_CHUNK = 1 << 16;

    private IdxReader() {
    }

    /** Reads the image file at {@code path}; error messages name it as given. */
    public static IdxImages readImages(Path path) throws IOException {
        try (InputStream in = open(path)) {
            return readImages(in, path.toString());
        }
    }

    /**
     * Reads images from {@code in} (for example a class-path resource) to its end without closing it; error messages
     * name it {@code source}.
     */
    public static IdxImages readImages(InputStream in, String source) throws IOException {
        try (InputStream stream = decompressed(in)) {
            long[] dims = header(stream, source, 3, IMAGES_MAGIC_HEX, "images (count x rows x columns)");
            long rows = dims[1];
            long cols = dims[2];
            long pixels = rows <= MAX_DATA_BYTES && cols <= MAX_DATA_BYTES ? rows * cols : Long.MAX_VALUE;
            byte[] data = body(stream, source, dims[0], pixels, "images of " + rows + "x" + cols);
            return new IdxImages(source, (int) dims[0], (int) rows, (int) cols, data);
        } catch (ZipException | EOFException e) {
            throw damagedGzip(source, e);
        }
    }

    /** Reads the label file at {@code path}; error messages name it as given. */
    public static IdxLabels readLabels(Path path) throws IOException {
        try (InputStream in = open(path)) {
            return readLabels(in, path.toString());
        }
    }

    /** Reads labels from {@code in} to its end without closing it; error messages name it {@code source}. */
    public static IdxLabels readLabels(InputStream in, String source) throws IOException {
        try (InputStream stream = decompressed(in)) {
            long[] dims = header(stream, source, 1, LABELS_MAGIC_HEX, "labels (count)");
            return new IdxLabels(source, body(stream, source, dims[0], 1, "labels"));
        } catch (ZipException | EOFException e) {
            throw damagedGzip(source, e);
        }
    }

    /**
     * The images at {@code images} with the labels at {@code labels} as a dataset on {@code ops}, as
     * {@link IdxImages#toDataset} makes it (pixels scaled to {@code [0, 1]}, class indices as targets).
     */
    public static Dataset readDataset(MatrixOps ops, Path images, Path labels) throws IOException {
        return readImages(images).toDataset(ops, readLabels(labels));
    }

    /**
     * Whether the file at {@code path} is IDX data, judged by its content and never its name: it starts (after
     * gzip's magic bytes {@code 1f 8b}, if compressed) with an IDX magic number: two zero bytes, one of the format's
     * data types ({@code 08} unsigned byte, {@code 09} signed byte, {@code 0B} short, {@code 0C} int, {@code 0D}
     * float, {@code 0E} double) and at least one dimension, which no text file does. The rest is checked only by
     * reading the file, so one this accepts may still fail with an {@link IdxFormatException} naming what is wrong
     * (a type other than unsigned bytes, a wrong dimension count). A directory is not IDX.
     *
     * @throws IdxFormatException if {@code path} is gzip data too damaged to look inside
     */
    public static boolean isIdx(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return false;
        }
        try (InputStream in = open(path); InputStream stream = decompressed(in)) {
            byte[] magic = new byte[4];
            return readFully(stream, magic, 0, 4) == 4 && magic[0] == 0 && magic[1] == 0
                    && isIdxType(magic[2]) && magic[3] != 0;
        } catch (ZipException | EOFException e) {
            throw damagedGzip(path.toString(), e);
        }
    }

    /** Whether {@code type} is one of the data types the IDX format defines (08, 09, 0B to 0E). */
    private static boolean isIdxType(byte type) {
        return switch (type) {
            case 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E -> true;
            default -> false;
        };
    }

    private static InputStream open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new IdxFormatException(path + ": is a directory, expected an IDX file");
        }
        return Files.newInputStream(path);
    }

    /**
     * {@code in} itself, or its decompression if it starts with gzip's magic bytes {@code 1f 8b}; closing the result
     * leaves {@code in} open.
     */
    private static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in) {
            @Override
            public void close() {
                // the caller closes the stream it gave
            }
        };
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first == 0x1f && second == 0x8b) {
            return new GZIPInputStream(buffered);
        }
        return buffered;
    }

    private static IdxFormatException damagedGzip(String source, IOException e) {
        return new IdxFormatException(source + ": damaged or truncated gzip data (" + e.getMessage() + ")");
    }

    /** Checks the magic number and returns the sizes, each at least 1; {@code expected} describes the right magic. */
    private static long[] header(InputStream in, String source, int dimensions, String expectedMagic,
            String expected) throws IOException {
        byte[] magic = new byte[4];
        int got = readFully(in, magic, 0, 4);
        if (got < 4) {
            throw new IdxFormatException(source + ": truncated: the file ends after " + got + " bytes, before the "
                    + "4-byte IDX magic number (expected " + expectedMagic + " for " + expected + ")");
        }
        int type = Byte.toUnsignedInt(magic[2]);
        int dims = Byte.toUnsignedInt(magic[3]);
        String found = String.format("0x%02X%02X%02X%02X", magic[0], magic[1], magic[2], magic[3]);
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(source + ": not an IDX file: it starts with " + found + ", expected the magic "
                    + "number " + expectedMagic + " for " + expected);
        }
        if (type == UNSIGNED_BYTE && dims != dimensions && (dims == 1 || dims == 3)) {
            throw new IdxFormatException(source + ": is an IDX file of " + (dims == 3 ? "images" : "labels")
                    + " (magic " + found + "), expected " + expected + " (magic " + expectedMagic + ")");
        }
        if (type != UNSIGNED_BYTE || dims != dimensions) {
            throw new IdxFormatException(source + ": IDX magic number " + found + " (data type 0x"
                    + String.format("%02X", type) + ", " + dims + " dimensions), expected " + expectedMagic + " for "
                    + expected + " of unsigned bytes (type 0x08)");
        }
        byte[] sizes = new byte[4 * dimensions];
        got = readFully(in, sizes, 0, sizes.length);
        if (got < sizes.length) {
            throw new IdxFormatException(source + ": truncated: the header ends after " + (4 + got) + " of its "
                    + (4 + sizes.length) + " bytes");
        }
        long[] out = new long[dimensions];
        for (int d = 0; d < dimensions; d++) {
            out[d] = ((long) Byte.toUnsignedInt(sizes[4 * d]) << 24) | (Byte.toUnsignedInt(sizes[4 * d + 1]) << 16)
                    | (Byte.toUnsignedInt(sizes[4 * d + 2]) << 8) | Byte.toUnsignedInt(sizes[4 * d + 3]);
            if (d > 0 && out[d] == 0) {
                throw new IdxFormatException(source + ": dimension " + (d + 1) + " of the header is 0; every "
                        + (d == 1 ? "image needs at least one row" : "row needs at least one column"));
            }
        }
        return out;
    }

    /**
     * The {@code count * itemBytes} data bytes after the header, then a check that nothing follows; the buffer grows
     * with what is read, so that a lying header cannot make it allocate more than twice what the file holds.
     *
     * @param what the items as messages name them, such as {@code "images of 28x28"}
     */
    private static byte[] body(InputStream in, String source, long count, long itemBytes, String what)
            throws IOException {
        long total = itemBytes <= MAX_DATA_BYTES && count <= MAX_DATA_BYTES ? count * itemBytes : Long.MAX_VALUE;
        if (total > MAX_DATA_BYTES) {
            throw new IdxFormatException(source + ": the header claims " + count + " " + what + ", more than the "
                    + MAX_DATA_BYTES + " bytes an IDX file may hold here");
        }
        byte[] data = new byte[(int) Math.min(total, FIRST_CHUNK)];
        int filled = 0;
        while (filled < total) {
            if (filled == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(total, 2L * data.length));
            }
            filled += readFully(in, data, filled, data.length - filled);
            if (filled < data.length) {
                throw new IdxFormatException(source + ": truncated: the header claims " + count + " " + what + " ("
                        + total + " bytes after the header) but the data ends after " + filled + " bytes ("
                        + filled / itemBytes + " whole)");
            }
        }
        if (in.read() >= 0) {
            throw new IdxFormatException(source + ": longer than its header says: " + count + " " + what + " take "
                    + total + " bytes after the header, but more bytes follow");
        }
        return data;
    }

    /** Reads until {@code length} bytes are in {@code buffer} or the input ends; returns how many were read. */
    private static int readFully(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        int read = 0;
        while (read < length) {
            int n = in.read(buffer, offset + read, length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return read;
    }
}
