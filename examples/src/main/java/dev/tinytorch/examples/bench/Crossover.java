package dev.tinytorch.examples.bench;

import dev.tinytorch.api.MatrixOps;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Where a backend with a fixed cost per call (ND4J: a JNI crossing and native bookkeeping) starts to beat one
 * without (plain Java): the time of a square product on both, for growing sizes, measured alternately so that a
 * change of load on the machine affects both alike.
 */
public final class Crossover {

    /** Unit of the times compared. */
    public static final String UNIT = "us/call";

    /**
     * Both backends' time per call for an {@code n x n} product.
     *
     * @param n      the size
     * @param first  the backend without a per-call overhead (the incumbent)
     * @param second the backend with one (the challenger)
     */
    public record Point(int n, Result first, Result second) {

        /** Whether the second backend's median time is below the first's. */
        public boolean secondWins() {
            return second.stats().median() < first.stats().median();
        }
    }

    private Crossover() {
    }

    /** Times an {@code n x n} product on both backends at every size, alternating between them. */
    public static List<Point> measure(MatrixOps first, MatrixOps second, int[] sizes, Sampler sampler,
                                      PrintStream progress) {
        List<Point> points = new ArrayList<>();
        for (int n : sizes) {
            GemmWorkload product = GemmWorkload.square(n);
            Point p = new Point(n, time(first, product, sampler), time(second, product, sampler));
            progress.printf(Locale.ROOT, "  n=%-5d %s %s, %s %s %s%n", n, first.name(),
                    Figures.format(p.first().stats().median()), second.name(),
                    Figures.format(p.second().stats().median()), UNIT);
            points.add(p);
        }
        return points;
    }

    private static Result time(MatrixOps ops, GemmWorkload product, Sampler sampler) {
        double[] nanos = sampler.nanosPerOperation(product.prepare(ops));
        double[] micros = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            micros[i] = nanos[i] / 1e3;
        }
        return new Result(ops.name(), ops.dtype(), product.name(), UNIT, false, Stats.of(micros));
    }

    /**
     * The smallest measured size from which the second backend is faster at that size and every larger one
     * measured; empty if it is not faster at the largest size.
     */
    public static OptionalInt size(List<Point> points) {
        OptionalInt from = OptionalInt.empty();
        for (int i = points.size() - 1; i >= 0 && points.get(i).secondWins(); i--) {
            from = OptionalInt.of(points.get(i).n());
        }
        return from;
    }

    /** The sweep as a table: size, both medians with ranges, and the ratio second/first. */
    public static String render(List<Point> points) {
        if (points.isEmpty()) {
            return "";
        }
        String first = points.get(0).first().backend();
        String second = points.get(0).second().backend();
        TextTable table = new TextTable(List.of("n x n * n x n, " + UNIT, first, second, second + "/" + first));
        for (Point p : points) {
            table.add(List.of(Integer.toString(p.n()), Figures.cell(p.first().stats()),
                    Figures.cell(p.second().stats()),
                    Figures.format(p.second().stats().median() / p.first().stats().median())));
        }
        return table.render();
    }

    /** One sentence stating the crossover, or that there is none in the measured range. */
    public static String verdict(List<Point> points) {
        if (points.isEmpty()) {
            return "crossover: not measured";
        }
        String first = points.get(0).first().backend();
        String second = points.get(0).second().backend();
        int largest = points.get(points.size() - 1).n();
        OptionalInt n = size(points);
        return n.isPresent()
                ? String.format(Locale.ROOT, "crossover: %s is faster than %s from n = %d on (measured up to %d);"
                        + " below, its per-call overhead loses", second, first, n.getAsInt(), largest)
                : String.format(Locale.ROOT, "crossover: none up to n = %d; %s is not faster than %s at the"
                        + " largest size measured%s", largest, second, first, wins(points));
    }

    /** The sizes at which the second backend was faster anyway, as a clause, or nothing if there are none. */
    private static String wins(List<Point> points) {
        List<String> sizes = new ArrayList<>();
        for (Point p : points) {
            if (p.secondWins()) {
                sizes.add(Integer.toString(p.n()));
            }
        }
        return sizes.isEmpty() ? "" : " (faster at n = " + String.join(", ", sizes) + ")";
    }
}
