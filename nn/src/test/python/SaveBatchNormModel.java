import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.io.ModelFiles;
import dev.tinytorch.nn.io.SavedModel;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.layers.BatchNorm1d;
import dev.tinytorch.nn.layers.BatchNorm2d;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.losses.MSELoss;
import dev.tinytorch.nn.optim.SGD;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

/**
 * The Java half of torch_loads_batchnorm_model.py (run by it, with java's single-file source launcher): trains a
 * Linear-BatchNorm1d-ReLU-Linear network (with {@code 2d} as second argument, BatchNorm2d(2) on rows of 2 channels
 * of 2x2 pixels in BatchNorm1d's place) for 30 SGD steps, saves it to DIR/model, and writes 50 test inputs and the
 * model's predictions in evaluation mode to DIR/inputs.csv and DIR/predictions.csv, every double in full.
 */
public final class SaveBatchNormModel {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        MatrixOps ops = Backends.getDefault();
        Random rng = new Random(2026);
        Layer norm = args.length > 1 && args[1].equals("2d") ? new BatchNorm2d(2) : new BatchNorm1d(8);
        Sequential model = new Sequential(List.of(new Linear(5, 8, rng), norm, new ReLU(),
                new Linear(8, 3, rng)), new MSELoss());
        Optimizer sgd = new SGD(model.parameters(), 0.05, 0.9);
        Matrix x = ops.zeros(16, 5);
        Matrix t = ops.zeros(16, 3);
        for (int step = 0; step < 30; step++) {
            ops.fillUniform(x, -2, 3, rng);  // inputs neither centred nor of unit spread
            ops.fillUniform(t, -1, 1, rng);
            model.loss(model.forward(x), t);
            model.backward();
            sgd.step();
        }
        ModelFiles.save(model, dir.resolve("model"));
        Matrix inputs = ops.zeros(50, 5);
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
