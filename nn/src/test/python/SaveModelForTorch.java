import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.Batch;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.IdxReader;
import dev.tinytorch.nn.io.ModelFiles;
import dev.tinytorch.nn.io.SavedModel;
import dev.tinytorch.nn.layers.AvgPool2d;
import dev.tinytorch.nn.layers.BatchNorm1d;
import dev.tinytorch.nn.layers.BatchNorm2d;
import dev.tinytorch.nn.layers.Conv2d;
import dev.tinytorch.nn.layers.Flatten;
import dev.tinytorch.nn.layers.GRU;
import dev.tinytorch.nn.layers.LSTM;
import dev.tinytorch.nn.layers.LastStep;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.MaxPool2d;
import dev.tinytorch.nn.layers.RNN;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Size2d;
import dev.tinytorch.nn.layers.Softmax;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.losses.MSELoss;
import dev.tinytorch.nn.optim.Adam;
import dev.tinytorch.nn.optim.SGD;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.stream.IntStream;

/**
 * The Java half of torch_loads_model.py (run by it, with java's single-file source launcher): trains one network,
 * saves it to DIR/model, and writes its test inputs (one row each; an image's row is NCHW) and its predictions in
 * evaluation mode to DIR/inputs.csv and DIR/predictions.csv, every double in full.
 *
 * <p>Usage: {@code SaveModelForTorch DIR KIND [IMAGES LABELS]}, KIND one of
 * <ul>
 *   <li>{@code batchnorm1d}: Linear(5, 8), BatchNorm1d(8), ReLU, Linear(8, 3), MSE, 30 SGD steps on random rows;
 *       50 random test rows, the outputs as predictions;</li>
 *   <li>{@code batchnorm2d}: the same with BatchNorm2d(2) on rows of 2 channels of 2x2 pixels;</li>
 *   <li>{@code conv}: on 1x10x10 images, Conv2d(1, 4, 3, padding 1), BatchNorm2d(4), ReLU, MaxPool2d(2),
 *       Conv2d(4, 6, 3x2, padding 0x1), AvgPool2d(3x2, stride 1x2), Flatten, Linear(18, 3), cross entropy, 30 SGD
 *       steps on random images; 50 random test images, the logits as predictions;</li>
 *   <li>{@code lenet}: LeNet-5 (Conv2d(1, 6, 5, padding 2), ReLU, MaxPool2d(2), Conv2d(6, 16, 5), ReLU,
 *       MaxPool2d(2), Flatten, Linear(400, 120), ReLU, Linear(120, 84), ReLU, Linear(84, 10)) trained for one
 *       epoch (SGD lr 0.05, momentum 0.9, batch 64) on the first 8,000 of the IDX digits IMAGES with LABELS; the
 *       last 2,000 as test images, their class probabilities (softmax of the logits) as predictions;</li>
 *   <li>{@code recurrent}: LSTM(4, 6, 2 layers), GRU(6, 5), RNN(5, 4), LastStep(4), Linear(4, 3), cross entropy,
 *       30 Adam steps (lr 0.01) on random sequences of 7 steps; 50 random test sequences (one row each, steps one
 *       after the other), the logits as predictions.</li>
 * </ul>
 */
public final class SaveModelForTorch {

