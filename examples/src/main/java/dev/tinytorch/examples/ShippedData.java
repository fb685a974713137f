package dev.tinytorch.examples;

import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.CsvReader;
import dev.tinytorch.nn.data.Dataset;
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

    /** The shipped table {@code data/<file>} as a dataset on {@code ops}, its label column {@code target}. */
    static Dataset load(MatrixOps ops, String file) {
        String resource = "data/" + file;
        try (InputStream in = ShippedData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the examples jar");
            }
            return CsvReader.read(in, file).toDataset(ops, "target");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
