package dev.tinytorch.nn.metrics;

import java.util.Arrays;

/**
 * Counts of (actual class, predicted class) pairs: the table every classification score is read from, and the one
 * to print to see which classes a model confuses.
 *
 * <p>Rows are the actual classes, columns the predicted ones, as in scikit-learn's {@code confusion_matrix}. The
 * macro averages ({@link #macroPrecision()}, {@link #macroRecall()}, {@link #macroF1()}) are unweighted means over
 * the classes that occur among the targets or the predictions (scikit-learn's default set of labels); a class never
 * predicted has precision 0 and a class that never occurs has recall 0, scikit-learn's {@code zero_division=0}.
 */
public final class ConfusionMatrix {

    private final int[][] counts;
    private final long total;

    private ConfusionMatrix(int[][] counts) {
        this.counts = counts;
        long sum = 0;
        for (int[] row : counts) {
            for (int c : row) {
                sum += c;
            }
        }
        this.total = sum;
    }

    /**
     * Counts the pairs {@code (actual[i], predicted[i])} of {@code classes} classes.
     *
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or hold an index outside
     *                                  {@code [0, classes)}
     */
    public static ConfusionMatrix of(int[] actual, int[] predicted, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("ConfusionMatrix: at least one class is needed, got " + classes);
        }
        if (actual.length != predicted.length || actual.length == 0) {
            throw new IllegalArgumentException("ConfusionMatrix: " + actual.length + " actual and " + predicted.length
                    + " predicted classes; both need the same, non-zero number of samples");
        }
        int[][] counts = new int[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            checkClass("actual", i, actual[i], classes);
            checkClass("predicted", i, predicted[i], classes);
            counts[actual[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(counts);
    }

    private static void checkClass(String which, int sample, int value, int classes) {
        if (value < 0 || value >= classes) {
            throw new IllegalArgumentException("ConfusionMatrix: sample " + sample + " has " + which + " class "
                    + value + ", outside [0, " + classes + ")");
        }
    }

    /** Number of classes {@code k}; the table is {@code k x k}. */
    public int classes() {
        return counts.length;
    }

    /** How many samples of class {@code actual} were predicted as {@code predicted}. */
    public int count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** Number of samples counted. */
    public long total() {
        return total;
    }

    /** The fraction of samples on the diagonal. */
    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < classes(); c++) {
            correct += counts[c][c];
        }
        return (double) correct / total;
    }

    /** Of the samples predicted as {@code c}, the fraction that are {@code c}; 0 if none was predicted as {@code c}. */
    public double precision(int c) {
        return ratio(counts[c][c], predictedAs(c));
    }

    /** Of the samples of class {@code c}, the fraction predicted as {@code c}; 0 if there are none. */
    public double recall(int c) {
        return ratio(counts[c][c], actually(c));
    }

    /** The harmonic mean of precision and recall of class {@code c}, {@code 2 tp / (2 tp + fp + fn)}; 0 if {@code tp = 0}. */
    public double f1(int c) {
        long tp = counts[c][c];
        return ratio(2 * tp, actually(c) + predictedAs(c));
    }

    /** The mean of {@link #precision(int)} over the classes present (see the class comment). */
    public double macroPrecision() {
        double sum = 0;
        for (int c = 0; c < classes(); c++) {
            sum += present(c) ? precision(c) : 0;
        }
        return sum / presentClasses();
    }

    /** The mean of {@link #recall(int)} over the classes present (see the class comment). */
    public double macroRecall() {
        double sum = 0;
        for (int c = 0; c < classes(); c++) {
            sum += present(c) ? recall(c) : 0;
        }
        return sum / presentClasses();
    }

    /** The mean of {@link #f1(int)} over the classes present (see the class comment); not the F1 of the macro means. */
    public double macroF1() {
        double sum = 0;
        for (int c = 0; c < classes(); c++) {
            sum += present(c) ? f1(c) : 0;
        }
        return sum / presentClasses();
    }

    private long actually(int c) {
        long sum = 0;
        for (int p = 0; p < classes(); p++) {
            sum += counts[c][p];
        }
        return sum;
    }

    private long predictedAs(int c) {
        long sum = 0;
        for (int a = 0; a < classes(); a++) {
            sum += counts[a][c];
        }
        return sum;
    }

    private boolean present(int c) {
        return actually(c) > 0 || predictedAs(c) > 0;
    }

    private int presentClasses() {
        int present = 0;
        for (int c = 0; c < classes(); c++) {
            present += present(c) ? 1 : 0;
        }
        return present;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix other && Arrays.deepEquals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }

    /**
     * The table with a header row of predicted classes and one row per actual class, right-aligned, e.g.
     * <pre>
     * actual \ predicted   0   1
     *                  0  40   2
     *                  1   1  71
     * </pre>
     */
    @Override
    public String toString() {
        int width = Math.max(String.valueOf(classes() - 1).length(), String.valueOf(maxCount()).length()) + 2;
        String corner = "actual \\ predicted";
        StringBuilder s = new StringBuilder(corner);
        for (int p = 0; p < classes(); p++) {
            s.append(pad(String.valueOf(p), width));
        }
        for (int a = 0; a < classes(); a++) {
            s.append('\n').append(pad(String.valueOf(a), corner.length()));
            for (int p = 0; p < classes(); p++) {
                s.append(pad(String.valueOf(counts[a][p]), width));
            }
        }
        return s.toString();
    }

    private int maxCount() {
        int max = 0;
        for (int[] row : counts) {
            for (int c : row) {
                max = Math.max(max, c);
            }
        }
        return max;
    }

    private static String pad(String text, int width) {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }
}