    private static final int STEPS = 30;
    private static final int TRAIN_DIGITS = 8_000;
    private static final int TEST_DIGITS = 2_000;

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        String kind = args[1];
        MatrixOps ops = Backends.getDefault();
        Random rng = new Random(2026);
        Matrix inputs;
        Sequential model;
        Matrix predictions;
        if (kind.equals("lenet")) {
            Dataset digits = IdxReader.readDataset(ops, Path.of(args[2]), Path.of(args[3]));
            Dataset train = digits.subset(IntStream.range(0, TRAIN_DIGITS).toArray());
            Dataset test = digits.subset(IntStream.range(TRAIN_DIGITS, TRAIN_DIGITS + TEST_DIGITS).toArray());
            model = new Sequential(new ImageShape(1, 28, 28), List.of(new Conv2d(1, 6, 5, 1, 2, rng), new ReLU(),
                    new MaxPool2d(2), new Conv2d(6, 16, 5, 1, 0, rng), new ReLU(), new MaxPool2d(2), new Flatten(),
                    new Linear(400, 120, rng), new ReLU(), new Linear(120, 84, rng), new ReLU(),
                    new Linear(84, 10, rng)), new CrossEntropyLoss());
            Optimizer sgd = new SGD(model.parameters(), 0.05, 0.9);
            for (Batch batch : new DataLoader(train, 64, true, 2026)) {
                model.loss(model.forward(batch.inputs()), batch.targets());
                model.backward();
                sgd.step();
            }
            inputs = test.inputs();
            predictions = new Softmax().forward(new SavedModel(model).predict(inputs));
            System.out.println("accuracy on the " + TEST_DIGITS + " test digits after one epoch: "
                    + accuracy(ops, predictions, test.targets()));
        } else {
            model = switch (kind) {
                case "batchnorm1d", "batchnorm2d" -> new Sequential(List.of(new Linear(5, 8, rng),
                        kind.equals("batchnorm2d") ? new BatchNorm2d(2) : new BatchNorm1d(8), new ReLU(),
                        new Linear(8, 3, rng)), new MSELoss());
                case "conv" -> new Sequential(new ImageShape(1, 10, 10), List.of(new Conv2d(1, 4, 3, 1, 1, rng),
                        new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                        new Conv2d(4, 6, Size2d.of(3, 2), Size2d.of(1), Size2d.of(0, 1), rng),
                        new AvgPool2d(Size2d.of(3, 2), Size2d.of(1, 2)), new Flatten(), new Linear(18, 3, rng)),
                        new CrossEntropyLoss());
                case "recurrent" -> new Sequential(List.of(new LSTM(4, 6, 2, rng), new GRU(6, 5, rng),
                        new RNN(5, 4, rng), new LastStep(4), new Linear(4, 3, rng)), new CrossEntropyLoss());
                default -> throw new IllegalArgumentException("unknown kind '" + kind
                        + "'; use batchnorm1d, batchnorm2d, conv, lenet or recurrent");
            };
            int features = switch (kind) {
                case "conv" -> 100;
                case "recurrent" -> 7 * 4;
                default -> 5;
            };
            boolean classes = !kind.startsWith("batchnorm");
            Optimizer optimizer = kind.equals("recurrent") ? new Adam(model.parameters(), 0.01)
                    : new SGD(model.parameters(), 0.05, 0.9);
            trainOnRandomData(ops, model, optimizer, features, classes, rng);
            inputs = ops.zeros(50, features);
            ops.fillUniform(inputs, -3, 4, rng);
            predictions = new SavedModel(model).predict(inputs);
        }
        ModelFiles.save(model, dir.resolve("model"));
        Files.writeString(dir.resolve("inputs.csv"), csv(ops, inputs));
        Files.writeString(dir.resolve("predictions.csv"), csv(ops, predictions));
        System.out.println("saved " + model + " (" + ops.name() + ") and its predictions to " + dir);
    }

    /** {@value #STEPS} steps of {@code optimizer} on batches of 16 random rows: 3 classes, or 3 target values. */
    private static void trainOnRandomData(MatrixOps ops, Sequential model, Optimizer optimizer, int features,
            boolean classes, Random rng) {
        Matrix x = ops.zeros(16, features);
        Matrix t = ops.zeros(16, classes ? 1 : 3);
        double[] labels = new double[16];
        for (int step = 0; step < STEPS; step++) {
            ops.fillUniform(x, -2, 3, rng);  // inputs neither centred nor of unit spread
            if (classes) {
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = rng.nextInt(3);
                }
                t = ops.fromRowMajor(labels.length, 1, labels);
            } else {
                ops.fillUniform(t, -1, 1, rng);
            }
            model.loss(model.forward(x), t);
            model.backward();
            optimizer.step();
        }
    }

    private static double accuracy(MatrixOps ops, Matrix probabilities, Matrix targets) {
        double[][] p = ops.toArray(probabilities);
        double[] y = ops.toRowMajor(targets);
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int c = 1; c < p[i].length; c++) {
                best = p[i][c] > p[i][best] ? c : best;
            }
            right += best == (int) y[i] ? 1 : 0;
        }
        return right / (double) p.length;
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
