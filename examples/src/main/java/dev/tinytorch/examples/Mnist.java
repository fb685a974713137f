package dev.tinytorch.examples;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.Batch;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.IdxImages;
import dev.tinytorch.nn.data.IdxLabels;
import dev.tinytorch.nn.init.Seed;
import dev.tinytorch.nn.io.AtomicFiles;
import dev.tinytorch.nn.layers.Conv2d;
import dev.tinytorch.nn.layers.Flatten;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.MaxPool2d;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.metrics.ConfusionMatrix;
import dev.tinytorch.nn.metrics.Metrics;
import dev.tinytorch.nn.optim.SGD;
import dev.tinytorch.nn.train.Trainer;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * Images as first-class data: trains LeNet-5 on real handwritten digits (28x28 grey levels, 10 classes).
 *
 * <p>Trains {@code Conv2d(1, 6, 5, padding 2), ReLU, MaxPool2d(2), Conv2d(6, 16, 5), ReLU, MaxPool2d(2), Flatten,
 * Linear(400, 120), ReLU, Linear(120, 84), ReLU, Linear(84, 10)} with cross entropy on the logits and SGD (lr 0.05,
 * momentum 0.9, batch 64, shuffled with a fixed seed) on the first {@value #TRAIN} of the shipped MNIST digits for
 * {@value #EPOCHS} epochs, printing a line per epoch (training loss, time, samples per second), then the accuracy
 * and confusion matrix on the last {@value #TEST}, and draws a few misclassified test digits into a PNG. This is
 * the recipe of {@code reference.py cnn --accuracy}, where PyTorch reaches 0.9755 in float64.
 *
 * <p>Usage: {@code Mnist [--out DIR]}; the PNG goes to {@code DIR/misclassified.png}, by default under
 * {@code target/mnist} of the working directory ({@code examples/target/mnist} when run by {@code exec:exec}).
 */
public final class Mnist {

    /** Seed of the weights and the shuffling: the same run on every backend. */
    public static final long SEED = 1;
    /** Epochs of training. */
    public static final int EPOCHS = 5;
    /** The first {@value} shipped digits are the training set. */
    public static final int TRAIN = 8_000;
    /** The last {@value} shipped digits are the test set. */
    public static final int TEST = 2_000;
    /** How many misclassified digits the PNG shows at most. */
    public static final int DRAWN = 16;
    static final String PNG = "misclassified.png";
    private static final int BATCH = 64;
    private static final int EVAL_BATCH = 250;
    private static final int SCALE = 3;
    private static final int CAPTION = 14;

    private final DemoSetup setup;
    private final Path outputDirectory;

    /** Runs with {@code setup}'s backend and seed, printing to its output and drawing into {@code outputDirectory}. */
    public Mnist(DemoSetup setup, Path outputDirectory) {
        this.setup = setup;
        this.outputDirectory = outputDirectory;
    }

    public static void main(String[] args) {
        Path out = Path.of("target", "mnist");
        if (args.length == 2 && args[0].equals("--out")) {
            out = Path.of(args[1]);
        } else if (args.length != 0) {
            System.err.println("usage: Mnist [--out DIR]   (the directory of misclassified.png, default target/mnist)");
            System.exit(2);
        }
        Results results = new Mnist(DemoSetup.onDefaultBackend(SEED), out).run();
        System.out.printf(Locale.ROOT, "test accuracy: %.4f (macro F1 %.4f)%n",
                results.confusion().accuracy(), results.confusion().macroF1());
    }

    /**
     * What a run produced.
     *
     * @param confusion     the confusion matrix of the test digits under the trained model
     * @param misclassified the indices (into the shipped digits) of the misclassified test digits, in order
     * @param png           the file the first of them were drawn into
     */
    public record Results(ConfusionMatrix confusion, List<Integer> misclassified, Path png) {
    }

    /** LeNet-5 as PyTorch's {@code reference.py} writes it, its weights drawn from the current {@link Seed}. */
    static List<Layer> lenet5() {
        return List.of(new Conv2d(1, 6, 5, 1, 2), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10));
    }

    /** Loads, trains, evaluates and draws. */
    public Results run() {
        MatrixOps ops = setup.ops();
        PrintStream out = setup.out();
        IdxImages images = ShippedData.mnistImages();
        IdxLabels labels = ShippedData.mnistLabels();
        Dataset all = images.toDataset(ops, labels);
        Dataset train = all.subset(IntStream.range(0, TRAIN).toArray());
        Dataset test = all.subset(IntStream.range(TRAIN, TRAIN + TEST).toArray());

        Seed.manualSeed(setup.seed());
        Sequential model = new Sequential(new ImageShape(1, 28, 28), lenet5(), new CrossEntropyLoss()).to(ops);
        Trainer trainer = new Trainer(model, new SGD(model.parameters(), 0.05, 0.9),
                new DataLoader(train, BATCH, true, setup.seed()), new DataLoader(test, EVAL_BATCH, false, 0), Metrics.accuracy());
        out.println("-- LeNet-5 on " + TRAIN + " MNIST digits, SGD lr 0.05 momentum 0.9, batch " + BATCH);
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            long start = System.nanoTime();
            double loss = trainer.trainOneEpoch();
            double seconds = (System.nanoTime() - start) / 1e9;
            out.println(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  %.1f s  %.0f samples/s",
                    epoch, EPOCHS, loss, seconds, TRAIN / seconds));
        }

        int[] predicted = predict(model, test);
        int[] actual = new int[TEST];
        List<Integer> misclassified = new ArrayList<>();
        for (int i = 0; i < TEST; i++) {
            actual[i] = labels.label(TRAIN + i);
            if (predicted[i] != actual[i]) {
                misclassified.add(TRAIN + i);
            }
        }
        ConfusionMatrix confusion = ConfusionMatrix.of(actual, predicted, 10);
        out.println(String.format(Locale.ROOT, "accuracy on the last %d digits: %.4f", TEST, confusion.accuracy()));
        out.println("confusion matrix (rows: actual digit, columns: predicted):");
        out.println(confusion);
        Path png = outputDirectory.resolve(PNG);
        writePng(draw(images, labels, misclassified, predicted), png);
        out.println("the first " + Math.min(DRAWN, misclassified.size()) + " of " + misclassified.size()
                + " misclassified digits: " + png);
        return new Results(confusion, List.copyOf(misclassified), png);
    }

    /** The predicted class of each of {@code data}'s images, in evaluation mode, a few hundred images at a time. */
    private static int[] predict(Sequential model, Dataset data) {
        model.eval();
        int[] predicted = new int[data.size()];
        int[] batchPredicted = new int[EVAL_BATCH];
        int row = 0;
        for (Batch batch : new DataLoader(data, EVAL_BATCH, false, 0)) {
            Matrix logits = model.forward(batch.inputs());
            model.ops().argmaxRows(logits, batchPredicted);
            System.arraycopy(batchPredicted, 0, predicted, row, logits.rows());
            row += logits.rows();
        }
        model.train();
        return predicted;
    }

    /**
     * The first {@value #DRAWN} of {@code misclassified} side by side, white on black and enlarged, each captioned
     * "actual&gt;predicted" ({@code predicted} is indexed from the first test digit).
     */
    static BufferedImage draw(IdxImages images, IdxLabels labels, List<Integer> misclassified, int[] predicted) {
        int shown = Math.max(1, Math.min(DRAWN, misclassified.size()));
        int cell = images.cols() * SCALE;
        BufferedImage png = new BufferedImage(shown * cell, images.rows() * SCALE + CAPTION,
                BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = png.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int k = 0; k < Math.min(DRAWN, misclassified.size()); k++) {
            int index = misclassified.get(k);
            for (int r = 0; r < images.rows(); r++) {
                for (int c = 0; c < images.cols(); c++) {
                    int v = images.pixel(index, r, c);
                    g.setColor(new Color(v, v, v));
                    g.fillRect(k * cell + c * SCALE, r * SCALE, SCALE, SCALE);
                }
            }
            g.setColor(Color.WHITE);
            g.drawString(labels.label(index) + ">" + predicted[index - TRAIN], k * cell + 4,
                    images.rows() * SCALE + CAPTION - 3);
        }
        g.dispose();
        return png;
    }

    /** Writes {@code image} to {@code file} atomically, creating its directory. */
    static void writePng(BufferedImage image, Path file) {
        try {
            AtomicFiles.write(file, out -> {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IllegalStateException("no PNG writer in this JVM for " + file);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
