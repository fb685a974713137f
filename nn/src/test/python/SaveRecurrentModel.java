import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.io.ModelFiles;
import dev.tinytorch.nn.io.SavedModel;
import dev.tinytorch.nn.layers.GRU;
import dev.tinytorch.nn.layers.LSTM;
import dev.tinytorch.nn.layers.LastStep;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.RNN;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

/**
 * The Java half of torch_loads_recurrent_model.py (run by it, with java's single-file source launcher): trains
 * LSTM(4, 6, 2 layers), GRU(6, 5), RNN(5, 4), LastStep(4), Linear(4, 3) with cross entropy for 30 Adam steps on
 * random sequences of 7 steps, saves it to DIR/model, and writes 50 test sequences (one row each, steps one after the
 * other) and the model's predictions to DIR/inputs.csv and DIR/predictions.csv, every double in full.
 */
public final class SaveRecurrentModel {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        MatrixOps ops = Backends.getDefault();
        Random rng = new Random(2026);
        int width = 7 * 4;
        Sequential model = new Sequential(List.of(new LSTM(4, 6, 2, rng), new GRU(6, 5, rng), new RNN(5, 4, rng),
                new LastStep(4), new Linear(4, 3, rng)), new CrossEntropyLoss());
        Optimizer adam = new Adam(model.parameters(), 0.01);
        Matrix x = ops.zeros(16, width);
        double[] labels = new double[16];
        for (int step = 0; step < 30; step++) {
            ops.fillUniform(x, -2, 3, rng);
            for (int i = 0; i < labels.length; i++) {
                labels[i] = rng.nextInt(3);
            }
            model.loss(model.forward(x), ops.fromRowMajor(labels.length, 1, labels));
            model.backward();
            adam.step();
        }
        ModelFiles.save(model, dir.resolve("model"));
        Matrix inputs = ops.zeros(50, width);
        ops.fillUniform(inputs, -3, 4, rng);
        Matrix predictions = new SavedModel(model).predict(inputs);
        Files.writeString(dir.resolve("inputs.csv"), csv(ops, inputs));
        Files.writeString(dir.resolve("predictions.csv"), csv(ops, predictions));
        System.out.println("saved " + model + " (" + ops.name() + ") and its predictions to " + dir);
    }

    private static String csv(MatrixOps ops, Matrix m) {
        StringBuilder out = new StringBuilder();
        for (double[] row : ops.toArray(m)) {
            StringJoiner line = new StringJoiner(",");
            for (double v : row) {
                line.add(Double.toString(v));
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
