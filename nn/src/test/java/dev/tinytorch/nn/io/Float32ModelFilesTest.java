package dev.tinytorch.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.contract.Float32Backends;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.layers.BatchNorm1d;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.losses.MSELoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files across precisions: a float32 model saves {@code F32} tensors (PyTorch's default dtype) and records
 * {@code "dtype": "float32"}; a file of either precision loads into a backend of either, converted to the
 * backend's precision; a malformed dtype names the file and what it found.
 */
class Float32ModelFilesTest {

    private final MatrixOps float64 = Backends.get("plain", DType.FLOAT64);

    @TempDir
    Path dir;

    /** A network with a batch norm whose statistics moved, on {@code ops}. */
    private static Sequential model(MatrixOps ops) {
        Random rng = new Random(11);
        Sequential model = new Sequential(List.of(new Linear(3, 5, rng), new BatchNorm1d(5), new ReLU(),
                new Linear(5, 2, rng)), new MSELoss()).to(ops);
        double[] x = new double[6 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = 4 * rng.nextDouble() - 2;
        }
        model.train();
        model.forward(ops.fromRowMajor(6, 3, x));
        model.eval();
        return model;
    }

    /** Every parameter's values and every batch norm's running statistics, in order. */
    private static List<double[]> state(Sequential model) {
        List<double[]> state = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            state.add(p.ops().toRowMajor(p.value()));
        }
        for (Layer layer : model.layers()) {
            if (layer instanceof BatchNorm1d bn) {
                state.add(bn.runningMean());
                state.add(bn.runningVar());
            }
        }
        return state;
    }

    private static List<double[]> rounded(List<double[]> state) {
        return state.stream().map(a -> Arrays.stream(a).map(DType.FLOAT32::round).toArray()).toList();
    }

    private static void assertSameState(List<double[]> expected, List<double[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), 0.0, what + ", state " + i);
        }
    }

    private Map<String, Tensor> savedTensors() throws IOException {
        Path weights = dir.resolve(ModelFiles.WEIGHTS);
        return SafeTensors.decode(Files.readAllBytes(weights), weights);
    }

    @Test
    void aFloat32ModelSavesF32TensorsAndRecordsItsDtype() throws IOException {
        for (MatrixOps float32 : Float32Backends.all("plain")) {
            ModelFiles.save(model(float32), dir);
            savedTensors().forEach((name, tensor) -> assertEquals(name.endsWith("num_batches_tracked")
                    ? Tensor.DType.I64 : Tensor.DType.F32, tensor.dtype(), name + " from " + float32));
            assertTrue(Files.readString(dir.resolve(ModelFiles.CONFIG)).contains("\"dtype\" : \"float32\""));
        }
        ModelFiles.save(model(float64), dir);
        savedTensors().forEach((name, tensor) -> assertEquals(name.endsWith("num_batches_tracked")
                ? Tensor.DType.I64 : Tensor.DType.F64, tensor.dtype(), name));
        assertTrue(Files.readString(dir.resolve(ModelFiles.CONFIG)).contains("\"dtype\" : \"float64\""));
    }

    @Test
    void anF32FileLoadsIntoEitherPrecisionExactly() throws IOException {
        for (MatrixOps float32 : Float32Backends.all("plain")) {
            Sequential model = model(float32);
            List<double[]> saved = state(model);
            ModelFiles.save(model, dir);
            assertSameState(saved, state(ModelFiles.load(dir, float64).model()), "F32 into float64");
            Sequential again = ModelFiles.load(dir, float32).model();
            assertSameState(saved, state(again), "F32 into float32");
            assertEquals(DType.FLOAT32, again.ops().dtype());
        }
    }

    @Test
    void anF64FileLoadsIntoFloat32Rounded() throws IOException {
        Sequential model = model(float64);
        List<double[]> saved = state(model);
        ModelFiles.save(model, dir);
        for (MatrixOps float32 : Float32Backends.all("plain")) {
            assertSameState(rounded(saved), state(ModelFiles.load(dir, float32).model()), "F64 into " + float32);
        }
        assertSameState(saved, state(ModelFiles.load(dir, float64).model()), "F64 into float64");
    }

    @Test
    void aFileWithoutADtypeIsFloat64() throws IOException {
        ModelFiles.save(model(float64), dir);
        Path config = dir.resolve(ModelFiles.CONFIG);
        String text = Files.readString(config);
        Files.writeString(config, text.replace("\"dtype\" : \"float64\",", ""));
        assertTrue(!Files.readString(config).contains("dtype"), "as files written before the dtype was recorded");
        assertEquals(DType.FLOAT64, ConfigJson.read(Files.readAllBytes(config), config).dtype());
        ModelFiles.load(dir, float64);
    }

    @Test
    void aMalformedDtypeNamesTheFileAndWhatItFound() throws IOException {
        ModelFiles.save(model(float64), dir);
        Path config = dir.resolve(ModelFiles.CONFIG);
        String text = Files.readString(config);
        for (String bad : List.of("\"half\"", "\"\"", "32")) {
            Files.writeString(config, text.replace("\"dtype\" : \"float64\"", "\"dtype\" : " + bad));
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.load(dir, float64));
            assertEquals(config, e.file(), e.getMessage());
            assertTrue(e.getMessage().contains("dtype"), e.getMessage());
            if (bad.equals("\"half\"")) {
                assertTrue(e.getMessage().contains("\"half\"") && e.getMessage().contains("float64, float32"),
                        e.getMessage());
            }
        }
    }
}
