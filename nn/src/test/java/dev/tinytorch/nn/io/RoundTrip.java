package dev.tinytorch.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The exact round trip the model-file tests of each layer family (dense, convolutional, recurrent) ask of their
 * networks: saved and loaded again on the same backend, a model describes itself, predicts and holds its parameters
 * bit for bit as before; and the check of the saved tensors' names and shapes that goes with it.
 */
final class RoundTrip {

    private RoundTrip() {
    }

    /** The raw bits of every element of {@code m}, in row-major order: equal only if every double is. */
    static long[] bits(MatrixOps ops, Matrix m) {
        return Arrays.stream(ops.toRowMajor(m)).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    /** The tensors {@link ModelFiles} saved in {@code dir}, by name in the file's order. */
    static Map<String, Tensor> savedTensors(Path dir) throws IOException {
        Path weights = dir.resolve(ModelFiles.WEIGHTS);
        return SafeTensors.decode(Files.readAllBytes(weights), weights);
    }

    /** Asserts that {@code tensors} are exactly the names of {@code expected}, in its order, with its shapes. */
    static void assertNamesAndShapes(Map<String, long[]> expected, Map<String, Tensor> tensors) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(tensors.keySet()));
        expected.forEach((name, shape) -> assertArrayEquals(shape, tensors.get(name).shape(), name));
    }

    /**
     * On every backend: saves {@code network.apply(ops)} into {@code dir} (overwriting it), loads it back on the same
     * backend and asserts the same description, the same predictions on {@code rows} random rows of {@code features}
     * values in [-2, 2) from {@code rng}, and the same parameters, bit for bit; then hands the backend's name and the
     * loaded model to {@code alsoCheck}.
     */
    static void assertBitIdenticalOnEveryBackend(Path dir, Function<MatrixOps, Sequential> network, int rows,
            int features, RandomGenerator rng, BiConsumer<String, SavedModel> alsoCheck) throws IOException {
        for (String name : Backends.available()) {
            MatrixOps ops = Backends.get(name);
            SavedModel saved = new SavedModel(network.apply(ops));
            Matrix x = Fixtures.uniform(ops, rows, features, -2, 2, rng);
            long[] before = bits(ops, saved.predict(x));

            ModelFiles.save(saved, dir);
            SavedModel loaded = ModelFiles.load(dir, ops);

            assertEquals(saved.model().toString(), loaded.model().toString(), name);
            alsoCheck.accept(name, loaded);
            assertArrayEquals(before, bits(ops, loaded.predict(x)), name);
            List<Parameter> original = saved.model().parameters();
            List<Parameter> restored = loaded.model().parameters();
            for (int i = 0; i < original.size(); i++) {
                assertArrayEquals(bits(ops, original.get(i).value()), bits(ops, restored.get(i).value()),
                        name + ": " + original.get(i));
            }
        }
    }
}
