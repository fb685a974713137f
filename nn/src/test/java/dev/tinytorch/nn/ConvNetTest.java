package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.Batch;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.layers.AvgPool2d;
import dev.tinytorch.nn.layers.Conv2d;
import dev.tinytorch.nn.layers.Flatten;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.MaxPool2d;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.optim.SGD;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Convolutional networks end to end: shapes checked when a network is built, and a small one that learns. */
class ConvNetTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void sequentialConnectsEachLayerToTheShapeBeforeIt() {
        Random rng = new Random(1);
        Conv2d first = new Conv2d(1, 6, 5, 1, 2, rng);
        MaxPool2d pool = new MaxPool2d(2);
        Conv2d second = new Conv2d(6, 16, 5, 1, 0, rng);
        new Sequential(new ImageShape(1, 28, 28), List.of(first, new ReLU(), pool, second, new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(400, 120, rng)), new CrossEntropyLoss());
        assertEquals(new ImageShape(6, 14, 14), pool.connect(null));
        assertEquals(new ImageShape(16, 10, 10), second.connect(null));
    }

    @Test
    void shapesThatDoNotChainAreNamedWithBothShapes() {
        Random rng = new Random(1);
        Conv2d conv = new Conv2d(6, 16, 5, 1, 0, rng);
        conv.connect(new ImageShape(6, 14, 14));
        assertRejected(() -> new Sequential(new ImageShape(1, 14, 14),
                        List.of(new Conv2d(1, 6, 3, 1, 0, rng), conv), new CrossEntropyLoss()),
                "Conv2d(6 -> 16, 5x5) expects 6x14x14 inputs, the previous layer gives 6x12x12");
        assertRejected(() -> new Sequential(new ImageShape(3, 8, 8), List.of(new Conv2d(1, 4, 3, 1, 0, rng)),
                        new CrossEntropyLoss()),
                "Conv2d(1 -> 4, 3x3) expects 1 input channels, the previous layer gives 3x8x8");
        assertRejected(() -> new Sequential(new ImageShape(1, 8, 8), List.of(new Conv2d(1, 4, 3, 1, 0, rng),
                        new AvgPool2d(2), new Flatten(), new Linear(16, 2, rng)), new CrossEntropyLoss()),
                "Linear(16 -> 2) expects 16 inputs, the previous layer gives 36x1x1");
    }

    private static void assertRejected(Runnable build, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aSmallConvNetTellsHorizontalFromVerticalBars() {
        Dataset train = bars(400, 1);
        Dataset test = bars(200, 2);
        Random rng = new Random(3);
        Sequential model = new Sequential(new ImageShape(1, 8, 8), List.of(new Conv2d(1, 4, 3, 1, 0, rng),
                new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(36, 2, rng)), new CrossEntropyLoss());
        SGD sgd = new SGD(model.parameters(), 0.05, 0.9);
        for (int epoch = 0; epoch < 20; epoch++) {
            for (Batch batch : new DataLoader(train, 20, true, epoch)) {
                model.loss(model.forward(batch.inputs()), batch.targets());
                model.backward();
                sgd.step();
            }
        }
        double accuracy = accuracy(model, test);
        assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
    }

    private double accuracy(Sequential model, Dataset data) {
        int[] predicted = new int[data.size()];
        ops.argmaxRows(model.forward(data.inputs()), predicted);
        double[] labels = ops.toRowMajor(data.targets());
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) right / predicted.length;
    }

    /**
     * 8x8 images of noise N(0, 0.3^2) with one bar of 3 to 6 ones, horizontal (class 0) or vertical (class 1), at a
     * random place.
     */
    private Dataset bars(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][64];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 64; p++) {
                x[i][p] = 0.3 * gaussian(rng);
            }
            boolean vertical = rng.nextBoolean();
            int length = rng.nextInt(3, 7);
            int across = rng.nextInt(8);
            int start = rng.nextInt(8 - length + 1);
            for (int k = start; k < start + length; k++) {
                x[i][vertical ? k * 8 + across : across * 8 + k] += 1.0;
            }
            y[i] = vertical ? 1 : 0;
        }
        return Dataset.of(ops, x, y);
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
