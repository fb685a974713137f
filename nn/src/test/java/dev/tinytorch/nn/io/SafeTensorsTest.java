package dev.tinytorch.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeTensorsTest {

    private static final Path FILE = Path.of("some", "model.safetensors");

    private static Map<String, Tensor> twoTensors() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("0.weight", new Tensor(new long[] {2, 3}, new double[] {1, 2, 3, 4, 5, -0.0}));
        tensors.put("0.bias", new Tensor(new long[] {2}, new double[] {Double.MIN_VALUE, Double.NaN}));
        return tensors;
    }

    /** A file as another writer could lay it out: given header text, no padding, then the data as given. */
    private static byte[] file(String header, double... data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + 8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        for (double v : data) {
            out.putDouble(v);
        }
        return out.array();
    }

    private static String failure(byte[] bytes) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafeTensors.decode(bytes, FILE));
        assertEquals(FILE, e.file());
        assertTrue(e.getMessage().startsWith(FILE + ": "), e.getMessage());
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' not in: " + message);
        }
    }

    @Test
    void roundTripKeepsNamesOrderShapesAndEveryBit() throws Exception {
        Map<String, Tensor> read = SafeTensors.decode(SafeTensors.encode(twoTensors(), Map.of("format", "pt")), FILE);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(read.keySet()));
        for (Map.Entry<String, Tensor> e : twoTensors().entrySet()) {
            Tensor got = read.get(e.getKey());
            assertArrayEquals(e.getValue().shape(), got.shape());
            assertArrayEquals(Arrays.stream(e.getValue().data()).mapToLong(Double::doubleToRawLongBits).toArray(),
                    Arrays.stream(got.data()).mapToLong(Double::doubleToRawLongBits).toArray(), e.getKey());
        }
    }

    @Test
    void theBytesFollowTheSpecification() {
        byte[] bytes = SafeTensors.encode(twoTensors(), Map.of("format", "pt"));
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = in.getLong();
        assertEquals(0, (8 + n) % 8, "data starts 8-byte aligned");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{"), header);
        assertEquals("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"0.weight\":{\"dtype\":\"F64\",\"shape\":[2,3],\"data_offsets\":[0,48]},"
                + "\"0.bias\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[48,64]}}", header.strip());
        assertTrue(header.substring(header.lastIndexOf('}') + 1).chars().allMatch(c -> c == ' '), "space padding");
        assertEquals(8 + n + 64, bytes.length);
        in.position(8 + (int) n);
        assertEquals(1.0, in.getDouble(), "little-endian, offsets counted from the end of the header");
    }

    @Test
    void readsFilesOfOtherWritersUnsortedUnpaddedWithoutMetadata() throws Exception {
        byte[] bytes = file("{\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
                + "\"a\":{\"dtype\":\"F64\",\"shape\":[1,1],\"data_offsets\":[0,8]},"
                + "\"empty\":{\"dtype\":\"F64\",\"shape\":[0,4],\"data_offsets\":[16,16]}}", 7.5, -2);
        Map<String, Tensor> read = SafeTensors.decode(bytes, FILE);
        assertEquals(List.of("a", "b", "empty"), List.copyOf(read.keySet()), "in data order");
        assertArrayEquals(new double[] {7.5}, read.get("a").data());
        assertArrayEquals(new double[] {-2}, read.get("b").data());
        assertArrayEquals(new long[] {0, 4}, read.get("empty").shape());
    }

    @Test
    void int64TensorsAndZeroDimensionalShapesRoundTrip() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("1.running_mean", new Tensor(new long[] {2}, new double[] {0.5, -1}));
        tensors.put("1.num_batches_tracked", Tensor.ofLongs(new long[0], new long[] {Long.MIN_VALUE + 7}));
        tensors.put("counts", Tensor.ofLongs(new long[] {2, 2}, new long[] {-1, 0, Long.MAX_VALUE, 42}));
        tensors.put("scale", new Tensor(new long[0], new double[] {2.5}));
        byte[] bytes = SafeTensors.encode(tensors, Map.of());
        String header = new String(bytes, 8, (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(),
                StandardCharsets.UTF_8);
        assertTrue(header.contains("\"1.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],"
                + "\"data_offsets\":[16,24]}"), header);
        Map<String, Tensor> read = SafeTensors.decode(bytes, FILE);
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.keySet()));
        assertEquals(Tensor.DType.F64, read.get("1.running_mean").dtype());
        assertEquals(Tensor.DType.I64, read.get("1.num_batches_tracked").dtype());
        assertArrayEquals(new long[0], read.get("1.num_batches_tracked").shape());
        assertArrayEquals(new long[] {Long.MIN_VALUE + 7}, read.get("1.num_batches_tracked").longs());
        assertArrayEquals(new long[] {-1, 0, Long.MAX_VALUE, 42}, read.get("counts").longs());
        assertArrayEquals(new double[] {2.5}, read.get("scale").data());
        assertThrows(IllegalStateException.class, () -> read.get("counts").data());
        assertThrows(IllegalStateException.class, () -> read.get("scale").longs());
    }

    @Test
    void readsAnInt64TensorOfAnotherWriter() throws Exception {
        // as Python's safetensors writes torch.tensor(5) (a 0-dim int64) next to a float64 vector, unpadded
        String json = "{\"b.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[16,24]},"
                + "\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}";
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + 24).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header).putDouble(1.5).putDouble(-3).putLong(5);
        Map<String, Tensor> read = SafeTensors.decode(out.array(), FILE);
        assertArrayEquals(new double[] {1.5, -3}, read.get("a").data());
        assertArrayEquals(new long[] {5}, read.get("b.num_batches_tracked").longs());
        assertEquals(Tensor.DType.I64, read.get("b.num_batches_tracked").dtype());
    }

    @Test
    void anInt64TensorWhoseShapeDoesNotMatchItsBytesIsReported() {
        assertMentions(failure(file("{\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,16]}}", 1, 2)),
                "\"n\"", "shape [] of I64 needs 8 bytes", "[0, 16] hold 16");
    }

    @Test
    void aFileShorterThanTheHeaderLengthIsTruncated() {
        assertMentions(failure(new byte[0]), "truncated", "0 bytes");
        assertMentions(failure(new byte[] {1, 0, 0}), "truncated", "3 bytes", "8-byte header length");
    }

    @Test
    void aHeaderLengthBeyondTheFileIsReported() {
        byte[] bytes = SafeTensors.encode(twoTensors(), Map.of());
        assertMentions(failure(Arrays.copyOf(bytes, 40)), "header length is", "only 32 bytes follow");
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
        assertMentions(failure(bytes), "header length is 18446744073709551615 bytes");
    }

    @Test
    void aFileCutInsideTheDataIsReported() {
        byte[] bytes = SafeTensors.encode(twoTensors(), Map.of());
        assertMentions(failure(Arrays.copyOf(bytes, bytes.length - 8)), "\"0.bias\"", "data_offsets [48, 64]",
                "56 bytes of data", "truncated");
    }

    @Test
    void invalidJsonNamesTheLineAndColumn() {
        assertMentions(failure(file("{\"a\": {\"dtype\": F64}}")), "the header is not valid JSON", "line 1, column");
        assertMentions(failure(file("{\"a\":1} {")), "not valid JSON");
        assertMentions(failure(file("[1, 2]")), "must be a JSON object starting with '{'");
        assertMentions(failure(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"a\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[0,0]}}")), "Duplicate field 'a'");
    }

    @Test
    void f32TensorsAreWrittenAsFourByteFloatsAndReadBack() throws ModelFormatException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.ofFloats(new long[] {3}, new double[] {0.1, -0.0, Float.MIN_VALUE}));
        tensors.put("n", Tensor.ofLongs(new long[0], new long[] {5}));
        byte[] bytes = SafeTensors.encode(tensors, Map.of());
        Map<String, Tensor> read = SafeTensors.decode(bytes, FILE);
        assertEquals(Tensor.DType.F32, read.get("w").dtype());
        assertArrayEquals(new double[] {(float) 0.1, -0.0, Float.MIN_VALUE}, read.get("w").data(), 0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(read.get("w").data()[1]));
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(8 + headerLength + 3 * 4 + 8, bytes.length, "three floats of 4 bytes and one long");
        assertEquals((float) 0.1, ByteBuffer.wrap(bytes, 8 + (int) headerLength + 8, 4)
                .order(ByteOrder.LITTLE_ENDIAN).getFloat(), "after the long, which comes first");
    }

    @Test
    void everyTensorStartsAtAMultipleOfItsElementSizeAndKeepsItsPlaceInTheHeader() throws ModelFormatException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a", Tensor.ofFloats(new long[] {3}, new double[] {1, 2, 3}));
        tensors.put("b", Tensor.ofLongs(new long[0], new long[] {7}));
        tensors.put("c", Tensor.ofFloats(new long[] {1}, new double[] {4}));
        tensors.put("d", new Tensor(new long[] {2}, new double[] {5, 6}));
        byte[] bytes = SafeTensors.encode(tensors, Map.of());
        int length = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, length, StandardCharsets.UTF_8).trim();
        assertEquals("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"c\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[36,40]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]}}", header,
                "8-byte tensors first, then 4-byte ones, each in the map's order; the header in the map's order");
        Map<String, Tensor> read = SafeTensors.decode(bytes, FILE);
        assertArrayEquals(new double[] {1, 2, 3}, read.get("a").data());
        assertArrayEquals(new long[] {7}, read.get("b").longs());
        assertArrayEquals(new double[] {4}, read.get("c").data());
        assertArrayEquals(new double[] {5, 6}, read.get("d").data());
    }

    @Test
    void onlyF64F32AndI64AreAccepted() {
        assertMentions(failure(file("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 1)),
                "\"w\"", "dtype F16", "F64", "F32", "I64");
    }

    @Test
    void shapeAndOffsetsMustAgree() {
        assertMentions(failure(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,16]}}", 1, 2)),
                "shape [3]", "needs 24 bytes", "[0, 16] hold 16");
        assertMentions(failure(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[-1],\"data_offsets\":[0,8]}}", 1)),
                "\"w\".shape[0] must be a whole number from 0");
        assertMentions(failure(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,4],"
                + "\"data_offsets\":[0,8]}}", 1)), "more than 2^63");
        assertMentions(failure(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8]}}", 1)),
                "data_offsets must be [begin, end]");
        assertMentions(failure(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1]}}", 1)), "has no \"data_offsets\"");
    }

    @Test
    void theDataMustBeCoveredWithoutHolesOrOverlaps() {
        assertMentions(failure(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", 1, 2)),
                "data bytes 0..8 belong to no tensor");
        assertMentions(failure(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", 1, 2)), "overlap");
        assertMentions(failure(file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 1, 2)),
                "cover 8 bytes", "holds 16");
    }

    @Test
    void metadataMustBeStrings() {
        assertMentions(failure(file("{\"__metadata__\":{\"epoch\":3}}")), "__metadata__.epoch must be a string");
    }

    private static byte[] read(byte[] stream) throws IOException {
        return SafeTensors.readBytes(new ByteArrayInputStream(stream), FILE);
    }

    @Test
    void readingStopsWhereTheHeaderSaysTheDataEnds() throws Exception {
        byte[] bytes = SafeTensors.encode(twoTensors(), Map.of("format", "pt"));
        assertArrayEquals(bytes, read(bytes));
        byte[] endless = Arrays.copyOf(bytes, bytes.length + 1_000_000);  // as a pipe that goes on would be
        byte[] read = read(endless);
        assertEquals(bytes.length + 1, read.length, "the promised bytes and one more, to see there is more");
        assertMentions(failure(read), "trailing garbage");
    }

    @Test
    void aStreamOfZerosOrAHugeHeaderLengthIsRefusedAtOnce() throws Exception {
        assertMentions(failure(read(new byte[1 << 20])), "the header must be a JSON object starting with '{'");
        byte[] huge = new byte[64];
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> read(huge));
        assertEquals(FILE + ": not a safetensors file: its header length 18446744073709551615 exceeds the 100000000"
                + " bytes safetensors allows", e.getMessage());
        byte[] promising = file("{\"t\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,99999999999]}}");
        assertMentions(assertThrows(ModelFormatException.class, () -> read(promising)).getMessage(),
                "its header promises 99999999999 bytes of data, more than the 2147483639 bytes");
    }

    @Test
    void aShortOrBrokenHeaderIsLeftForDecodeToReport() throws Exception {
        assertMentions(failure(read(new byte[] {1, 2, 3})), "truncated: 3 bytes");
        byte[] bytes = SafeTensors.encode(twoTensors(), Map.of());
        assertMentions(failure(read(Arrays.copyOf(bytes, 20))), "truncated or not a safetensors file");
        assertMentions(failure(read(file("{\"a\": nope}"))), "the header is not valid JSON");
    }

    @Test
    void aLongTensorNameIsQuotedShort() {
        String name = "w".repeat(10_000);
        String message = failure(file("{\"" + name + "\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]}}"));
        assertMentions(message, "tensor \"" + "w".repeat(100) + "... (10000 characters)\" has dtype BF16");
        assertTrue(message.length() < 250, message);
    }
}
