package dev.tinytorch.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.metrics.Metrics;
import dev.tinytorch.nn.optim.SGD;
import dev.tinytorch.nn.train.EpochRecord;
import dev.tinytorch.nn.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BestModelCheckpointTest {

    private final MatrixOps ops = Backends.getDefault();

    @TempDir
    Path dir;

    /** Noisy labels, so that the validation loss goes up and down and not every epoch is the best. */
    private Dataset noisy(Random rng, int n) {
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = rng.nextGaussian();
            x[i][1] = rng.nextGaussian();
            y[i] = x[i][0] + 0.8 * rng.nextGaussian() > 0 ? 1 : 0;
        }
        return Dataset.of(ops, x, y);
    }

    private static long[] bits(MatrixOps ops, Matrix m) {
        return Arrays.stream(ops.toRowMajor(m)).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void theDirectoryHoldsTheModelOfTheBestEpoch() throws IOException {
        Random rng = new Random(5);
        Sequential model = new Sequential(List.of(new Linear(2, 1, rng), new Sigmoid()), new BinaryCrossEntropy());
        Dataset validation = noisy(rng, 30);
        Trainer trainer = new Trainer(model, new SGD(model.parameters(), 2.0), new DataLoader(noisy(rng, 40), 4,
                true, 1), new DataLoader(validation, 30, false, 1), Metrics.accuracy());
        trainer.setOutput(new PrintStream(new ByteArrayOutputStream()));
        BestModelCheckpoint checkpoint = new BestModelCheckpoint(new SavedModel(model), dir.resolve("best"));
        trainer.onEpochEnd(checkpoint);
        long[][] bestPredictions = new long[1][];
        trainer.onEpochEnd(record -> {
            if (record.best()) {
                model.eval();
                bestPredictions[0] = bits(ops, model.forward(validation.inputs()));
                model.train();
            }
        });

        trainer.train(12, 100);

        List<EpochRecord> history = trainer.history();
        EpochRecord best = history.stream().filter(EpochRecord::best).reduce((a, b) -> b).orElseThrow();
        assertTrue(best.epoch() < history.size() - 1, "the run must end after its best epoch: " + history);
        assertEquals(best.epoch(), checkpoint.savedEpoch().orElseThrow());
        SavedModel loaded = ModelFiles.load(dir.resolve("best"), ops);
        assertArrayEquals(bestPredictions[0], bits(ops, loaded.predict(validation.inputs())));
    }

    @Test
    void aFailedSaveStopsTrainingNamingTheDirectory() throws IOException {
        Path blocked = Files.writeString(dir.resolve("a-file"), "not a directory");
        Random rng = new Random(6);
        Sequential model = new Sequential(List.of(new Linear(2, 1, rng), new Sigmoid()), new BinaryCrossEntropy());
        Dataset data = noisy(rng, 8);
        Trainer trainer = new Trainer(model, new SGD(model.parameters(), 0.1), new DataLoader(data, 4, false, 1),
                new DataLoader(data, 4, false, 1), Metrics.accuracy());
        trainer.setOutput(new PrintStream(new ByteArrayOutputStream()));
        BestModelCheckpoint checkpoint = new BestModelCheckpoint(new SavedModel(model), blocked);
        trainer.onEpochEnd(checkpoint);

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> trainer.train(3, 1));
        assertTrue(e.getMessage().startsWith("checkpoint of epoch 0 into " + blocked + " failed"), e.getMessage());
        assertTrue(checkpoint.savedEpoch().isEmpty());
    }
}
