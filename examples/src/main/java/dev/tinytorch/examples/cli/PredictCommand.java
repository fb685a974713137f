package dev.tinytorch.examples.cli;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.IdxReader;
import dev.tinytorch.nn.io.AtomicFiles;
import dev.tinytorch.nn.io.SavedModel;
import dev.tinytorch.nn.io.Task;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tinytorch predict}: one prediction per data line of a CSV file, as CSV: the line number, the predicted
 * class (as written in the training data) or value, the probability of each class, and an error for a line that
 * cannot be read. Bad lines are also reported on standard error, one line each, and make the command fail after
 * the good lines have been predicted.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        resourceBundle = ModelAndData.DESCRIPTIONS,
        description = {"Predict with a saved model, one output row per data line of a CSV file that has the model's",
                "input columns (matched by name; others are ignored). Output columns: line, prediction, p_<class>",
                "for each class (classification only), error. A line with a missing or non-numeric value gets an",
                "empty prediction and its error, is reported on standard error, and the exit code is 1.",
                "IDX images (told from CSV by their magic number, gzip or not) give one row per image."})
final class PredictCommand implements Callable<Integer> {

    @ParentCommand
    private TinyTorch root;

    @Mixin
    private ModelAndData input;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Where to write the predictions (default: standard output).")
    private Path out;

    @Mixin
    private BackendOption backend;

    @Override
    public Integer call() throws IOException {
        ModelAndData.Loaded model = input.load(backend);
        Task task = model.task();
        List<PredictionRows.Row> rows = IdxReader.isIdx(input.data()) ? imageRows(input.data(), task)
                : PredictionRows.read(input.data(), task);
        List<double[]> features = new ArrayList<>();
        for (PredictionRows.Row row : rows) {
            if (row.error() == null) {
                features.add(row.features());
            }
        }
        double[][] results = features.isEmpty() ? new double[0][]
                : predict(model.ops(), model.saved(), task, features);

        List<String> lines = new ArrayList<>();
        lines.add(header(task));
        List<PredictionRows.Row> bad = new ArrayList<>();
        int next = 0;
        for (PredictionRows.Row row : rows) {
            PredictionRows.Row checked = row.error() == null ? finite(row, results[next], input.data()) : row;
            if (checked.error() == null) {
                lines.add(line(task, row.line(), results[next]));
            } else {
                lines.add(failed(task, checked));
                bad.add(checked);
            }
            next += row.error() == null ? 1 : 0;
        }
        PrintStream stdout = root.out();
        if (out == null) {
            lines.forEach(stdout::println);
        } else {
            AtomicFiles.write(out, AtomicFiles.Content.lines(lines));
            stdout.println("wrote " + (rows.size() - bad.size()) + " predictions of " + rows.size() + " lines to "
                    + out);
        }
        bad.forEach(row -> root.err().println(row.error()));
        if (!bad.isEmpty()) {
            throw new CommandFailure(bad.size() + " of " + rows.size() + " lines of " + input.data() + " could not be"
                    + " predicted (reported above; their prediction is empty in the output)");
        }
        return TinyTorch.OK;
    }

    /** One row per image of the IDX file {@code data}, numbered from 1. */
    private static List<PredictionRows.Row> imageRows(Path data, Task task) throws IOException {
        ImageData images = ImageData.read(data);
        ModelInput.checkColumns(data.toString(), images.featureNames(), task);
        double[][] pixels = images.pixels();
        if (pixels.length > 0 && pixels[0].length != task.features().size()) {
            throw new CommandFailure(data + ": images of " + images.shape() + " but the model takes "
                    + task.features().size() + " inputs");
        }
        List<PredictionRows.Row> rows = new ArrayList<>();
        for (int i = 0; i < pixels.length; i++) {
            rows.add(new PredictionRows.Row(i + 1, pixels[i], null));
        }
        return rows;
    }

    /** Per row: the predicted value, or the class probabilities. */
    private static double[][] predict(MatrixOps ops, SavedModel saved, Task task, List<double[]> features) {
        Matrix outputs = saved.predict(ops.fromArray(features.toArray(new double[0][])));
        return task.kind() == Task.Kind.REGRESSION ? ops.toArray(outputs)
                : Scores.probabilities(task.kind(), saved.model(), ops, outputs);
    }

    /**
     * The row, or the row with an error if its {@code result} is NaN or infinite (inputs so large that the
     * network's sums overflow): a number that is not one is no prediction.
     */
    private static PredictionRows.Row finite(PredictionRows.Row row, double[] result, Path data) {
        for (double value : result) {
            if (!Double.isFinite(value)) {
                return new PredictionRows.Row(row.line(), null, data + " line " + row.line() + ": the model's output"
                        + " is " + value + ", not a number it can predict from (are the values far larger than in"
                        + " the training data?)");
            }
        }
        return row;
    }

    private static String header(Task task) {
        StringJoiner header = new StringJoiner(",").add("line").add("prediction");
        task.classes().forEach(c -> header.add("p_" + Format.value(c)));
        return header.add("error").toString();
    }

    private static String line(Task task, int lineNumber, double[] result) {
        StringJoiner line = new StringJoiner(",").add(String.valueOf(lineNumber));
        if (task.kind() == Task.Kind.REGRESSION) {
            line.add(Double.toString(result[0]));
        } else {
            int best = 0;
            for (int c = 1; c < result.length; c++) {
                best = result[c] > result[best] ? c : best;
            }
            line.add(Format.value(task.classes().get(best)));
            for (double p : result) {
                line.add(Double.toString(p));
            }
        }
        return line.add("").toString();
    }

    private static String failed(Task task, PredictionRows.Row row) {
        return row.line() + "," + ",".repeat(task.classes().size()) + ",\"" + row.error().replace("\"", "\"\"") + "\"";
    }
}
