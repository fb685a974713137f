package dev.tinytorch.api.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The special values part of the contract: every element-wise, broadcast, reduction and argmax operation, on NaN,
 * the infinities, {@code -0.0}, subnormals, tiny and huge values, against the scalar definitions of
 * {@link UnaryOp}, {@link BinaryOp} and {@link MatrixOps}, bit for bit where a definition is exact (see
 * {@link Tolerance}). {@link MatrixOpsContract} runs it as a nested class, so every backend does, in its precision.
 *
 * <p>In float32 the expected values are computed in double from the inputs as the backend holds them (read back
 * after creation: 1e300 is infinite, 1e-300 is zero), and the values also include float32's own special values:
 * its subnormals, its largest numbers and the inputs where its exp overflows and underflows.
 *
 * <p>Each special value is tried at every position of rows and columns of {@link #LENGTHS} elements: lengths around
 * the widths of vector registers, where a backend's vector loop hands over to its tail loop, and where short rows
 * take other paths than long ones.
 */
public abstract class SpecialValuesContract {

    /** Line lengths: one, one less, equal and one more than a vector of eight, and long lines with and without a tail. */
    static final int[] LENGTHS = {1, 7, 8, 9, 64, 65};

    /** The values every operation meets, each at every position of every line length. */
    static final double[] VALUES = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
        Double.MIN_VALUE, -Double.MIN_VALUE, 3 * Double.MIN_VALUE, Double.MIN_NORMAL / 2, -Double.MIN_NORMAL / 3,
        Double.MIN_NORMAL, 1e-300, -1e-300, 1e-17, -1e-17, 1e-9, -2.5e-8,
        0.5, -0.5, 1.0, -1.0, 2.5, -3.75, 19.0, -21.0, 710.0, -745.5, -760.0,
        1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE,
    };

    /** The special values of float32 that are ordinary doubles, added to {@link #VALUES} in float32. */
    static final double[] FLOAT_VALUES = {
        Float.MIN_VALUE, -Float.MIN_VALUE, 3 * Float.MIN_VALUE, Float.MIN_NORMAL / 2, -Float.MIN_NORMAL / 3,
        Float.MIN_NORMAL, 1e-40, Float.MAX_VALUE, -Float.MAX_VALUE, 3e38, 88.8, -103.5, -110.0,
    };

    /** Bounds for clip: ordinary, those of a clipped probability, signed zeros, infinite and subnormal. */
    static final double[][] CLIP_BOUNDS = {
        {-1.0, 1.0}, {1e-7, 1.0 - 1e-7}, {-0.0, 0.0}, {0.0, 0.0}, {-0.0, -0.0},
        {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, {Double.MIN_VALUE, 1e300}, {-2.0, -2.0},
    };

    private static final EnumSet<UnaryOp> FUNCTIONS = EnumSet.of(UnaryOp.EXP, UnaryOp.LOG, UnaryOp.SIGMOID,
            UnaryOp.TANH);

    /** The backend under test. */
    protected abstract MatrixOps ops();

    private Tolerance tol() {
        return Tolerance.of(ops().dtype());
    }

    /** The values every operation meets in the backend's precision: {@link #VALUES}, and in float32 its own too. */
    private double[] values() {
        return tol().dtype() == DType.FLOAT32
                ? DoubleStream.concat(Arrays.stream(VALUES), Arrays.stream(FLOAT_VALUES)).toArray()
                : VALUES;
    }

    /** {@link #values()} without the largest finite ones, so that no order of a sum overflows where another does not. */
    private double[] summable() {
        return Arrays.stream(values())
                .filter(v -> Math.abs(v) != Double.MAX_VALUE && Math.abs(v) != Float.MAX_VALUE && Math.abs(v) != 3e38)
                .toArray();
    }

    /** {@code x} as the backend holds it: stored in a matrix and read back. */
    private double[] held(double[] x) {
        return ops().toRowMajor(ops().fromRowMajor(1, x.length, x));
    }

    private double[][] held(double[][] x) {
        return ops().toArray(ops().fromArray(x));
    }

    // ---- shapes and data ---------------------------------------------------------------------------------------

    /** The shapes each length is tried in: a row, a column, and three of either, so that broadcasts broadcast. */
    static Stream<int[]> shapes() {
        List<int[]> shapes = new ArrayList<>();
        for (int n : LENGTHS) {
            shapes.add(new int[] {1, n});
            shapes.add(new int[] {n, 1});
            shapes.add(new int[] {3, n});
            shapes.add(new int[] {n, 3});
        }
        return shapes.stream();
    }

    /** {@code size} elements of {@code pool} in turn from element {@code start}, {@code stride} apart. */
    static double[] cycle(double[] pool, int size, int start, int stride) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = pool[Math.floorMod(start + (long) i * stride, pool.length)];
        }
        return out;
    }

    static double[][] rows(double[] flat, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    static double[] flat(double[][] x) {
        return Arrays.stream(x).flatMapToDouble(Arrays::stream).toArray();
    }

    private Matrix matrix(double[] flat, int rows, int cols) {
        return ops().fromRowMajor(rows, cols, flat);
    }

    private static String at(double[] flat, int i) {
        return Bits.describe(flat[i]);
    }

    private Bits.Comparison comparisonFor(UnaryOp op) {
        return FUNCTIONS.contains(op) ? tol()::function : tol()::exact;
    }

    // ---- element-wise ------------------------------------------------------------------------------------------

    static Stream<Arguments> unaryCases() {
        return Arrays.stream(UnaryOp.values()).flatMap(op -> shapes().map(s -> Arguments.of(op, s[0], s[1])));
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("unaryCases")
    void mapFollowsTheDefinition(UnaryOp op, int rows, int cols) {
        int size = rows * cols;
        Matrix out = ops().zeros(rows, cols);
        double[] values = values();
        for (int start = 0; start < values.length; start++) {
            double[] x = held(cycle(values, size, start, 1));
            double[] expected = Arrays.stream(x).map(op::apply).toArray();
            Matrix xm = matrix(x, rows, cols);
            ops().map(op, xm, out);
            Bits.assertAll("map " + op + " " + rows + "x" + cols, expected, ops().toRowMajor(out),
                    comparisonFor(op), i -> at(x, i));
            ops().map(op, xm, xm);
            Bits.assertAll("map " + op + " in place " + rows + "x" + cols, expected, ops().toRowMajor(xm),
                    comparisonFor(op), i -> at(x, i));
        }
    }

    /**
     * TANH near 0, where a formula such as {@code (1 - e^-2x) / (1 + e^-2x)} loses every digit: tanh(x) is x to
     * within an ulp for |x| below 1e-8, and within the stated ulps on a sweep over the whole range.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = UnaryOp.class, names = {"TANH", "SIGMOID", "EXP", "LOG"})
    void functionsAreAccurateOverTheWholeRange(UnaryOp op) {
        int size = 4001;
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            double magnitude = Math.pow(10.0, -320.0 + 323.0 * i / (size - 1)); // 1e-320 to 1e3
            x[i] = i % 2 == 0 ? magnitude : -magnitude;
        }
        x = held(x);
        double[] expected = Arrays.stream(x).map(op::apply).toArray();
        Matrix out = ops().zeros(1, size);
        ops().map(op, matrix(x, 1, size), out);
        double[] input = x;
        Bits.assertAll("map " + op + " over the range", expected, ops().toRowMajor(out), tol()::function,
                i -> at(input, i));
    }

    static Stream<Arguments> binaryCases() {
        return Arrays.stream(BinaryOp.values()).flatMap(op -> shapes().map(s -> Arguments.of(op, s[0], s[1])));
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("binaryCases")
    void zipFollowsTheDefinition(BinaryOp op, int rows, int cols) {
        int size = rows * cols;
        Matrix out = ops().zeros(rows, cols);
        double[] values = values();
        for (int start = 0; start < values.length; start++) {
            double[] a = held(cycle(values, size, start, 1));
            double[] b = held(cycle(values, size, 7 * start + 3, 5));
            double[] expected = new double[size];
            for (int i = 0; i < size; i++) {
                expected[i] = op.apply(a[i], b[i]);
            }
            ops().zip(op, matrix(a, rows, cols), matrix(b, rows, cols), out);
            Bits.assertAll("zip " + op + " " + rows + "x" + cols, expected, ops().toRowMajor(out), tol()::exact,
                    i -> "(" + at(a, i) + ", " + at(b, i) + ")");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BinaryOp.class)
    void everyPairOfValues(BinaryOp op) {
        double[] values = held(values());
        int n = values.length;
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        double[] expected = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = values[i / n];
            b[i] = values[i % n];
            expected[i] = op.apply(a[i], b[i]);
        }
        Matrix out = ops().zeros(n, n);
        ops().zip(op, matrix(a, n, n), matrix(b, n, n), out);
        Bits.assertAll("zip " + op + " of every pair", expected, ops().toRowMajor(out), tol()::exact,
                i -> "(" + at(a, i) + ", " + at(b, i) + ")");
        ops().broadcastRow(op, matrix(a, n, n), matrix(values, 1, n), out);
        Bits.assertAll("broadcastRow " + op + " of every pair", expected, ops().toRowMajor(out), tol()::exact,
                i -> "(" + at(a, i) + ", " + at(b, i) + ")");
        double[] expectedByColumn = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            expectedByColumn[i] = op.apply(b[i], values[i / n]);
        }
        ops().broadcastColumn(op, matrix(b, n, n), matrix(values, n, 1), out);
        Bits.assertAll("broadcastColumn " + op + " of every pair", expectedByColumn, ops().toRowMajor(out),
                tol()::exact, i -> "(" + at(b, i) + ", " + Bits.describe(values[i / n]) + ")");
    }

    @ParameterizedTest(name = "{0} {1}x{2}")
    @MethodSource("binaryCases")
    void broadcastsFollowTheDefinition(BinaryOp op, int rows, int cols) {
        int size = rows * cols;
        Matrix out = ops().zeros(rows, cols);
        double[] values = values();
        for (int start = 0; start < values.length; start++) {
            double[] x = held(cycle(values, size, start, 1));
            double[] row = held(cycle(values, cols, 5 * start + 1, 3));
            double[] column = held(cycle(values, rows, 3 * start + 2, 7));
            double[] expectedRow = new double[size];
            double[] expectedColumn = new double[size];
            for (int i = 0; i < size; i++) {
                expectedRow[i] = op.apply(x[i], row[i % cols]);
                expectedColumn[i] = op.apply(x[i], column[i / cols]);
            }
            ops().broadcastRow(op, matrix(x, rows, cols), matrix(row, 1, cols), out);
            Bits.assertAll("broadcastRow " + op + " " + rows + "x" + cols, expectedRow, ops().toRowMajor(out),
                    tol()::exact, i -> "(" + at(x, i) + ", " + at(row, i % cols) + ")");
            ops().broadcastColumn(op, matrix(x, rows, cols), matrix(column, rows, 1), out);
            Bits.assertAll("broadcastColumn " + op + " " + rows + "x" + cols, expectedColumn,
                    ops().toRowMajor(out), tol()::exact, i -> "(" + at(x, i) + ", " + at(column, i / cols) + ")");
        }
    }

    static Stream<Arguments> clipCases() {
        return Arrays.stream(CLIP_BOUNDS).flatMap(b -> shapes().map(s -> Arguments.of(b[0], b[1], s[0], s[1])));
    }

    @ParameterizedTest(name = "[{0}, {1}] {2}x{3}")
    @MethodSource("clipCases")
    void clipFollowsTheDefinition(double lo, double hi, int rows, int cols) {
        int size = rows * cols;
        Matrix out = ops().zeros(rows, cols);
        double[] values = values();
        for (int start = 0; start < values.length; start++) {
            double[] x = held(cycle(values, size, start, 1));
            double[] expected = Arrays.stream(x).map(v -> Math.min(Math.max(v, lo), hi)).toArray();
            ops().clip(matrix(x, rows, cols), lo, hi, out);
            Bits.assertAll("clip to [" + lo + ", " + hi + "] " + rows + "x" + cols, expected, ops().toRowMajor(out),
                    tol()::exact, i -> at(x, i));
        }
    }

    /** {@code (scale, shift)} pairs for affine, including the forms a backend may special-case. */
    static final double[][] AFFINE_FORMS = {{-1.5, 0.25}, {2.0, 0.0}, {1.0, -3.0}, {-1.0, 0.5}, {0.0, 1.0}};

    static Stream<Arguments> affineCases() {
        return Arrays.stream(AFFINE_FORMS).flatMap(f -> shapes().map(s -> Arguments.of(f[0], f[1], s[0], s[1])));
    }

    /**
     * {@code scale * x + shift}, which a backend may compute with one rounding (a fused multiply-add) or two, and
     * without adding a zero shift: NaN and the infinities exactly, other values within the rounding of either way.
     */
    @ParameterizedTest(name = "{0} x + {1}, {2}x{3}")
    @MethodSource("affineCases")
    void affineFollowsTheDefinition(double scale, double shift, int rows, int cols) {
        int size = rows * cols;
        Matrix out = ops().zeros(rows, cols);
        double[] values = values();
        for (int start = 0; start < values.length; start++) {
            double[] x = held(cycle(values, size, start, 1));
            double[] expected = Arrays.stream(x).map(v -> scale * v + shift).toArray();
            ops().affine(matrix(x, rows, cols), scale, shift, out);
            double[] actual = ops().toRowMajor(out);
            for (int i = 0; i < size; i++) {
                double magnitude = Math.abs(scale * x[i]) + Math.abs(shift);
                double input = x[i];
                Bits.assertAll("affine " + scale + " x + " + shift + ", " + rows + "x" + cols + ", element " + i,
                        new double[] {expected[i]}, new double[] {actual[i]},
                        (e, a) -> tol().accumulated(e, a, 2, magnitude), j -> Bits.describe(input));
            }
        }
    }

    static Stream<Arguments> axpyCases() {
        return DoubleStream.of(0.0, -0.125, 1.0, 3.0).boxed().flatMap(a -> shapes().map(s -> Arguments.of(a, s[0], s[1])));
    }

    /** {@code y += alpha x}, with one rounding or two: NaN and the infinities exactly, other values to rounding. */
    @ParameterizedTest(name = "alpha {0}, {1}x{2}")
    @MethodSource("axpyCases")
    void axpyFollowsTheDefinition(double alpha, int rows, int cols) {
        int size = rows * cols;
        double[] values = values();
        for (int start = 0; start < values.length; start++) {
            double[] x = held(cycle(values, size, start, 1));
            double[] y = held(cycle(values, size, 3 * start + 1, 7));
            double[] expected = new double[size];
            for (int i = 0; i < size; i++) {
                expected[i] = y[i] + alpha * x[i];
            }
            Matrix ym = matrix(y, rows, cols);
            ops().axpy(alpha, matrix(x, rows, cols), ym);
            double[] actual = ops().toRowMajor(ym);
            for (int i = 0; i < size; i++) {
                double magnitude = Math.abs(y[i]) + Math.abs(alpha * x[i]);
                String input = "(x " + at(x, i) + ", y " + at(y, i) + ")";
                Bits.assertAll("axpy " + alpha + " " + rows + "x" + cols + ", element " + i,
                        new double[] {expected[i]}, new double[] {actual[i]},
                        (e, a) -> tol().accumulated(e, a, 2, magnitude), j -> input);
            }
        }
    }

    // ---- reductions and argmax ---------------------------------------------------------------------------------

    /**
     * {@code lines} lines of {@code n} random values in [-1, 1), line {@code l} holding {@code pool[l % pool.length]}
     * at a position that moves with {@code l}, and, from the second pass over the pool on, a second value of the
     * pool elsewhere: each special value alone and in pairs, at every position.
     */
    static double[][] linesWithSpecials(double[] pool, int lines, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] out = new double[lines][n];
        for (int l = 0; l < lines; l++) {
            for (int i = 0; i < n; i++) {
                out[l][i] = 2.0 * rng.nextDouble() - 1.0;
            }
            out[l][(l + l / pool.length) % n] = pool[l % pool.length];
            if (l >= pool.length) {
                out[l][(3 * l + 1) % n] = pool[(l / pool.length + 5 * l) % pool.length];
            }
        }
        return out;
    }

    /** Lines of the pool in turn, as dense in special values as possible. */
    static double[][] linesOfThePool(double[] pool, int lines, int n) {
        double[][] out = new double[lines][];
        for (int l = 0; l < lines; l++) {
            out[l] = cycle(pool, n, l, 1);
        }
        return out;
    }

    static Stream<Arguments> reductionCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Reduction op : Reduction.values()) {
            for (Axis axis : Axis.values()) {
                for (int n : LENGTHS) {
                    cases.add(Arguments.of(op, axis, n));
                }
            }
        }
        return cases.stream();
    }

    /**
     * Reduces lines of {@code n} elements: the rows of a matrix over the columns, its columns over the rows. MAX
     * is exact; SUM and MEAN are held to the rounding any order of summation can make.
     */
    @ParameterizedTest(name = "{0} {1} of lines of {2}")
    @MethodSource("reductionCases")
    void reduceFollowsTheDefinition(Reduction op, Axis axis, int n) {
        double[] pool = op == Reduction.MAX ? values() : summable();
        for (double[][] drawn : List.of(linesWithSpecials(pool, 3 * pool.length, n, 17 + n),
                linesOfThePool(pool, 3 * pool.length, n), ties(n))) {
            double[][] x = held(drawn);
            int lines = x.length;
            double[][] input = axis == Axis.OVER_COLUMNS ? x : Reference.transpose(x, lines, n);
            int rows = input.length;
            int cols = input[0].length;
            Matrix out = ops().zeros(axis.resultRows(rows), axis.resultCols(cols));
            ops().reduce(op, axis, ops().fromArray(input), out);
            double[] expected = flat(Reference.reduce(op, axis, input, rows, cols));
            double[] magnitudes = Arrays.stream(x).mapToDouble(line -> Arrays.stream(line).map(Math::abs).sum())
                    .toArray();
            String what = "reduce " + op + " " + axis + " of " + rows + "x" + cols;
            double[] actual = ops().toRowMajor(out);
            for (int l = 0; l < lines; l++) {
                double[] line = x[l];
                double magnitude = magnitudes[l] / (op == Reduction.MEAN ? n : 1);
                Bits.Comparison comparison = op == Reduction.MAX ? tol()::exact
                        : (e, a) -> tol().accumulatedInDouble(e, a, n + 1, magnitude);
                Bits.assertAll(what + ", line " + l, new double[] {expected[l]}, new double[] {actual[l]},
                        comparison, i -> Arrays.toString(line));
            }
        }
    }

    @ParameterizedTest(name = "lines of {0}")
    @MethodSource("lengths")
    void sumFollowsTheDefinition(int n) {
        double[] summable = summable();
        for (int start = 0; start < summable.length; start++) {
            for (int rows : new int[] {1, 3}) {
                double[] x = held(cycle(summable, rows * n, start, 1));
                double expected = 0.0;
                double magnitude = 0.0;
                for (double v : x) {
                    expected += v;
                    magnitude += Math.abs(v);
                }
                double actual = ops().sum(matrix(x, rows, n));
                double m = magnitude;
                Bits.assertAll("sum of " + rows + "x" + n, new double[] {expected}, new double[] {actual},
                        (e, a) -> tol().accumulatedInDouble(e, a, x.length, m), i -> Arrays.toString(x));
                double columnSum = ops().sum(matrix(x, rows * n, 1));
                Bits.assertAll("sum of " + rows * n + "x1", new double[] {expected}, new double[] {columnSum},
                        (e, a) -> tol().accumulatedInDouble(e, a, x.length, m), i -> Arrays.toString(x));
            }
        }
    }

    static IntStream lengths() {
        return Arrays.stream(LENGTHS);
    }

    /** Rows of {@code n}: NaN counts as the largest and the first NaN wins, otherwise the first largest does. */
    @ParameterizedTest(name = "rows of {0}")
    @MethodSource("lengths")
    void argmaxRowsFollowsTheDefinition(int n) {
        double[] values = values();
        for (double[][] drawn : List.of(linesWithSpecials(values, 3 * values.length, n, 29 + n),
                linesOfThePool(values, values.length, n), ties(n))) {
            double[][] x = held(drawn);
            int[] out = new int[x.length];
            ops().argmaxRows(ops().fromArray(x), out);
            int[] expected = Reference.argmaxRows(x);
            for (int r = 0; r < x.length; r++) {
                int row = r;
                assertArrayEquals(new int[] {expected[r]}, new int[] {out[r]},
                        () -> "argmaxRows of rows of " + n + ", row " + row + ": " + Arrays.toString(x[row]));
            }
        }
    }

    /**
     * Lines where only the rule for ties and special values decides: all equal, or all equal but one, among the
     * infinities, signed zeros, NaN and -1.
     */
    private static double[][] ties(int n) {
        double[] fills = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0, 0.0, Double.NaN, -1.0};
        List<double[]> rows = new ArrayList<>();
        for (double fill : fills) {
            double[] row = new double[n];
            Arrays.fill(row, fill);
            rows.add(row);
            for (int at = 0; at < n; at++) {
                for (double other : fills) {
                    double[] mixed = row.clone();
                    mixed[at] = other;
                    rows.add(mixed);
                }
            }
        }
        return rows.toArray(double[][]::new);
    }

    /** A column of {@code n} rows of one element: each row's answer is 0, NaN or not. */
    @ParameterizedTest(name = "columns of {0}")
    @MethodSource("lengths")
    void argmaxRowsOfAColumnIsZero(int n) {
        int[] out = new int[n];
        ops().argmaxRows(matrix(cycle(values(), n, n, 1), n, 1), out);
        assertArrayEquals(new int[n], out);
    }
}
