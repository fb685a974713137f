package dev.tinytorch.api.contract;

import dev.tinytorch.api.DType;

/**
 * How far a backend computing in a precision may be from the reference, which is computed in double from the
 * inputs as the backend holds them: one bound per kind of operation, derived from how that operation rounds,
 * rather than one number for all. In {@link DType#FLOAT64} these are the bounds the contract always had.
 *
 * <ul>
 *   <li>{@link #exact}: copies, reshapes, gathers, max, argmax, clip, relu and the IEEE operations
 *       {@code + - * / sqrt} of two operands: the reference rounded once to the precision, bit for bit (the double
 *       rounding of one such operation is innocuous, since 53 >= 2 * 24 + 2).</li>
 *   <li>{@link #function}: EXP, LOG, SIGMOID, TANH, within {@value #FUNCTION_ULPS} ulps of the precision.</li>
 *   <li>{@link #accumulated}: a product or sum of {@code n} terms accumulated in the precision, within
 *       {@code n u sum|terms|} ({@code u = 2^-24} for float32, {@code 2^-51} as ever for float64) plus the
 *       rounding of the result.</li>
 *   <li>{@link #accumulatedInDouble}: SUM and MEAN reductions and {@code sum(Matrix)}, as if accumulated in
 *       double ({@code 2^-51 n sum|terms|}) and rounded once to the precision: a float32 backend that accumulates a
 *       long sum in float fails it.</li>
 *   <li>{@link #composed}: a fixed chain of a few roundings and functions of values about 1 (the recurrent
 *       cells), within that many function errors of {@code max(1, |expected|)}.</li>
 * </ul>
 *
 * NaN matches any NaN and nothing else; an infinity only itself, after rounding (1e300 stored in float32 is
 * infinite).
 */
public final class Tolerance {

    /** Ulps allowed for EXP, LOG, SIGMOID and TANH: {@link Math}'s own functions are within 1 ulp, vector libms 4. */
    public static final int FUNCTION_ULPS = 4;

    private static final Tolerance FLOAT64 = new Tolerance(DType.FLOAT64);
    private static final Tolerance FLOAT32 = new Tolerance(DType.FLOAT32);

    private final DType dtype;

    private Tolerance(DType dtype) {
        this.dtype = dtype;
    }

    /** The bounds for a backend computing in {@code dtype}. */
    public static Tolerance of(DType dtype) {
        return dtype == DType.FLOAT32 ? FLOAT32 : FLOAT64;
    }

    public DType dtype() {
        return dtype;
    }

    /** {@code value} as a matrix of this precision stores it. */
    public double round(double value) {
        return dtype.round(value);
    }

    /** The distance from {@code value} to the next number of this precision away from zero. */
    public double ulp(double value) {
        if (dtype == DType.FLOAT64) {
            return Math.ulp(value);
        }
        return Math.ulp((float) Math.min(Math.abs(value), Float.MAX_VALUE));
    }

    private double minNormal() {
        return dtype == DType.FLOAT32 ? Float.MIN_NORMAL : Double.MIN_NORMAL;
    }

    private double minValue() {
        return dtype == DType.FLOAT32 ? Float.MIN_VALUE : Double.MIN_VALUE;
    }

    /** {@code 2^-24} in float32; in float64 the contract's historical {@code 2 eps = 2^-51}. */
    private double unit() {
        return dtype == DType.FLOAT32 ? 0x1p-24 : 2.0 * Math.ulp(1.0);
    }

    /** Whether both are NaN or both the same bits, when either is NaN or infinite; {@code null} otherwise. */
    private static Boolean special(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual) || Double.isInfinite(expected)
                || Double.isInfinite(actual)) {
            return same(expected, actual);
        }
        return null;
    }

    /** Whether {@code actual} has the bits of {@code expected}, any NaN counting as any other. */
    static boolean same(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        return Double.doubleToRawLongBits(expected) == Double.doubleToRawLongBits(actual);
    }

    /** Whether {@code actual} has the bits of {@code expected} rounded to this precision. */
    public boolean exact(double expected, double actual) {
        return same(round(expected), actual);
    }

    /**
     * Whether {@code actual} is within {@value #FUNCTION_ULPS} ulps of {@code expected} rounded to this precision,
     * or, where that is below the normal range, within its smallest normal number (a result there may be flushed
     * towards 0). The sign of a zero is not compared.
     */
    public boolean function(double expected, double actual) {
        double e = round(expected);
        Boolean special = special(e, actual);
        if (special != null) {
            return special;
        }
        double error = Math.abs(e - actual);
        return error <= FUNCTION_ULPS * ulp(e) || Math.abs(e) < minNormal() && error < minNormal();
    }

    /**
     * Whether a sum of {@code n} terms (products included) whose magnitudes add up to {@code magnitude}, computed
     * in this precision in any order, may be {@code actual} when the exact result is {@code expected}.
     */
    public boolean accumulated(double expected, double actual, int n, double magnitude) {
        Boolean special = special(round(expected), actual);
        if (special != null) {
            return special;
        }
        double bound = n * unit() * magnitude + ulp(expected) + n * minValue();
        return Math.abs(expected - actual) <= bound;
    }

    /**
     * Whether a sum of {@code n} terms whose magnitudes add up to {@code magnitude}, accumulated in double in any
     * order and rounded once to this precision (or left in double, as {@code sum(Matrix)} may), may be
     * {@code actual} when the exact result is {@code expected}.
     */
    public boolean accumulatedInDouble(double expected, double actual, int n, double magnitude) {
        Boolean special = special(round(expected), actual);
        if (special != null) {
            return special;
        }
        double inDouble = 2.0 * n * Math.ulp(1.0) * magnitude + n * Double.MIN_VALUE;
        double rounding = dtype == DType.FLOAT32
                ? ulp(Math.max(Math.abs(expected), Math.abs(actual))) / 2.0
                : Math.ulp(expected);
        return Math.abs(expected - actual) <= inDouble + rounding;
    }

    /**
     * Whether {@code actual} is within {@code steps} function errors ({@value #FUNCTION_ULPS} ulps of 1 in this
     * precision each) of {@code expected}, relative to {@code max(1, |expected|)}.
     */
    public boolean composed(double expected, double actual, int steps) {
        Boolean special = special(round(expected), actual);
        if (special != null) {
            return special;
        }
        double bound = steps * FUNCTION_ULPS * ulp(1.0) * Math.max(1.0, Math.abs(expected));
        return Math.abs(expected - actual) <= bound;
    }
}
