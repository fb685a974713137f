package dev.tinytorch.examples.bench;

import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Loss;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.init.Seed;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.optim.SGD;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One optimizer step of a two-layer perceptron, {@code in -> hidden ReLU -> out}, with nn's own classes
 * ({@link Sequential}, {@link Linear}, {@link ReLU}, the loss, {@link SGD} with lr 0.1, a shuffling
 * {@link DataLoader} of batch 64): forward, per-sample losses and their sum, backward, update. The same workloads
 * as {@code reference.py} times on numpy and PyTorch.
 *
 * <p>The data are synthetic and seeded (standard normal inputs, uniformly drawn targets): the time of a step does
 * not depend on what is learnt. They are generated once and copied to each backend.
 */
public final class MlpWorkload implements Workload {

    /** Samples per batch, as in the reference. */
    public static final int BATCH = 64;
    /** SGD learning rate, as in the reference. */
    public static final double LR = 0.1;
    /** The seed network's row label. */
    public static final String SEED_NAME = "seed MLP 30-20-1 b64";
    /** The MNIST-size network's row label. */
    public static final String MNIST_NAME = "MNIST MLP 784-256-10 b64";
    private static final long SEED = 5;

    private final String name;
    private final Metric metric;
    private final int in;
    private final int hidden;
    private final int out;
    private final int rows;
    private final boolean multiclass;
    private double[] inputs;   // generated on first use, shared by every backend
    private double[] targets;

    private MlpWorkload(String name, Metric metric, int in, int hidden, int out, int rows, boolean multiclass) {
        if (rows < BATCH) {
            throw new IllegalArgumentException(name + ": needs at least one batch of " + BATCH + " rows, got " + rows);
        }
        this.name = name;
        this.metric = metric;
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        this.rows = rows;
        this.multiclass = multiclass;
    }

    /** The seed network, 30 -> 20 ReLU -> 1 with a sigmoid and binary cross-entropy, in microseconds per step. */
    public static MlpWorkload seed(int rows) {
        return new MlpWorkload(SEED_NAME, Metric.micros("us/step"), 30, 20, 1, rows, false);
    }

    /** The MNIST-size network, 784 -> 256 ReLU -> 10 with softmax cross-entropy, in training samples per second. */
    public static MlpWorkload mnist(int rows) {
        return new MlpWorkload(MNIST_NAME, Metric.perSecond(BATCH, "samples/s"), 784, 256, 10, rows,
                true);
    }

    @Override
    public String group() {
        return "mlp";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Metric metric() {
        return metric;
    }

    @Override
    public boolean isTrainingStep() {
        return true;
    }

    @Override
    public Task prepare(MatrixOps ops) {
        generateData();
        Dataset data = new Dataset(ops, ops.fromRowMajor(rows, in, inputs), ops.fromRowMajor(rows, 1, targets));
        Seed.manualSeed(SEED);
        List<Layer> layers = multiclass
                ? List.of(new Linear(in, hidden), new ReLU(), new Linear(hidden, out))
                : List.of(new Linear(in, hidden), new ReLU(), new Linear(hidden, out), new Sigmoid());
        Loss loss = multiclass ? new CrossEntropyLoss() : new BinaryCrossEntropy();
        Sequential model = new Sequential(layers, loss).to(ops);
        return new TrainingSteps(model, new SGD(model.parameters(), LR),
                new DataLoader(data, BATCH, true, SEED).dropLast());
    }

    private void generateData() {
        if (inputs != null) {
            return;
        }
        SplittableRandom rng = new SplittableRandom(SEED);
        inputs = new double[Math.multiplyExact(rows, in)];
        targets = new double[rows];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = rng.nextGaussian();
        }
        for (int i = 0; i < rows; i++) {
            targets[i] = multiclass ? rng.nextInt(out) : rng.nextInt(2);
        }
    }
}
