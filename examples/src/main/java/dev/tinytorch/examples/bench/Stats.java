package dev.tinytorch.examples.bench;

import java.util.Arrays;

/**
 * The summary of repeated measurements of one figure: median, quartiles and extremes.
 *
 * <p>It exists because a single timing on a shared machine says little: the median is what the tables quote, and
 * the spread (min..max, or the inter-quartile range) says how far to trust it. Quartiles are interpolated
 * linearly between order statistics, as numpy's default {@code percentile}.
 *
 * @param median  the middle value (the mean of the two middle ones for an even count)
 * @param q1      the 25th percentile
 * @param q3      the 75th percentile
 * @param min     the smallest value
 * @param max     the largest value
 * @param samples how many values were summarised
 */
public record Stats(double median, double q1, double q3, double min, double max, int samples) {

    /**
     * Summarises {@code values}.
     *
     * @throws IllegalArgumentException if there are none, or one is NaN
     */
    public static Stats of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("Stats: no values to summarise");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (Double.isNaN(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("Stats: a value is NaN in " + Arrays.toString(values));
        }
        return new Stats(percentile(sorted, 50), percentile(sorted, 25), percentile(sorted, 75),
                sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    /** The {@code p}-th percentile ({@code 0 <= p <= 100}) of ascending {@code sorted}, interpolated linearly. */
    static double percentile(double[] sorted, double p) {
        double position = p / 100.0 * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
