package dev.tinytorch.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.IdxReader;
import dev.tinytorch.nn.io.SafeTensors;
import dev.tinytorch.nn.io.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The PyTorch fixture of the convolutional layers and of LeNet-5 ({@code torch/cnn_fixture.safetensors} in the test
 * resources, written by {@code nn/src/test/python/make_torch_fixture.py}, whose docstring lists every name), so that
 * a test compares a layer with PyTorch in a line: {@code TorchFixture.get().matrix(ops, "conv.case2.output")}.
 *
 * <p>Every tensor is row-major; an image batch {@code [N, C, H, W]} is read as the {@code N x (C*H*W)} matrix of
 * tinytorch's layout. Each call returns fresh arrays and matrices: a test may change them.
 */
public final class TorchFixture {

    private static final String DIRECTORY = "torch/";
    private static final String FILE = "cnn_fixture.safetensors";
    private static final String RECURRENT_FILE = "rnn_fixture.safetensors";
    private static final String FLOAT32_FILE = "float32_fixture.safetensors";
    private static final Map<String, TorchFixture> LOADED = new LinkedHashMap<>();

    private final String file;

    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private TorchFixture(String file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.file = file;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** The fixture, read once per JVM. */
    public static TorchFixture get() {
        return load(FILE);
    }

    /**
     * The fixture of the recurrent layers ({@code torch/rnn_fixture.safetensors}, written by
     * {@code nn/src/test/python/make_rnn_fixture.py}, whose docstring lists every name), read once per JVM.
     */
    public static TorchFixture recurrent() {
        return load(RECURRENT_FILE);
    }

    /**
     * The float32 training fixture ({@code torch/float32_fixture.safetensors}, F32 tensors written by
     * {@code nn/src/test/python/make_float32_fixture.py}, whose docstring lists every name), read once per JVM.
     */
    public static TorchFixture float32() {
        return load(FLOAT32_FILE);
    }

    private static synchronized TorchFixture load(String file) {
        return LOADED.computeIfAbsent(file, f -> {
            byte[] bytes = resource(f);
            try {
                return new TorchFixture(f, SafeTensors.decode(bytes, Path.of(f)), metadata(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static byte[] resource(String file) {
        try (InputStream in = open(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String file) {
        InputStream in = TorchFixture.class.getResourceAsStream(DIRECTORY + file);
        if (in == null) {
            throw new IllegalStateException("test resource " + DIRECTORY + file + " is missing; regenerate it with"
                    + " /usr/bin/python3 nn/src/test/python/" + (file.equals(RECURRENT_FILE) ? "make_rnn_fixture.py"
                    : file.equals(FLOAT32_FILE) ? "make_float32_fixture.py" : "make_torch_fixture.py"));
        }
        return in;
    }

    /** The safetensors header's {@code __metadata__} strings (SafeTensors checks but does not return them). */
    private static Map<String, String> metadata(byte[] bytes) throws IOException {
        int length = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, length, StandardCharsets.UTF_8));
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.path("__metadata__").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return Collections.unmodifiableMap(out);
    }

    /** Every tensor name, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(tensors.keySet()));
    }

    /**
     * A copy of tensor {@code name}.
     *
     * @throws IllegalArgumentException if there is none; the message lists the names sharing its first part
     */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            String prefix = name.contains(".") ? name.substring(0, name.indexOf('.') + 1) : "";
            throw new IllegalArgumentException("no tensor '" + name + "' in " + file + "; names starting with '"
                    + prefix + "': " + names().stream().filter(n -> n.startsWith(prefix)).toList());
        }
        return new Tensor(t.shape(), t.data().clone());
    }

    /** The elements of tensor {@code name}, row-major (a copy). */
    public double[] data(String name) {
        return tensor(name).data();
    }

    /** The shape of tensor {@code name}, such as {@code [N, C, H, W]}. */
    public int[] shape(String name) {
        return Arrays.stream(tensor(name).shape()).mapToInt(Math::toIntExact).toArray();
    }

    /** A tensor of whole numbers, such as {@code conv.case2.kernel} ({@code [kH, kW]}), as ints. */
    public int[] ints(String name) {
        double[] data = data(name);
        int[] out = new int[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (int) data[i];
            if (out[i] != data[i]) {
                throw new IllegalArgumentException(name + " holds " + data[i] + ", not a whole number");
            }
        }
        return out;
    }

    /**
     * Tensor {@code name} as a matrix on {@code ops}: its first dimension as rows and the others flattened into
     * columns (an image batch {@code [N, C, H, W]} becomes {@code N x (C*H*W)}); a vector {@code [n]} becomes one row
     * {@code 1 x n}, as tinytorch holds biases; a scalar {@code 1 x 1}.
     */
    public Matrix matrix(MatrixOps ops, String name) {
        int[] shape = shape(name);
        double[] data = data(name);
        int rows = shape.length < 2 ? 1 : shape[0];
        return ops.fromRowMajor(rows, data.length / rows, data);
    }

    /** Metadata string {@code key}: {@code torch_version}, or a case's description such as {@code conv.case2}. */
    public String metadata(String key) {
        String value = metadata.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no metadata '" + key + "' in " + file + "; the keys are "
                    + metadata.keySet());
        }
        return value;
    }

    /**
     * The 160 MNIST digits the LeNet-5 steps train on ({@code torch/mnist160-*.gz}): one 28x28 image per row,
     * pixels / 255, the digit as target; step {@code s} uses the rows of {@code lenet.batches} row {@code s}.
     */
    public Dataset lenetDigits(MatrixOps ops) {
        try (InputStream images = open("mnist160-images-idx3-ubyte.gz");
                InputStream labels = open("mnist160-labels-idx1-ubyte.gz")) {
            return IdxReader.readImages(images, "mnist160-images-idx3-ubyte.gz")
                    .toDataset(ops, IdxReader.readLabels(labels, "mnist160-labels-idx1-ubyte.gz"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The digits of LeNet-5 step {@code step} (0 to 19), in the order PyTorch saw them. */
    public Dataset lenetBatch(MatrixOps ops, int step) {
        int[] shape = shape("lenet.batches");
        if (step < 0 || step >= shape[0]) {
            throw new IndexOutOfBoundsException("LeNet-5 step " + step + " of " + shape[0]);
        }
        double[] row = Arrays.copyOfRange(data("lenet.batches"), step * shape[1], (step + 1) * shape[1]);
        return lenetDigits(ops).subset(Arrays.stream(row).mapToInt(v -> (int) v).toArray());
    }
}
