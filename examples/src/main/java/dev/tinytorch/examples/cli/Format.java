package dev.tinytorch.examples.cli;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the command prints numbers: class labels as written in the data, scores with a fixed number of digits. */
final class Format {

    private static final int SHOWN_VALUES = 10;

    private Format() {
    }

    /** A value as a person wrote it: {@code 1} rather than {@code 1.0}, otherwise Java's shortest exact form. */
    static String value(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A score with four decimals. */
    static String score(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Up to ten values, then how many more there are. */
    static String values(List<Double> values) {
        String shown = values.stream().limit(SHOWN_VALUES).map(Format::value).collect(Collectors.joining(", "));
        return values.size() <= SHOWN_VALUES ? shown : shown + ", ... (" + values.size() + " in all)";
    }
}
