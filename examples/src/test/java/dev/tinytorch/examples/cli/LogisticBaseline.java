package dev.tinytorch.examples.cli;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.CsvReader;
import dev.tinytorch.nn.data.CsvTable;
import dev.tinytorch.nn.data.Split;
import dev.tinytorch.nn.data.Standardizer;
import dev.tinytorch.nn.data.TrainValidationSplit;
import dev.tinytorch.nn.reference.LogisticRegressionIrls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The validation accuracy of the exact logistic regression ({@link LogisticRegressionIrls}: scikit-learn's default
 * objective, C = 1) on the split and standardisation {@code tinytorch train} makes of a CSV file with a given seed.
 * With more than two classes it is one-vs-rest (one binary fit per class, the class of highest probability
 * predicted), the library having no exact multinomial fit: scikit-learn's {@code LogisticRegression(multi_class=
 * "ovr")}.
 */
final class LogisticBaseline {

    private LogisticBaseline() {
    }

    /** The fraction of the validation rows of {@code file} (label in the last column) the fit classifies right. */
    static double validationAccuracy(Path file, long seed) throws IOException {
        MatrixOps ops = Backends.getDefault();
        CsvTable table = CsvReader.read(file);
        String target = table.columns().get(table.columns().size() - 1);
        double[] labels = table.labels(target);
        List<Double> classes = new ArrayList<>(new TreeSet<>(Arrays.stream(labels).boxed().toList()));
        double[] y = new double[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = classes.indexOf(labels[i]);
        }
        TrainValidationSplit splitter = TrainValidationSplit.withSeed(seed);
        Split<double[][]> xs = splitter.split(table.features(target));
        Split<double[]> ys = splitter.split(y);
        Standardizer standardizer = Standardizer.fit(ops, ops.fromArray(xs.train()));
        Matrix train = standardizer.transform(ops.fromArray(xs.train()));
        Matrix validation = standardizer.transform(ops.fromArray(xs.validation()));

        int k = classes.size();
        int rows = ys.validation().length;
        double[][] p = new double[k][];
        for (int c = k == 2 ? 1 : 0; c < k; c++) {
            double[] isC = new double[ys.train().length];
            for (int i = 0; i < isC.length; i++) {
                isC[i] = ys.train()[i] == c ? 1 : 0;
            }
            p[c] = ops.toRowMajor(new LogisticRegressionIrls().fit(ops, train, ops.fromRowMajor(isC.length, 1, isC))
                    .probabilities(ops, validation));
        }
        int right = 0;
        for (int i = 0; i < rows; i++) {
            int predicted = 0;
            if (k == 2) {
                predicted = p[1][i] > 0.5 ? 1 : 0;
            } else {
                for (int c = 1; c < k; c++) {
                    predicted = p[c][i] > p[predicted][i] ? c : predicted;
                }
            }
            right += predicted == ys.validation()[i] ? 1 : 0;
        }
        return (double) right / rows;
    }
}
