package dev.tinytorch.examples.cli;

import dev.tinytorch.nn.data.Excerpt;
import dev.tinytorch.nn.io.Task;
import java.util.List;
import java.util.TreeSet;

/**
 * What the target column asks for: the task (given with {@code --task}, or inferred from the values) and, for
 * classification, the classes as the sorted distinct values, class {@code i} being the {@code i}-th smallest.
 *
 * <p>Inference: two distinct whole numbers make a binary task, three to {@value #MAX_INFERRED_CLASSES} a
 * multi-class one, anything else (fractions, or more distinct values) regression. A column with a single value
 * cannot be learned from and is an error.
 *
 * @param kind    the task
 * @param classes the class values, ascending; empty for regression
 * @param reason  how the task was chosen, for the user
 */
record TargetColumn(Task.Kind kind, List<Double> classes, String reason) {

    /** Most distinct whole-number values a target may have and still be inferred to be classes. */
    static final int MAX_INFERRED_CLASSES = 20;
    /** Most classes a multi-class task may have. */
    static final int MAX_CLASSES = 1000;

    /**
     * The task of the target column {@code name} holding {@code y}, {@code requested} if not {@code null}.
     *
     * @throws CommandFailure if the column has one value only, or its values do not fit the requested task
     */
    static TargetColumn of(String name, double[] y, Task.Kind requested) {
        TreeSet<Double> distinct = new TreeSet<>();
        boolean whole = true;
        for (double v : y) {
            distinct.add(v);
            whole &= v == Math.rint(v);
        }
        List<Double> values = List.copyOf(distinct);
        if (values.size() < 2) {
            throw new CommandFailure("the target column '" + Excerpt.of(name) + "' has the same value ("
                    + Format.value(y[0]) + ") in all " + y.length + " rows: there is nothing to learn; pick another"
                    + " column with --target");
        }
        Task.Kind kind = requested;
        String reason = "--task " + (requested == null ? "" : requested.id());
        if (kind == null) {
            boolean classes = whole && values.size() <= MAX_INFERRED_CLASSES;
            kind = !classes ? Task.Kind.REGRESSION : values.size() == 2 ? Task.Kind.BINARY : Task.Kind.MULTICLASS;
            reason = "inferred: '" + Excerpt.of(name) + "' has " + values.size() + " distinct "
                    + (whole ? "whole-number " : "") + "values" + (classes ? " (" + Format.values(values) + ")" : "")
                    + "; override with --task";
        }
        if (kind == Task.Kind.BINARY && values.size() != 2) {
            throw new CommandFailure("--task binary needs a target with exactly 2 distinct values, but '"
                    + Excerpt.of(name) + "' has " + values.size() + ": " + Format.values(values));
        }
        if (kind == Task.Kind.MULTICLASS && values.size() > MAX_CLASSES) {
            throw new CommandFailure("--task multiclass: '" + Excerpt.of(name) + "' has " + values.size()
                    + " distinct values, more than the " + MAX_CLASSES + " classes allowed; is it a regression target?");
        }
        return new TargetColumn(kind, kind == Task.Kind.REGRESSION ? List.of() : values, reason);
    }

    /** The targets to train on: class indices for classification, the values themselves for regression. */
    double[] encode(double[] y, String source, String target) {
        return kind == Task.Kind.REGRESSION ? y.clone() : ModelInput.classIndices(classes, y, source, target);
    }
}
