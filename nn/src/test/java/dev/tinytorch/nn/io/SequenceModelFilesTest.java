package dev.tinytorch.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.layers.Embedding;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.Tanh;
import dev.tinytorch.nn.layers.TimeDistributed;
import dev.tinytorch.nn.losses.SequenceCrossEntropyLoss;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedding, the per-step Linear and the sequence loss in model files, under PyTorch's names. */
class SequenceModelFilesTest {

    private final MatrixOps ops = Backends.getDefault();

    @TempDir
    Path dir;

    private Sequential languageModel() {
        Random rng = new Random(11);
        return new Sequential(List.of(new Embedding(7, 3, rng), new TimeDistributed(3, new Linear(3, 4, rng)),
                new Tanh(), new TimeDistributed(4, new Linear(4, 7, rng))), new SequenceCrossEntropyLoss());
    }

    @Test
    void aLanguageModelRoundTripsBitForBitUnderTorchsNames() throws IOException {
        Sequential model = languageModel();
        Matrix tokens = ops.fromArray(new double[][] {{0, 6, 2, 2}, {5, 1, 0, 3}});
        double[] before = ops.toRowMajor(model.forward(tokens));
        ModelFiles.save(model, dir);

        Path file = dir.resolve(ModelFiles.WEIGHTS);
        Map<String, Tensor> tensors = SafeTensors.decode(Files.readAllBytes(file), file);
        assertEquals(List.of("0.weight", "1.weight", "1.bias", "3.weight", "3.bias"), List.copyOf(tensors.keySet()));
        assertArrayEquals(new long[] {7, 3}, tensors.get("0.weight").shape(), "torch.nn.Embedding: [num, dim]");
        assertArrayEquals(ops.toRowMajor(model.layers().get(0).parameters().get(0).value()),
                tensors.get("0.weight").data());
        assertArrayEquals(new long[] {4, 3}, tensors.get("1.weight").shape(), "torch.nn.Linear: [out, in]");
        String config = Files.readString(dir.resolve(ModelFiles.CONFIG), StandardCharsets.UTF_8);
        assertTrue(config.contains("\"num_embeddings\" : 7") && config.contains("\"embedding_dim\" : 3"), config);
        assertTrue(config.contains("\"TimeDistributed\"") && config.contains("SequenceCrossEntropyLoss"), config);

        for (String name : Backends.available()) {
            SavedModel loaded = ModelFiles.load(dir, Backends.get(name));
            assertEquals(model.toString(), loaded.model().toString());
            if (name.equals(ops.name())) {
                assertArrayEquals(before, ops.toRowMajor(loaded.model().forward(tokens)));
            }
        }
    }

    @Test
    void onlyAPerStepLinearIsSaved() {
        Sequential model = new Sequential(List.of(new Embedding(3, 2, new Random(0)),
                new TimeDistributed(2, new Tanh())), new SequenceCrossEntropyLoss());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(model, dir));
        assertTrue(e.getMessage().contains("only a TimeDistributed Linear can be saved"), e.getMessage());
    }
}
