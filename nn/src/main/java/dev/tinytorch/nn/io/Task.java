package dev.tinytorch.nn.io;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a saved model predicts and from what: the kind of task, the target column, the input columns in the order
 * the model expects them, and for classification the original target value of each class, so that a program
 * loading the model can read a new CSV file by column name and report classes as the user wrote them.
 *
 * @param kind     binary classification, multi-class classification or regression
 * @param target   the name of the target column in the training data
 * @param features the input column names, in the order of the model's inputs
 * @param classes  for classification, the target value of class {@code i} (for binary, {@code classes[1]} is the
 *                 class whose probability the model outputs); empty for regression
 */
public record Task(Kind kind, String target, List<String> features, List<Double> classes) {

    /** The kinds of task, written to {@code config.json} in lower case. */
    public enum Kind {
        /** Two classes; the model outputs the probability of the second. */
        BINARY,
        /** Two or more classes; the model outputs one score per class. */
        MULTICLASS,
        /** A real-valued target. */
        REGRESSION;

        /** The lower-case name, as written to files and typed on command lines. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The kind whose {@link #id()} is {@code id}.
         *
         * @throws IllegalArgumentException naming the kinds there are
         */
        public static Kind fromId(String id) {
            for (Kind kind : values()) {
                if (kind.id().equals(id)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown task '" + id + "'; expected binary, multiclass or regression");
        }
    }

    /**
     * Checks and copies the description.
     *
     * @throws IllegalArgumentException if there are no or duplicate features, duplicate or non-finite classes, or
     *                                  a number of classes that does not fit the kind
     */
    public Task {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        features = List.copyOf(features);
        classes = List.copyOf(classes);
        if (features.isEmpty() || new HashSet<>(features).size() != features.size()) {
            throw new IllegalArgumentException("Task: features must be distinct column names, at least one, got "
                    + features);
        }
        if (new HashSet<>(classes).size() != classes.size() || classes.stream().anyMatch(c -> !Double.isFinite(c))) {
            throw new IllegalArgumentException("Task: classes must be distinct finite values, got " + classes);
        }
        boolean fits = switch (kind) {
            case BINARY -> classes.size() == 2;
            case MULTICLASS -> classes.size() >= 2;
            case REGRESSION -> classes.isEmpty();
        };
        if (!fits) {
            throw new IllegalArgumentException("Task: a " + kind.id() + " task cannot have " + classes.size()
                    + " classes " + classes);
        }
    }
}
