package dev.tinytorch.nn.io;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.Standardizer;
import java.util.Objects;
import java.util.Optional;

/**
 * A trained model together with what is needed to use it on raw data: the preprocessing fitted on the training
 * set and a description of the task. It is what {@link ModelFiles} saves and loads as one unit, since a network
 * fed unstandardised inputs, or inputs in another column order, silently predicts nonsense.
 */
public final class SavedModel {

    private final Sequential model;
    private final Standardizer standardizer;
    private final Task task;

    /** The bare {@code model}: inputs are used as they are and nothing is known about the task. */
    public SavedModel(Sequential model) {
        this(model, null, null);
    }

    private SavedModel(Sequential model, Standardizer standardizer, Task task) {
        this.model = Objects.requireNonNull(model, "model");
        this.standardizer = standardizer;
        this.task = task;
        if (standardizer != null && task != null && standardizer.features() != task.features().size()) {
            throw new IllegalArgumentException("SavedModel: the standardizer has " + standardizer.features()
                    + " columns but the task names " + task.features().size() + " features " + task.features());
        }
    }

    /**
     * This model with inputs standardised by {@code standardizer} before the network sees them.
     *
     * @throws IllegalArgumentException if its column count differs from the task's features
     */
    public SavedModel withStandardizer(Standardizer standardizer) {
        return new SavedModel(model, Objects.requireNonNull(standardizer, "standardizer"), task);
    }

    /**
     * This model described by {@code task}.
     *
     * @throws IllegalArgumentException if the task's feature count differs from the standardizer's columns
     */
    public SavedModel withTask(Task task) {
        return new SavedModel(model, standardizer, Objects.requireNonNull(task, "task"));
    }

    /** The network and its loss. */
    public Sequential model() {
        return model;
    }

    /** The preprocessing fitted on the training data, if any. */
    public Optional<Standardizer> standardizer() {
        return Optional.ofNullable(standardizer);
    }

    /** What the model predicts from which columns, if known. */
    public Optional<Task> task() {
        return Optional.ofNullable(task);
    }

    /**
     * The network's outputs for raw inputs {@code x} ({@code n x d} on the model's backend): standardised first if
     * there is a standardizer, then a forward pass in evaluation mode. The result is valid until the model's next
     * forward pass.
     */
    public Matrix predict(Matrix x) {
        Matrix input = standardizer == null ? x : standardizer.transform(x);
        model.eval();
        return model.forward(input);
    }

    @Override
    public String toString() {
        return "SavedModel[" + model + (standardizer == null ? "" : ", " + standardizer)
                + (task == null ? "" : ", " + task) + "]";
    }
}
