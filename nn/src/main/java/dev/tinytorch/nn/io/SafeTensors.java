package dev.tinytorch.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinytorch.nn.data.Excerpt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format, for tensors of doubles (dtype {@code F64}), of floats ({@code F32}, PyTorch's default) and
 * of 64-bit integers ({@code I64}, for counters): the weights file that numpy, PyTorch and the {@code safetensors} package read without running any code
 * from the file.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length {@code N}; {@code N} bytes of UTF-8 JSON mapping each
 * tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (a shape {@code []} is a 0-dimensional
 * scalar of one element; plus an optional {@code __metadata__}
 * object of strings), starting with <code>{</code> and possibly padded with trailing spaces; then the data, each
 * tensor's elements little-endian in row-major order at its offsets, counted from the first byte after the header.
 * {@link #encode} pads the header so the data starts 8-byte aligned, names the tensors in the header in the map's
 * order and lays their data out with the 8-byte ({@code F64}, {@code I64}) tensors first, then the 4-byte
 * ({@code F32}) ones, each group in the map's order: every tensor then starts at a multiple of its element size, as
 * in the files the {@code safetensors} library writes (it sorts by descending alignment, then by name).
 *
 * <p>{@link #decode} checks everything the format promises before touching the data (header length within the
 * file, valid JSON without duplicate names, dtype, a shape whose size matches its offsets, offsets that cover the
 * data exactly, without holes or overlaps), so that a damaged file fails with a {@link ModelFormatException}
 * saying what is wrong instead of an index error or a tensor of garbage.
 */
public final class SafeTensors {

    /** The largest header the reference implementation accepts; larger claims are treated as corruption. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The largest file {@link #readBytes} reads: what one Java array can hold. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private static final String METADATA = "__metadata__";
    private static final int LENGTH_BYTES = 8;
    private static final int ALIGNMENT = 8;

    private SafeTensors() {
    }

    /**
     * The bytes of a safetensors file holding {@code tensors}, named in the map's order, their data aligned (see
     * above), and {@code metadata} (omitted when empty).
     */
    public static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
        if (tensors.containsKey(METADATA)) {
            throw new IllegalArgumentException("SafeTensors: a tensor cannot be called " + METADATA);
        }
        List<String> layout = new ArrayList<>(tensors.keySet());  // a stable sort keeps the map's order in a group
        layout.sort(Comparator.comparingInt((String name) -> elementBytes(tensors.get(name).dtype())).reversed());
        Map<String, Long> begin = new LinkedHashMap<>();
        long offset = 0;
        for (String name : layout) {
            Tensor tensor = tensors.get(name);
            begin.put(name, offset);
            offset += (long) tensor.size() * elementBytes(tensor.dtype());
        }
        ObjectNode header = Json.object();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor tensor = e.getValue();
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", tensor.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(tensor.shape()).forEach(shape::add);
            long start = begin.get(e.getKey());
            entry.putArray("data_offsets").add(start).add(start + (long) tensor.size() * elementBytes(tensor.dtype()));
        }
        byte[] json = Json.compact(header);
        int padded = json.length + (ALIGNMENT - (LENGTH_BYTES + json.length) % ALIGNMENT) % ALIGNMENT;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(LENGTH_BYTES + padded + offset))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        while (out.position() < LENGTH_BYTES + padded) {
            out.put((byte) ' ');
        }
        for (String name : layout) {
            Tensor tensor = tensors.get(name);
            if (tensor.dtype() == Tensor.DType.F64) {
                for (double v : tensor.data()) {
                    out.putDouble(v);
                }
            } else if (tensor.dtype() == Tensor.DType.F32) {
                for (double v : tensor.data()) {
                    out.putFloat((float) v);
                }
            } else {
                for (long v : tensor.longs()) {
                    out.putLong(v);
                }
            }
        }
        return out.array();
    }

    /** Bytes per element of {@code dtype}. */
    private static int elementBytes(Tensor.DType dtype) {
        return dtype == Tensor.DType.F32 ? 4 : 8;
    }

    /**
     * The bytes of one safetensors file read from {@code in} (the contents of {@code file}), for {@link #decode}:
     * never more than the file's header promises, so that a device or a pipe that does not end (such as
     * {@code /dev/zero}) is refused after a few bytes instead of filling the memory. The 8-byte length is read
     * first and a header longer than {@value #MAX_HEADER_BYTES} bytes refused; then the header, then as many bytes
     * of data as its {@code data_offsets} cover (at most {@value #MAX_FILE_BYTES} bytes in all), plus one to see
     * whether anything follows. A header that cannot be read that far is returned as it is, for {@link #decode} to
     * say what is wrong with it.
     *
     * @throws ModelFormatException naming {@code file} if the header length or the promised data exceed the limits
     */
    public static byte[] readBytes(InputStream in, Path file) throws IOException {
        byte[] length = in.readNBytes(LENGTH_BYTES);
        if (length.length < LENGTH_BYTES) {
            return length;
        }
        long headerLength = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (Long.compareUnsigned(headerLength, MAX_HEADER_BYTES) > 0) {
            throw new ModelFormatException(file, "not a safetensors file: its header length "
                    + Long.toUnsignedString(headerLength) + " exceeds the " + MAX_HEADER_BYTES
                    + " bytes safetensors allows");
        }
        byte[] header = in.readNBytes((int) headerLength);
        long promised = header.length == headerLength ? promisedData(header) : 0;
        if (promised > MAX_FILE_BYTES - LENGTH_BYTES - headerLength) {
            throw new ModelFormatException(file, "its header promises " + promised + " bytes of data, more than the "
                    + MAX_FILE_BYTES + " bytes a model file may have");
        }
        byte[] data = in.readNBytes((int) promised + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(length.length + header.length + data.length);
        out.writeBytes(length);
        out.writeBytes(header);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** The end of the last tensor's data as {@code header} gives it; 0 if that cannot be read from it. */
    private static long promisedData(byte[] header) {
        JsonNode root;
        try {
            root = Json.parse(header, 0, header.length, null, "the header");
        } catch (ModelFormatException invalid) {
            return 0;
        }
        long end = 0;
        for (JsonNode entry : root) {
            JsonNode offsets = entry.path("data_offsets");
            if (offsets.size() == 2 && offsets.get(1).canConvertToLong()) {
                end = Math.max(end, offsets.get(1).longValue());
            }
        }
        return end;
    }

    /**
     * The tensors in {@code bytes}, the contents of {@code file}, in the order of their data.
     *
     * @throws ModelFormatException naming {@code file} if the bytes are not a well-formed safetensors file of
     *                              F64, F32 and I64 tensors
     */
    public static Map<String, Tensor> decode(byte[] bytes, Path file) throws ModelFormatException {
        if (bytes.length < LENGTH_BYTES) {
            throw new ModelFormatException(file, "truncated: " + bytes.length
                    + " bytes, too short for the 8-byte header length a safetensors file starts with");
        }
        long headerLength = ByteBuffer.wrap(bytes, 0, LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
        long available = bytes.length - LENGTH_BYTES;
        if (Long.compareUnsigned(headerLength, available) > 0) {
            throw new ModelFormatException(file, "truncated or not a safetensors file: the header length is "
                    + Long.toUnsignedString(headerLength) + " bytes but only " + available + " bytes follow it");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new ModelFormatException(file, "header length " + headerLength + " exceeds the "
                    + MAX_HEADER_BYTES + " bytes safetensors allows");
        }
        int dataStart = LENGTH_BYTES + (int) headerLength;
        if (headerLength == 0 || bytes[LENGTH_BYTES] != '{') {
            throw new ModelFormatException(file, "not a safetensors file: the header must be a JSON object"
                    + " starting with '{' at byte 8");
        }
        JsonField header = new JsonField(Json.parse(bytes, LENGTH_BYTES, (int) headerLength, file, "the header"),
                "", file);
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonField> member : header.members()) {
            if (member.getKey().equals(METADATA)) {
                checkMetadata(member.getValue());
            } else {
                String name = member.getKey();
                entries.add(entry(name, member.getValue().named("tensor \"" + Excerpt.of(name) + "\""),
                        bytes.length - dataStart));
            }
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry entry : inDataOrder(entries, bytes.length - dataStart, file)) {
            int count = (int) ((entry.end - entry.begin) / elementBytes(entry.dtype));
            ByteBuffer buffer = ByteBuffer.wrap(bytes, dataStart + (int) entry.begin, (int) (entry.end - entry.begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (entry.dtype == Tensor.DType.F64) {
                double[] data = new double[count];
                buffer.asDoubleBuffer().get(data);
                tensors.put(entry.name, new Tensor(entry.shape, data));
            } else if (entry.dtype == Tensor.DType.F32) {
                double[] data = new double[count];
                for (int i = 0; i < count; i++) {
                    data[i] = buffer.getFloat();
                }
                tensors.put(entry.name, Tensor.ofFloats(entry.shape, data));
            } else {
                long[] data = new long[count];
                buffer.asLongBuffer().get(data);
                tensors.put(entry.name, Tensor.ofLongs(entry.shape, data));
            }
        }
        return tensors;
    }

    /** One tensor as the header describes it, checked on its own. */
    private record Entry(String name, Tensor.DType dtype, long[] shape, long begin, long end) {
    }

    private static Entry entry(String name, JsonField field, long dataLength) throws ModelFormatException {
        Tensor.DType dtype = dtype(field);
        List<JsonField> dims = field.get("shape").elements();
        long[] shape = new long[dims.size()];
        long bytes = elementBytes(dtype);
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).integer(0, Integer.MAX_VALUE);
            bytes = multiplyOrMax(bytes, shape[i]);
        }
        List<JsonField> offsets = field.get("data_offsets").elements();
        if (offsets.size() != 2) {
            throw field.error("data_offsets must be [begin, end], got " + offsets.size() + " numbers");
        }
        long begin = offsets.get(0).integer(0, Long.MAX_VALUE);
        long end = offsets.get(1).integer(0, Long.MAX_VALUE);
        if (begin > end || end > dataLength) {
            throw field.error("data_offsets [" + begin + ", " + end + "] do not lie within the " + dataLength
                    + " bytes of data (truncated file?)");
        }
        if (bytes != end - begin) {
            throw field.error("shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + (bytes == Long.MAX_VALUE ? "more than 2^63" : String.valueOf(bytes))
                    + " bytes but data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static Tensor.DType dtype(JsonField field) throws ModelFormatException {
        String name = field.get("dtype").text();
        for (Tensor.DType dtype : Tensor.DType.values()) {
            if (dtype.name().equals(name)) {
                return dtype;
            }
        }
        throw field.error("has dtype " + name + "; tinytorch reads F64 (float64), F32 (float32) and I64 (int64)"
                + " tensors only");
    }

    private static long multiplyOrMax(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static void checkMetadata(JsonField metadata) throws ModelFormatException {
        for (Map.Entry<String, JsonField> e : metadata.members()) {
            e.getValue().text();
        }
    }

    /**
     * The entries sorted by offset, after checking that they tile the data exactly: no hole, no overlap, nothing
     * left over.
     */
    private static List<Entry> inDataOrder(List<Entry> entries, long dataLength, Path file)
            throws ModelFormatException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long next = 0;
        String previous = null;
        for (Entry entry : sorted) {
            if (entry.begin < next) {
                throw new ModelFormatException(file, "tensors \"" + Excerpt.of(previous) + "\" and \""
                        + Excerpt.of(entry.name) + "\" overlap at data bytes " + entry.begin + ".." + next);
            }
            if (entry.begin > next) {
                throw new ModelFormatException(file, "data bytes " + next + ".." + entry.begin
                        + " belong to no tensor (a hole before \"" + Excerpt.of(entry.name) + "\")");
            }
            next = entry.end;
            previous = entry.name;
        }
        if (next != dataLength) {
            throw new ModelFormatException(file, "the tensors cover " + next + " bytes of data but the file holds "
                    + dataLength + " after the header (trailing garbage or a wrong header)");
        }
        return sorted;
    }
}
