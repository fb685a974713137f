package dev.tinytorch.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.layers.GRU;
import dev.tinytorch.nn.layers.LSTM;
import dev.tinytorch.nn.layers.LastStep;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.RNN;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files of recurrent networks: PyTorch's names, shapes and arguments, and exact round trips. */
class RecurrentModelFilesTest {

    @TempDir
    Path dir;

    private final SplittableRandom rng = new SplittableRandom(13);

    /** LSTM(3, 4, 2 layers) -> GRU(4, 5) -> RNN(5, 3) -> LastStep(3) -> Linear(3, 2), on {@code ops}. */
    private Sequential network(MatrixOps ops) {
        List<Layer> layers = List.of(new LSTM(3, 4, 2, rng), new GRU(4, 5, rng), new RNN(5, 3, rng), new LastStep(3),
                new Linear(3, 2, rng));
        return new Sequential(layers, new CrossEntropyLoss()).to(ops);
    }

    @Test
    void aRecurrentNetPredictsBitIdenticallyAfterARoundTripOnEveryBackend() throws IOException {
        RoundTrip.assertBitIdenticalOnEveryBackend(dir, this::network, 4, 6 * 3, rng, (name, loaded) -> { });
    }

    @Test
    void theFilesHoldPyTorchsStateDictNamesShapesAndArguments() throws IOException {
        MatrixOps ops = Backends.getDefault();
        Sequential model = network(ops);
        ModelFiles.save(model, dir);

        Map<String, Tensor> tensors = RoundTrip.savedTensors(dir);
        Map<String, long[]> expected = new LinkedHashMap<>();
        expected.put("0.weight_ih_l0", new long[] {16, 3});
        expected.put("0.weight_hh_l0", new long[] {16, 4});
        expected.put("0.bias_ih_l0", new long[] {16});
        expected.put("0.bias_hh_l0", new long[] {16});
        expected.put("0.weight_ih_l1", new long[] {16, 4});
        expected.put("0.weight_hh_l1", new long[] {16, 4});
        expected.put("0.bias_ih_l1", new long[] {16});
        expected.put("0.bias_hh_l1", new long[] {16});
        expected.put("1.weight_ih_l0", new long[] {15, 4});
        expected.put("1.weight_hh_l0", new long[] {15, 5});
        expected.put("1.bias_ih_l0", new long[] {15});
        expected.put("1.bias_hh_l0", new long[] {15});
        expected.put("2.weight_ih_l0", new long[] {3, 5});
        expected.put("2.weight_hh_l0", new long[] {3, 3});
        expected.put("2.bias_ih_l0", new long[] {3});
        expected.put("2.bias_hh_l0", new long[] {3});
        expected.put("4.weight", new long[] {2, 3});
        expected.put("4.bias", new long[] {2});
        RoundTrip.assertNamesAndShapes(expected, tensors);
        // weights are kept as PyTorch's [gates * hidden, in]: the same elements in the same order
        assertArrayEquals(ops.toRowMajor(model.layers().get(0).parameters().get(0).value()),
                tensors.get("0.weight_ih_l0").data());

        String config = Files.readString(dir.resolve(ModelFiles.CONFIG)).replaceAll("\\s+", "");
        for (String part : List.of(
                "{\"type\":\"LSTM\",\"args\":{\"batch_first\":true,\"hidden_size\":4,\"input_size\":3,\"num_layers\":2}}",
                "{\"type\":\"GRU\",\"args\":{\"batch_first\":true,\"hidden_size\":5,\"input_size\":4,\"num_layers\":1}}",
                "{\"type\":\"RNN\",\"args\":{\"batch_first\":true,\"hidden_size\":3,\"input_size\":5,\"num_layers\":1}}",
                "{\"type\":\"LastStep\",\"args\":{\"features\":3}}")) {
            assertTrue(config.contains(part), part + " not in " + config);
        }
    }

    @Test
    void aBadRecurrentFileIsOneClearLine() throws IOException {
        ModelFiles.save(network(Backends.getDefault()), dir);
        Path config = dir.resolve(ModelFiles.CONFIG);
        String text = Files.readString(config);
        Files.writeString(config, text.replaceFirst("\"batch_first\" : true", "\"batch_first\" : false"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFiles.load(dir));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains("LSTM takes batch_first=true sequences only"), e.getMessage());
        Files.writeString(config, text.replaceFirst("\"num_layers\" : 2", "\"num_layers\" : 3"));
        e = assertThrows(ModelFormatException.class, () -> ModelFiles.load(dir));
        assertTrue(e.getMessage().contains("weight_ih_l2"), e.getMessage());
    }
}
