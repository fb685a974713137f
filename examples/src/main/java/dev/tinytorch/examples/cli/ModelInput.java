package dev.tinytorch.examples.cli;

import dev.tinytorch.nn.data.CsvTable;
import dev.tinytorch.nn.data.Excerpt;
import dev.tinytorch.nn.io.SavedModel;
import dev.tinytorch.nn.io.Task;
import java.util.List;

/**
 * A CSV file read for a saved model: the model's feature columns picked by name, in the model's order (the file
 * may order its columns differently and hold others), and the targets turned into the model's class indices.
 */
final class ModelInput {

    private ModelInput() {
    }

    /**
     * The task a model was saved with.
     *
     * @throws CommandFailure if it was saved without one (not by {@code tinytorch train})
     */
    static Task task(SavedModel model, String directory) {
        return model.task().orElseThrow(() -> new CommandFailure(directory + ": the model has no task description"
                + " (feature and target columns) in its config.json; save it with 'tinytorch train' or with"
                + " SavedModel.withTask"));
    }

    /**
     * The model's feature columns of {@code table}, one row per sample.
     *
     * @throws CommandFailure naming the first missing column and the columns the model needs
     */
    static double[][] features(CsvTable table, Task task) {
        checkColumns(table.source(), table.columns(), task);
        double[][] columns = new double[task.features().size()][];
        for (int j = 0; j < columns.length; j++) {
            columns[j] = table.column(task.features().get(j));
        }
        double[][] rows = new double[table.rowCount()][columns.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < columns.length; j++) {
                rows[i][j] = columns[j][i];
            }
        }
        return rows;
    }

    /** Throws unless {@code columns} (of the file {@code source}) include every feature of {@code task}. */
    static void checkColumns(String source, List<String> columns, Task task) {
        for (String feature : task.features()) {
            if (!columns.contains(feature)) {
                throw new CommandFailure(source + ": no column '" + feature + "', which the model was trained on;"
                        + " it needs " + Excerpt.list(task.features()));
            }
        }
    }

    /**
     * The class index of each value of {@code y}, the target column {@code target} of {@code source}.
     *
     * @throws CommandFailure naming the data row and value of the first target that is not one of {@code classes}
     */
    static double[] classIndices(List<Double> classes, double[] y, String source, String target) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            int index = classes.indexOf(y[i]);
            if (index < 0) {
                throw new CommandFailure(source + ": data row " + (i + 1) + " has " + target + " = "
                        + Format.value(y[i]) + ", which is not a class the model knows (" + Format.values(classes)
                        + ")");
            }
            out[i] = index;
        }
        return out;
    }
}
