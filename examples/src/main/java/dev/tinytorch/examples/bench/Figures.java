package dev.tinytorch.examples.bench;

import java.util.Locale;

/** How the tables write a figure: about three significant digits, never exponent notation, always a dot. */
public final class Figures {

    private Figures() {
    }

    /** {@code 1234.5} as {@code 1235}, {@code 12.345} as {@code 12.3}, {@code 0.012345} as {@code 0.0123}. */
    public static String format(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        double magnitude = Math.abs(x);
        if (magnitude == 0 || magnitude >= 100) {
            return String.format(Locale.ROOT, "%.0f", x);
        }
        int decimals = Math.min(6, 2 - (int) Math.floor(Math.log10(magnitude)));
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    /** The median with the range of the samples, e.g. {@code 12.3 (11.9..12.8)}; the median alone for one sample. */
    public static String cell(Stats stats) {
        String median = format(stats.median());
        return stats.samples() == 1 ? median
                : median + " (" + format(stats.min()) + ".." + format(stats.max()) + ")";
    }
}
