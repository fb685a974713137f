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
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The exact round trip the model-file tests of each layer family (dense, convolutional, recurrent) ask of their
 * networks: saved and loaded again on the same backend, a model describes itself, predicts and holds its parameters
 * bit for bit as before.
 */
final class RoundTrip {

    private RoundTrip() {
    }

    /** The raw bits of every element of {@code m}, in row-major order: equal only if every double is. */
    static long[] bits(MatrixOps ops, Matrix m) {
        return Arrays.stream(ops.toRowMajor(m)).mapToLong(Double::doubleToRawLongBits).toArray();
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
