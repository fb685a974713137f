package dev.tinytorch.examples.bench;

import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.init.Seed;
import dev.tinytorch.nn.layers.Conv2d;
import dev.tinytorch.nn.layers.Flatten;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.MaxPool2d;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.optim.SGD;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One optimizer step of LeNet-5 on 1x28x28 images, in training samples per second: the network, loss and optimizer
 * of the {@code Mnist} example and of {@code reference.py cnn} (cross entropy, SGD lr 0.05 momentum 0.9, a shuffling
 * {@link DataLoader} of batch 64), so its figure stands next to PyTorch's.
 *
 * <p>The images are synthetic and seeded (uniform pixels in [0, 1), uniformly drawn digits): the time of a step does
 * not depend on what is learnt. They are generated once and copied to each backend.
 */
public final class LeNetWorkload implements Workload {

    /** Samples per batch, as in the reference. */
    public static final int BATCH = 64;
    /** SGD learning rate, as in the reference. */
    public static final double LR = 0.05;
    /** SGD momentum, as in the reference. */
    public static final double MOMENTUM = 0.9;
    /** The row label. */
    public static final String NAME = "LeNet-5 1x28x28 b64";
    /** The input image shape. */
    public static final ImageShape INPUT = new ImageShape(1, 28, 28);
    private static final int CLASSES = 10;
    private static final long SEED = 7;

    private final int rows;
    private double[] inputs;   // generated on first use, shared by every backend
    private double[] targets;

    /** LeNet-5 training on {@code rows} synthetic images (at least one batch). */
    public LeNetWorkload(int rows) {
        if (rows < BATCH) {
            throw new IllegalArgumentException(NAME + ": needs at least one batch of " + BATCH + " rows, got " + rows);
        }
        this.rows = rows;
    }

    /**
     * LeNet-5 as PyTorch's tutorials write it for 28x28 digits: {@code Conv2d(1,6,5,padding 2), ReLU, MaxPool2d(2),
     * Conv2d(6,16,5), ReLU, MaxPool2d(2), Flatten, Linear(400,120), ReLU, Linear(120,84), ReLU, Linear(84,10)}.
     */
    public static List<Layer> layers() {
        return List.of(new Conv2d(1, 6, 5, 1, 2), new ReLU(), new MaxPool2d(2), new Conv2d(6, 16, 5), new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(),
                new Linear(84, CLASSES));
    }

    @Override
    public String group() {
        return "lenet";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Metric metric() {
        return Metric.perSecond(BATCH, "samples/s");
    }

    @Override
    public boolean isTrainingStep() {
        return true;
    }

    @Override
    public Task prepare(MatrixOps ops) {
        generateData();
        Dataset data = new Dataset(ops, ops.fromRowMajor(rows, INPUT.size(), inputs),
                ops.fromRowMajor(rows, 1, targets));
        Seed.manualSeed(SEED);
        Sequential model = new Sequential(INPUT, layers(), new CrossEntropyLoss()).to(ops);
        return new TrainingSteps(model, new SGD(model.parameters(), LR, MOMENTUM),
                new DataLoader(data, BATCH, true, SEED).dropLast());
    }

    private void generateData() {
        if (inputs != null) {
            return;
        }
        SplittableRandom rng = new SplittableRandom(SEED);
        inputs = new double[Math.multiplyExact(rows, INPUT.size())];
        targets = new double[rows];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = rng.nextDouble();
        }
        for (int i = 0; i < rows; i++) {
            targets[i] = rng.nextInt(CLASSES);
        }
    }
}
