package dev.tinytorch.examples.cli;

import dev.tinytorch.nn.data.Excerpt;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The warning {@code tinytorch train} gives about input columns holding one value in every row: such a column
 * carries no information (it is kept, as zeros after standardisation), which is worth knowing. Many of them, such
 * as the blank border pixels of an image data set, make one line naming the first few, not a line each.
 */
final class ConstantColumns {

    private static final int NAMED = 10;

    private ConstantColumns() {
    }

    /** Prints to {@code stderr} at most one line about the constant columns of {@code x}, named by {@code names}. */
    static void warn(List<String> names, double[][] x, PrintStream stderr) {
        List<Integer> constant = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            boolean same = true;
            for (int i = 1; i < x.length && same; i++) {
                same = x[i][j] == x[0][j];
            }
            if (same) {
                constant.add(j);
            }
        }
        if (constant.size() == 1) {
            int j = constant.get(0);
            stderr.println("tinytorch train: warning: column '" + Excerpt.of(names.get(j)) + "' has the same value ("
                    + Format.value(x[0][j]) + ") in every row; it cannot help the model");
        } else if (constant.size() > 1) {
            List<String> named = new ArrayList<>();
            for (int j : constant.subList(0, Math.min(NAMED, constant.size()))) {
                named.add(Excerpt.of(names.get(j)));
            }
            stderr.println(String.format(Locale.ROOT, "tinytorch train: warning: %,d columns have the same value in"
                    + " every row and cannot help the model: %s%s", constant.size(), String.join(", ", named),
                    constant.size() > NAMED ? ", ... (first " + NAMED + ")" : ""));
        }
    }
}
