package dev.tinytorch.examples.bench;

import dev.tinytorch.api.DType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numpy and PyTorch figures printed by the reference script ({@code reference.py}, not part of this project)
 * and by {@code examples/bench/numpy-gemm.py}, read back so the comparison can state its ratios.
 *
 * <p>Each figure line reads {@code <label>: <number> <unit>}, e.g. {@code torch seed-MLP 30-20-1 b64 f64: 151.3 us/step};
 * other lines are ignored. A label seen more than once (the output of several runs, concatenated) gives its median.
 */
public final class ReferenceFigures {

    /** PyTorch's float64 seed-MLP step, us/step. */
    public static final String TORCH_SEED = "torch seed-MLP 30-20-1 b64 f64";
    /** PyTorch's float64 MNIST-size MLP, samples/s. */
    public static final String TORCH_MNIST_F64 = "torch MLP 784-256-10 b64 torch.float64";
    /** PyTorch's float32 MNIST-size MLP, samples/s. */
    public static final String TORCH_MNIST_F32 = "torch MLP 784-256-10 b64 torch.float32";
    /** PyTorch's float64 LeNet-5 training, samples/s ({@code reference.py cnn}). */
    public static final String TORCH_CNN_F64 = "torch cnn b64 torch.float64";
    /** PyTorch's float32 LeNet-5 training, samples/s ({@code reference.py cnn}). */
    public static final String TORCH_CNN_F32 = "torch cnn b64 torch.float32";
    /** PyTorch's float64 sequential-MNIST LSTM(28, 64) training, samples/s ({@code reference.py rnn}). */
    public static final String TORCH_LSTM_F64 = "torch lstm b64 torch.float64";
    /** PyTorch's float32 sequential-MNIST LSTM(28, 64) training, samples/s ({@code reference.py rnn}). */
    public static final String TORCH_LSTM_F32 = "torch lstm b64 torch.float32";
    /** PyTorch's float64 sequential-MNIST GRU(28, 64) training, samples/s ({@code reference.py rnn}). */
    public static final String TORCH_GRU_F64 = "torch gru b64 torch.float64";
    /** PyTorch's float32 sequential-MNIST GRU(28, 64) training, samples/s ({@code reference.py rnn}). */
    public static final String TORCH_GRU_F32 = "torch gru b64 torch.float32";
    /** The from-scratch numpy seed-MLP step, us/step. */
    public static final String NUMPY_SEED = "numpy seed-MLP 30-20-1 b64";

    private static final Pattern FIGURE =
            Pattern.compile("^\\s*(.+?):\\s+([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s+(us/step|samples/s|GFLOPS)\\s*$");

    private final Map<String, List<Double>> values;

    private ReferenceFigures(Map<String, List<Double>> values) {
        this.values = values;
    }

    /** The figures in {@code lines}. */
    public static ReferenceFigures parse(List<String> lines) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = FIGURE.matcher(line);
            if (m.matches()) {
                values.computeIfAbsent(m.group(1).trim(), k -> new ArrayList<>()).add(Double.parseDouble(m.group(2)));
            }
        }
        return new ReferenceFigures(values);
    }

    /**
     * The figures in a file.
     *
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if it holds no figure line at all
     */
    public static ReferenceFigures read(Path file) throws IOException {
        ReferenceFigures figures = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        if (figures.values.isEmpty()) {
            throw new IllegalArgumentException(file + ": no reference figure (a line like 'numpy gemm f64 1024: 61.2 "
                    + "GFLOPS'); is it the output of reference.py?");
        }
        return figures;
    }

    /** The figure (the median, if repeated) labelled {@code label}, if present. */
    public OptionalDouble get(String label) {
        List<Double> seen = values.get(label);
        if (seen == null) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Stats.of(seen.stream().mapToDouble(Double::doubleValue).toArray()).median());
    }

    /** numpy's float64 GFLOPS for an {@code n x n} product, if measured. */
    public OptionalDouble numpyGemm(int n) {
        return numpyGemm(n, DType.FLOAT64);
    }

    /**
     * numpy's GFLOPS for an {@code n x n} product in {@code dtype}, if measured ({@code numpy gemm f32 256}: the
     * float32 lines come from {@code numpy-gemm.py --float32}).
     */
    public OptionalDouble numpyGemm(int n, DType dtype) {
        return get("numpy gemm f" + dtype.bytes() * Byte.SIZE + " " + n);
    }

    /** PyTorch's float64 GFLOPS for an {@code n x n} product, if measured. */
    public OptionalDouble torchGemm(int n) {
        return get("torch gemm f64 " + n);
    }

    /** Every label read, in order of first appearance. */
    public List<String> labels() {
        return List.copyOf(values.keySet());
    }
}
