package dev.tinytorch.examples.cli;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.io.Task;
import dev.tinytorch.nn.layers.Softmax;
import dev.tinytorch.nn.metrics.ConfusionMatrix;
import dev.tinytorch.nn.metrics.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The numbers {@code train} and {@code evaluate} print about a model on labelled data: for classification
 * accuracy, macro precision, recall and F1, log loss and the confusion matrix (labelled with the classes as they
 * appear in the data); for regression RMSE, MAE and R².
 */
final class Scores {

    private Scores() {
    }

    /**
     * Per-class probabilities ({@code n x k}) from the network's outputs: a binary network's single output is the
     * probability of the second class, a multi-class network's scores go through a softmax unless its last layer is
     * one already. A NaN output gives NaN probabilities, for the caller to report.
     *
     * @throws CommandFailure if a binary network's output is a number outside [0, 1]
     */
    static double[][] probabilities(Task.Kind kind, Sequential model, MatrixOps ops, Matrix outputs) {
        double[][] raw = ops.toArray(outputs);
        double[][] p = new double[raw.length][];
        List<Layer> layers = model.layers();
        boolean normalised = layers.get(layers.size() - 1) instanceof Softmax;
        for (int i = 0; i < raw.length; i++) {
            if (kind == Task.Kind.BINARY && (raw[i][0] < 0 || raw[i][0] > 1)) {
                throw new CommandFailure("the model's output for sample " + (i + 1) + " is " + raw[i][0] + ", not"
                        + " a probability: a binary model must end in a Sigmoid");
            }
            p[i] = kind == Task.Kind.BINARY ? new double[] {1 - raw[i][0], raw[i][0]}
                    : normalised ? raw[i] : softmax(raw[i]);
        }
        return p;
    }

    private static double[] softmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        double[] out = new double[scores.length];
        for (int j = 0; j < scores.length; j++) {
            out[j] = Math.exp(scores[j] - max);
            sum += out[j];
        }
        for (int j = 0; j < scores.length; j++) {
            out[j] /= sum;
        }
        return out;
    }

    /** The report for classification: {@code p} from {@link #probabilities}, {@code classIndices} the true classes. */
    static List<String> classification(MatrixOps ops, List<Double> classes, double[][] p, double[] classIndices) {
        Matrix probabilities = ops.fromArray(p);
        Matrix targets = ops.fromRowMajor(classIndices.length, 1, classIndices);
        ConfusionMatrix cm = Metrics.confusionMatrix(ops, probabilities, targets);
        List<String> lines = new ArrayList<>();
        lines.add(line("accuracy", cm.accuracy()));
        lines.add(line("precision (macro)", cm.macroPrecision()));
        lines.add(line("recall (macro)", cm.macroRecall()));
        lines.add(line("F1 (macro)", cm.macroF1()));
        lines.add(line("log loss", Metrics.logLoss(ops, probabilities, targets)));
        lines.add("confusion matrix (rows: actual, columns: predicted):");
        lines.addAll(table(cm, classes));
        return lines;
    }

    private static String line(String name, double value) {
        return String.format(Locale.ROOT, "%-18s %s", name, Format.score(value));
    }

    private static List<String> table(ConfusionMatrix cm, List<Double> classes) {
        int width = 6;
        for (double c : classes) {
            width = Math.max(width, Format.value(c).length() + 2);
        }
        for (int a = 0; a < cm.classes(); a++) {
            for (int p = 0; p < cm.classes(); p++) {
                width = Math.max(width, String.valueOf(cm.count(a, p)).length() + 2);
            }
        }
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder(pad("", width));
        for (double c : classes) {
            header.append(pad(Format.value(c), width));
        }
        lines.add(header.toString());
        for (int a = 0; a < cm.classes(); a++) {
            StringBuilder row = new StringBuilder(pad(Format.value(classes.get(a)), width));
            for (int p = 0; p < cm.classes(); p++) {
                row.append(pad(String.valueOf(cm.count(a, p)), width));
            }
            lines.add(row.toString());
        }
        return lines;
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    /** The report for regression: root mean squared error, mean absolute error and R² of {@code predicted}. */
    static List<String> regression(double[] predicted, double[] actual) {
        double mean = 0;
        for (double y : actual) {
            mean += y / actual.length;
        }
        double squares = 0;
        double absolute = 0;
        double total = 0;
        for (int i = 0; i < actual.length; i++) {
            double e = predicted[i] - actual[i];
            squares += e * e;
            absolute += Math.abs(e);
            total += (actual[i] - mean) * (actual[i] - mean);
        }
        if (!Double.isFinite(squares) || !Double.isFinite(absolute) || !Double.isFinite(total)) {
            throw new CommandFailure("the errors cannot be scored: their squares overflow double precision (targets"
                    + " or predictions beyond about 1e154); rescale the target");
        }
        return List.of(line("RMSE", Math.sqrt(squares / actual.length)), line("MAE", absolute / actual.length),
                total == 0 ? String.format(Locale.ROOT, "%-18s undefined (the targets are all equal)", "R²")
                        : line("R²", 1 - squares / total));
    }

    /** R² as a {@link dev.tinytorch.nn.metrics.Metric} for the trainer: it reads the same in any units. */
    static double r2(MatrixOps ops, Matrix predicted, Matrix actual) {
        double[] p = ops.toRowMajor(predicted);
        double[] y = ops.toRowMajor(actual);
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }
        double squares = 0;
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            squares += (p[i] - y[i]) * (p[i] - y[i]);
            total += (y[i] - mean) * (y[i] - mean);
        }
        return total == 0 ? 0 : 1 - squares / total;
    }
}
