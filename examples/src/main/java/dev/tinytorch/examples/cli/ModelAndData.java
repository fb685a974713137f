package dev.tinytorch.examples.cli;

import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.io.ModelFiles;
import dev.tinytorch.nn.io.SavedModel;
import dev.tinytorch.nn.io.Task;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --model} and {@code --data} options of the commands that apply a saved model to a CSV file (evaluate
 * and predict), and loading that model. The file means something different to each command, so the description of
 * {@code --data} is the command's own, in the resource bundle {@value #DESCRIPTIONS}.
 */
final class ModelAndData {

    /** The resource bundle of the commands that mix this in: their {@code --data} descriptions. */
    static final String DESCRIPTIONS = "dev.tinytorch.examples.cli.ModelAndData";

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model saved by 'tinytorch train'.")
    private Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", descriptionKey = "data")
    private Path data;

    /** A saved model on the backend it was loaded on, and the task it was trained for. */
    record Loaded(MatrixOps ops, SavedModel saved, Task task) {
    }

    /**
     * The model of {@code --model} on the backend of {@code backend}.
     *
     * @throws CommandFailure if the model was saved without a task (not by {@code tinytorch train})
     */
    Loaded load(BackendOption backend) throws IOException {
        MatrixOps ops = backend.resolve();
        SavedModel saved = ModelFiles.load(model, ops);
        return new Loaded(ops, saved, ModelInput.task(saved, model.toString()));
    }

    /** The model's directory, as given. */
    Path model() {
        return model;
    }

    /** The CSV file, as given. */
    Path data() {
        return data;
    }
}
