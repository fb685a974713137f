package dev.tinytorch.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    /** Three 2x3 images; the pixels cover 0 and 255. */
    private static final byte[] PIXELS = bytes(0, 1, 2, 3, 4, 5, 255, 254, 128, 127, 10, 0, 9, 8, 7, 6, 5, 200);
    private static final byte[] LABELS = bytes(7, 0, 9);

    @TempDir
    Path dir;

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** An IDX file: {@code magic}, the sizes, then {@code data}. */
    private static byte[] idx(int magic, long[] sizes, byte[] data) {
        ByteBuffer out = ByteBuffer.allocate(4 + 4 * sizes.length + data.length);
        out.putInt(magic);
        for (long size : sizes) {
            out.putInt((int) size);
        }
        return out.put(data).array();
    }

    private static byte[] images(byte[] pixels) {
        return idx(IdxReader.IMAGES_MAGIC, new long[] {3, 2, 3}, pixels);
    }

    private static byte[] labels(byte[] labels) {
        return idx(IdxReader.LABELS_MAGIC, new long[] {labels.length}, labels);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static IdxImages readImages(byte[] content) throws IOException {
        return IdxReader.readImages(new ByteArrayInputStream(content), "in.idx");
    }

    private static IdxLabels readLabels(byte[] content) throws IOException {
        return IdxReader.readLabels(new ByteArrayInputStream(content), "in.idx");
    }

    private static void assertFails(Executable read, String... parts) {
        String message = assertThrows(IdxFormatException.class, read).getMessage();
        assertEquals(1, message.lines().count(), "one line: " + message);
        for (String part : parts) {
            assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
        }
    }

    private void assertRoundTrip(Path images, Path labels) throws IOException {
        MatrixOps ops = Backends.getDefault();
        Dataset data = IdxReader.readDataset(ops, images, labels);
        assertEquals(3, data.size());
        assertEquals(6, data.features());
        double[] expected = new double[PIXELS.length];
        for (int p = 0; p < expected.length; p++) {
            expected[p] = Byte.toUnsignedInt(PIXELS[p]) / 255.0;
        }
        assertArrayEquals(expected, ops.toRowMajor(data.inputs()));
        assertArrayEquals(new double[] {7, 0, 9}, ops.toRowMajor(data.targets()));
    }

    @Test
    void readsImagesAndLabelsIntoADatasetScaledToTheUnitInterval() throws IOException {
        assertRoundTrip(file("images.idx", images(PIXELS)), file("labels.idx", labels(LABELS)));
        IdxImages images = readImages(images(PIXELS));
        assertEquals(3, images.count());
        assertEquals(2, images.rows());
        assertEquals(3, images.cols());
        assertEquals(255, images.pixel(1, 0, 0));
        assertEquals(127, images.pixel(1, 1, 0));
        assertEquals(200, images.pixel(2, 1, 2));
        IdxLabels labels = readLabels(labels(LABELS));
        assertEquals(3, labels.count());
        assertEquals(9, labels.label(2));
        assertEquals("in.idx", labels.source());
    }

    @Test
    void recognisesGzipByItsFirstBytesWhateverTheName() throws IOException {
        assertRoundTrip(file("images.idx.gz", gzip(images(PIXELS))), file("labels.idx.gz", gzip(labels(LABELS))));
        assertRoundTrip(file("images-gz", gzip(images(PIXELS))), file("labels.gz", labels(LABELS)));
    }

    @Test
    void isIdxLooksAtTheContentNotTheName() throws IOException {
        assertTrue(IdxReader.isIdx(file("digits.bin", images(PIXELS))));
        assertTrue(IdxReader.isIdx(file("labels.csv", gzip(labels(LABELS)))));
        assertFalse(IdxReader.isIdx(file("x.idx", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8))));
        assertFalse(IdxReader.isIdx(file("x.idx.gz", gzip("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)))));
        assertFalse(IdxReader.isIdx(file("empty.idx", new byte[0])));
        assertFalse(IdxReader.isIdx(file("one.idx", new byte[1])));
        byte[] gz = gzip(images(PIXELS));
        Path cut = file("cut.gz", Arrays.copyOf(gz, 5));
        assertFails(() -> IdxReader.isIdx(cut), cut.toString(), "damaged or truncated gzip data");
        assertFalse(IdxReader.isIdx(dir));
        assertFalse(IdxReader.isIdx(file("zeros.idx", new byte[64])));
        assertTrue(IdxReader.isIdx(file("floats.bin", idx(0x00000D02, new long[] {1, 1}, new byte[4]))));
    }

    @Test
    void readingAStreamLeavesItOpen() throws IOException {
        boolean[] closed = {false};
        ByteArrayInputStream in = new ByteArrayInputStream(gzip(labels(LABELS))) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        assertEquals(3, IdxReader.readLabels(in, "labels").count());
        assertTrue(!closed[0]);
    }

    @Test
    void aTruncatedFileSaysWhereItEnds() throws IOException {
        byte[] whole = images(PIXELS);
        Path cut = file("cut.idx", Arrays.copyOf(whole, whole.length - 7));
        assertFails(() -> IdxReader.readImages(cut), cut.toString(), "truncated", "3 images of 2x3",
                "18 bytes after the header", "ends after 11 bytes (1 whole)");
        assertFails(() -> readImages(Arrays.copyOf(whole, 10)), "in.idx: truncated: the header ends after 10 of its"
                + " 16 bytes");
        assertFails(() -> readLabels(new byte[3]), "in.idx: truncated", "ends after 3 bytes", "0x00000801");
        assertFails(() -> readLabels(new byte[0]), "ends after 0 bytes");
    }

    @Test
    void truncatedOrDamagedGzipIsNamedAsSuch() throws IOException {
        byte[] gz = gzip(images(PIXELS));
        Path cut = file("cut.gz", Arrays.copyOf(gz, gz.length - 10));
        assertFails(() -> IdxReader.readImages(cut), cut.toString(), "damaged or truncated gzip data");
        byte[] damaged = gz.clone();
        damaged[12] ^= (byte) 0xff;
        damaged[13] ^= (byte) 0xff;
        assertFails(() -> readImages(damaged), "in.idx: damaged or truncated gzip data");
    }

    @Test
    void bytesAfterTheDeclaredDataAreRefused() throws IOException {
        byte[] longer = Arrays.copyOf(images(PIXELS), images(PIXELS).length + 1);
        assertFails(() -> readImages(longer), "in.idx: longer than its header says", "3 images of 2x3 take 18 bytes");
        Path gz = file("long-labels.gz", gzip(Arrays.copyOf(labels(LABELS), 20)));
        assertFails(() -> IdxReader.readLabels(gz), gz.toString(), "3 labels take 3 bytes", "more bytes follow");
    }

    @Test
    void imagesGivenAsLabelsAndLabelsGivenAsImagesAreNamedAsSuch() throws IOException {
        Path images = file("train-images.idx", images(PIXELS));
        Path labels = file("train-labels.idx.gz", gzip(labels(LABELS)));
        assertFails(() -> IdxReader.readLabels(images), images + ": is an IDX file of images (magic 0x00000803),"
                + " expected labels (count) (magic 0x00000801)");
        assertFails(() -> IdxReader.readImages(labels), labels + ": is an IDX file of labels (magic 0x00000801),"
                + " expected images (count x rows x columns) (magic 0x00000803)");
        assertFails(() -> IdxReader.readDataset(Backends.getDefault(), labels, images), labels.toString(),
                "is an IDX file of labels");
    }

    @Test
    void otherFilesAndOtherIdxTypesAreRefused() throws IOException {
        Path csv = file("digits.csv", "a,b,target\n1,2,0\n".getBytes(StandardCharsets.UTF_8));
        assertFails(() -> IdxReader.readImages(csv), csv + ": not an IDX file: it starts with 0x612C622C, expected"
                + " the magic number 0x00000803");
        assertFails(() -> readImages(idx(0x00000D03, new long[] {1, 1, 1}, new byte[4])),
                "in.idx: IDX magic number 0x00000D03 (data type 0x0D, 3 dimensions), expected 0x00000803");
        assertFails(() -> readLabels(idx(0x00000802, new long[] {1, 1}, new byte[1])),
                "IDX magic number 0x00000802 (data type 0x08, 2 dimensions), expected 0x00000801");
        assertFails(() -> IdxReader.readImages(dir), dir + ": is a directory, expected an IDX file");
    }

    @Test
    void imagesNeedRowsAndColumns() {
        assertFails(() -> readImages(idx(IdxReader.IMAGES_MAGIC, new long[] {1, 0, 3}, new byte[0])),
                "in.idx: dimension 2 of the header is 0; every image needs at least one row");
        assertFails(() -> readImages(idx(IdxReader.IMAGES_MAGIC, new long[] {1, 3, 0}, new byte[0])),
                "dimension 3 of the header is 0; every row needs at least one column");
    }

    @Test
    void aPairWithDifferentCountsNamesBothFiles() throws IOException {
        Path images = file("images.idx", images(PIXELS));
        Path labels = file("labels.idx", labels(bytes(1, 2)));
        assertFails(() -> IdxReader.readDataset(Backends.getDefault(), images, labels),
                images + " holds 3 images but " + labels + " holds 2 labels");
        Path none = file("none.idx", idx(IdxReader.IMAGES_MAGIC, new long[] {0, 28, 28}, new byte[0]));
        Path noLabels = file("no-labels.idx", labels(new byte[0]));
        assertFails(() -> IdxReader.readDataset(Backends.getDefault(), none, noLabels), none + ": no images");
    }

    @Test
    void aHeaderClaimingMoreThanTheFileHoldsFailsWithoutAllocatingWhatItClaims() throws IOException {
        byte[] kilobyte = new byte[1024];
        long claimed = 1L << 31;
        assertFails(() -> readLabels(idx(IdxReader.LABELS_MAGIC, new long[] {claimed}, kilobyte)),
                "in.idx: the header claims 2147483648 labels, more than the 2147483639 bytes");
        assertFails(() -> readImages(idx(IdxReader.IMAGES_MAGIC, new long[] {0xffffffffL, 0xffffffffL, 0xffffffffL},
                kilobyte)), "claims 4294967295 images of 4294967295x4294967295, more than");
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] file = idx(IdxReader.IMAGES_MAGIC, new long[] {2_000_000, 28, 28}, kilobyte);  // 1.5 GB claimed
        long before = threads.getCurrentThreadAllocatedBytes();
        assertFails(() -> readImages(file), "claims 2000000 images of 28x28 (1568000000 bytes after the header)"
                + " but the data ends after 1024 bytes (1 whole)");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1 << 20, "read 1 KB, allocated " + allocated + " bytes");
    }
}
