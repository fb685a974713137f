package dev.tinytorch.examples;

import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.CsvReader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.IdxImages;
import dev.tinytorch.nn.data.IdxLabels;
import dev.tinytorch.nn.data.IdxReader;
import dev.tinytorch.nn.data.Split;
import dev.tinytorch.nn.data.Standardizer;
import dev.tinytorch.nn.data.TrainValidationSplit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The data sets shipped in the examples jar ({@code data/README.md} beside them says where they come from), and
 * the preparation every program gives them: a seeded split, standardised with the training statistics.
 */
final class ShippedData {

    private ShippedData() {
    }

    /** The shipped MNIST images, {@code data/<MNIST_IMAGES>}: 10,000 digits of 28x28 grey levels. */
    static final String MNIST_IMAGES = "mnist10k/mnist10k-images-idx3-ubyte.gz";
    /** The class (0 to 9) of each shipped MNIST image, {@code data/<MNIST_LABELS>}. */
    static final String MNIST_LABELS = "mnist10k/mnist10k-labels-idx1-ubyte.gz";

    /** The shipped table {@code data/<file>} as a dataset on {@code ops}, its label column {@code target}. */
    static Dataset load(MatrixOps ops, String file) {
        try (InputStream in = open(file)) {
            return CsvReader.read(in, file).toDataset(ops, "target");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The 10,000 shipped MNIST digits as a dataset on {@code ops}: one 28x28 image per row (784 pixels, row after
     * row, scaled to {@code [0, 1]} as torchvision's {@code ToTensor} does), the digit as the target class index.
     */
    static Dataset mnist(MatrixOps ops) {
        return mnistImages().toDataset(ops, mnistLabels());
    }

    /** The shipped MNIST images as bytes, for drawing them. */
    static IdxImages mnistImages() {
        try (InputStream in = open(MNIST_IMAGES)) {
            return IdxReader.readImages(in, MNIST_IMAGES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped MNIST labels. */
    static IdxLabels mnistLabels() {
        try (InputStream in = open(MNIST_LABELS)) {
            return IdxReader.readLabels(in, MNIST_LABELS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String file) {
        String resource = "data/" + file;
        InputStream in = ShippedData.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("resource " + resource + " is missing from the examples jar");
        }
        return in;
    }

    /**
     * {@code data} split by {@code splitter}, both parts standardised with the statistics of the training part (the
     * validation part must not leak into them).
     */
    static Split<Dataset> standardisedSplit(Dataset data, TrainValidationSplit splitter) {
        Split<Dataset> split = splitter.split(data);
        Standardizer standardizer = Standardizer.fit(split.train());
        return new Split<>(standardizer.transform(split.train()), standardizer.transform(split.validation()));
    }
}
