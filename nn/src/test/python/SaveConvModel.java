import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.io.ModelFiles;
import dev.tinytorch.nn.io.SavedModel;
import dev.tinytorch.nn.layers.AvgPool2d;
import dev.tinytorch.nn.layers.BatchNorm2d;
import dev.tinytorch.nn.layers.Conv2d;
import dev.tinytorch.nn.layers.Flatten;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.MaxPool2d;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Size2d;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.optim.SGD;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

/**
 * The Java half of torch_loads_conv_model.py (run by it, with java's single-file source launcher): trains a small
 * convolutional network on 1x10x10 images, Conv2d(1, 4, 3, padding 1), BatchNorm2d(4), ReLU, MaxPool2d(2),
 * Conv2d(4, 6, 3x2, padding 0x1), AvgPool2d(3x2, stride 1x2), Flatten, Linear(18, 3), with cross entropy for 30
 * SGD steps, saves it to DIR/model, and writes 50 test images (one NCHW row each) and the model's predictions in
 * evaluation mode to DIR/inputs.csv and DIR/predictions.csv, every double in full.
 */
public final class SaveConvModel {

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        MatrixOps ops = Backends.getDefault();
        Random rng = new Random(2026);
        ImageShape input = new ImageShape(1, 10, 10);
        Sequential model = new Sequential(input, List.of(new Conv2d(1, 4, 3, 1, 1, rng), new BatchNorm2d(4),
                new ReLU(), new MaxPool2d(2), new Conv2d(4, 6, Size2d.of(3, 2), Size2d.of(1), Size2d.of(0, 1), rng),
                new AvgPool2d(Size2d.of(3, 2), Size2d.of(1, 2)), new Flatten(), new Linear(18, 3, rng)),
                new CrossEntropyLoss());
        Optimizer sgd = new SGD(model.parameters(), 0.05, 0.9);
        Matrix x = ops.zeros(16, input.size());
        double[] labels = new double[16];
        for (int step = 0; step < 30; step++) {
            ops.fillUniform(x, -2, 3, rng);  // inputs neither centred nor of unit spread
            for (int i = 0; i < labels.length; i++) {
                labels[i] = rng.nextInt(3);
            }
            model.loss(model.forward(x), ops.fromRowMajor(labels.length, 1, labels));
            model.backward();
            sgd.step();
        }
        ModelFiles.save(model, dir.resolve("model"));
        Matrix inputs = ops.zeros(50, input.size());
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
