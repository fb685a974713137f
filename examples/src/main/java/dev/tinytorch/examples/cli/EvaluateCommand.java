package dev.tinytorch.examples.cli;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.CsvReader;
import dev.tinytorch.nn.data.CsvTable;
import dev.tinytorch.nn.io.Task;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tinytorch evaluate}: how a saved model does on a labelled CSV file, with the confusion matrix for
 * classification. The file's columns are matched to the model's by name.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        resourceBundle = ModelAndData.DESCRIPTIONS,
        description = {"Score a saved model on a CSV file that has the model's input columns and its target column:",
                "accuracy, macro precision/recall/F1, log loss and the confusion matrix for classification;",
                "RMSE, MAE and R² for regression. IDX images and labels (--data images.idx --labels labels.idx)",
                "are read as well as CSV."})
final class EvaluateCommand implements Callable<Integer> {

    @ParentCommand
    private TinyTorch root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ModelAndData input;

    @Option(names = "--labels", paramLabel = "FILE.idx",
            description = "The IDX labels of the IDX images in --data (MNIST's format, gzip or not).")
    private Path labels;

    @Mixin
    private BackendOption backend;

    @Override
    public Integer call() throws IOException {
        ModelAndData.Loaded model = input.load(backend);
        MatrixOps ops = model.ops();
        Task task = model.task();
        Path data = input.data();
        ImageData.checkLabels(spec, data, labels);
        double[][] x;
        double[] y;
        if (labels != null) {
            ImageData images = ImageData.read(data, labels);
            x = images.pixels();
            y = images.labels();
            ModelInput.checkColumns(data.toString(), images.featureNames(), task);
            if (x[0].length != task.features().size()) {
                throw new CommandFailure(data + ": images of " + images.shape() + " but the model takes "
                        + task.features().size() + " inputs");
            }
        } else {
            CsvTable table = CsvReader.read(data);
            x = ModelInput.features(table, task);
            if (!table.columns().contains(task.target())) {
                throw new CommandFailure(data + ": no target column '" + task.target() + "' to compare the"
                        + " predictions with; 'tinytorch predict' predicts without one");
            }
            y = table.column(task.target());
        }
        Matrix outputs = model.saved().predict(ops.fromArray(x));
        double[] values = ops.toRowMajor(outputs);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new CommandFailure(data + ": data row " + (i / outputs.cols() + 1) + " gives the model's"
                        + " output " + values[i] + ", not a number it can be scored by (are the values far larger"
                        + " than in the training data?)");
            }
        }
        List<String> report = task.kind() == Task.Kind.REGRESSION
                ? Scores.regression(ops.toRowMajor(outputs), y)
                : Scores.classification(ops, task.classes(),
                        Scores.probabilities(task.kind(), model.saved().model(), ops, outputs),
                        ModelInput.classIndices(task.classes(), y, data.toString(), task.target()));
        PrintStream out = root.out();
        out.println("model: " + input.model() + " (" + task.kind().id() + ", target '" + task.target() + "')");
        out.println("data: " + data + (labels != null ? " and " + labels : "") + ", " + x.length + " rows");
        report.forEach(out::println);
        return TinyTorch.OK;
    }
}
