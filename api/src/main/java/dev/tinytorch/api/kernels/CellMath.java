package dev.tinytorch.api.kernels;

/**
 * The exponential, sigmoid and tanh of the recurrent cells
 * ({@link dev.tinytorch.api.kernels.f64.RecurrentKernels RecurrentKernels}), each a fixed sequence of IEEE
 * operations (a branch chooses between two such sequences), so that a backend can repeat it lane by lane with
 * vector instructions and get the same bits: the plain backend's {@code VectorActivations} does, operation for
 * operation. Each function has a float overload computed in float arithmetic, with float's own constants and a
 * polynomial of the degree float needs, so that the float32 copy of the kernels (which calls
 * {@code CellMath.tanh(x)} with a float {@code x}) never computes in double.
 * The JDK's functions would not serve: {@link Math#tanh} is a native call on JDK 17 (about 17 ns, 60 % of an LSTM
 * step on plain), and neither it nor {@link Math#exp} has a vector form that rounds as it does.
 *
 * <p>Accuracy, measured against {@link StrictMath} on 5 million arguments of each range up to +-709: {@link #exp(double)}
 * within 1 ulp ({@link #FUSED}; 2 without), {@link #sigmoid(double)} and {@link #tanh(double)} within 2 ulps; results below the
 * normal range may be off by less than {@link Double#MIN_NORMAL} (rounded twice). NaN gives NaN; the infinities,
 * the signed zeros and overflow give what {@link StrictMath} gives. The float overloads are within 2 float ulps of
 * the double functions rounded to float (below float's normal range within {@link Float#MIN_NORMAL}), with the same
 * special values. Anyone changing an operation here must change it
 * in {@code VectorActivations} too: the contract suite compares every backend's cells with
 * {@link dev.tinytorch.api.kernels.f64.RecurrentKernels RecurrentKernels} bit for bit.
 */
public final class CellMath {

    /** Arguments of {@link #exp(double)} are clamped to this range first: below it e^x is 0, above it infinite. */
    public static final double EXP_MIN = -1000.0;
    /** See {@link #EXP_MIN}: e^710 overflows, as e^x does for every larger x. */
    public static final double EXP_MAX = 710.0;
    /** {@code 1 / ln 2}. */
    public static final double INV_LN2 = 0x1.71547652b82fep0;
    /** Added and subtracted to round {@code x / ln 2} to an integer k that then sits in its low bits. */
    public static final double SHIFTER = 0x1.8p52;
    /** The bits of {@link #SHIFTER}: the bits of {@code x / ln 2 + SHIFTER} minus these are k. */
    public static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
    /**
     * {@code ln 2} to 32 bits (fdlibm's {@code ln2HI}), so that {@code k * LN2_HI} and {@code x - k * LN2_HI} are
     * exact for every k here, fused or not; {@code ln 2 = LN2_HI + LN2_LO} to about 85 bits.
     */
    public static final double LN2_HI = 6.93147180369123816490e-01;
    /** See {@link #LN2_HI} (fdlibm's {@code ln2LO}). */
    public static final double LN2_LO = 1.90821492927058770002e-10;
    /**
     * Whether {@link #exp(double)} uses fused multiply-adds: where they are instructions ({@link HotSpotFlags#fmaInstruction}),
     * as the plain backend's vector cells do, bit for bit; elsewhere separate products and sums, since Math.fma would
     * run in software (a microsecond a call) and the plain backend computes its cells with these scalar loops there.
     */
    public static final boolean FUSED = HotSpotFlags.fmaInstruction();
    /** The Taylor coefficients {@code 1/n!} of e^r, n = 0 .. 13: the remainder is below 5e-18 for |r| <= ln2 / 2. */
    private static final double[] EXP_TAYLOR = taylor(13);
    /**
     * Below this |x|, {@link #tanh(double)} is Cephes' rational approximation {@code x + x^3 P(x^2) / Q(x^2)}; from it on,
     * {@code 1 - 2 e / (1 + e)} with {@code e = exp(-2|x|)}.
     */
    public static final double TANH_SMALL = 0.625;
    /** Cephes' {@code P}, highest power first. */
    public static final double TANH_P0 = -9.64399179425052238628E-1;
    /** See {@link #TANH_P0}. */
    public static final double TANH_P1 = -9.92877231001918586564E1;
    /** See {@link #TANH_P0}. */
    public static final double TANH_P2 = -1.61468768441708447952E3;
    /** Cephes' monic {@code Q}, highest power (1) first. */
    public static final double TANH_Q0 = 1.12811678491632931402E2;
    /** See {@link #TANH_Q0}. */
    public static final double TANH_Q1 = 2.23548839060100448583E3;
    /** See {@link #TANH_Q0}. */
    public static final double TANH_Q2 = 4.84406305325125486048E3;
    /** The sign bit of a double. */
    public static final long SIGN_BIT = Long.MIN_VALUE;

    /**
     * Arguments of {@link #exp(float)} are clamped to this range first: below it e^x rounds to float 0, and
     * {@code k = x / ln 2} stays where both powers of two {@code 2^(k >> 1)}, {@code 2^(k - (k >> 1))} are normal.
     */
    public static final float FLOAT_EXP_MIN = -110.0f;
    /** See {@link #FLOAT_EXP_MIN}: e^89 overflows float, as e^x does for every larger x. */
    public static final float FLOAT_EXP_MAX = 89.0f;
    /** {@code 1 / ln 2} rounded to float. */
    public static final float FLOAT_INV_LN2 = 0x1.715476p0f;
    /** Added and subtracted to round {@code x / ln 2} to an integer k that then sits in its low bits (float's). */
    public static final float FLOAT_SHIFTER = 0x1.8p23f;
    /** The bits of {@link #FLOAT_SHIFTER}: the bits of {@code x / ln 2 + FLOAT_SHIFTER} minus these are k. */
    public static final int FLOAT_SHIFTER_BITS = Float.floatToRawIntBits(FLOAT_SHIFTER);
    /**
     * {@code ln 2} to 9 bits, {@code 355 / 512} (Cephes' {@code expf} constant {@code C1}), so that
     * {@code k * FLOAT_LN2_HI} is exact for every k here, fused or not, and {@code x - k * FLOAT_LN2_HI} exact by
     * Sterbenz's lemma; {@code ln 2 = FLOAT_LN2_HI + FLOAT_LN2_LO} to about 33 bits.
     */
    public static final float FLOAT_LN2_HI = 0.693359375f;
    /** See {@link #FLOAT_LN2_HI} (Cephes' {@code C2}, negative: the high part is above ln 2). */
    public static final float FLOAT_LN2_LO = -2.12194440e-4f;
    /**
     * The degree of {@link #exp(float)}'s Taylor polynomial: the remainder {@code r^8 / 8!} is below 5.2e-9 (0.09
     * float ulp) for {@code |r| <= ln2 / 2}, where degree 6 would leave up to 2 ulps.
     */
    public static final int FLOAT_EXP_DEGREE = 7;
    /** The Taylor coefficients {@code 1/n!} of e^r rounded to float, n = 0 .. {@value #FLOAT_EXP_DEGREE}. */
    private static final float[] FLOAT_EXP_TAYLOR = floatTaylor(FLOAT_EXP_DEGREE);
    /**
     * Below this |x|, {@link #tanh(float)} is Cephes' {@code tanhf} polynomial {@code z + z s P(s)}, {@code s = z^2}
     * (no division); from it on {@code 1 - 2 e / (1 + e)} with {@code e = exp(-2|x|)}, as in double.
     */
    public static final float FLOAT_TANH_SMALL = 0.625f;
    /** Cephes' {@code tanhf} coefficients of {@code P} (a minimax fit on [0, 0.625]), highest power first. */
    public static final float FLOAT_TANH_P0 = -5.70498872745e-3f;
    /** See {@link #FLOAT_TANH_P0}. */
    public static final float FLOAT_TANH_P1 = 2.06390887954e-2f;
    /** See {@link #FLOAT_TANH_P0}. */
    public static final float FLOAT_TANH_P2 = -5.37397155531e-2f;
    /** See {@link #FLOAT_TANH_P0}. */
    public static final float FLOAT_TANH_P3 = 1.33314422036e-1f;
    /** See {@link #FLOAT_TANH_P0}. */
    public static final float FLOAT_TANH_P4 = -3.33332819422e-1f;

    private static final double C2 = EXP_TAYLOR[2];
    private static final double C3 = EXP_TAYLOR[3];
    private static final double C4 = EXP_TAYLOR[4];
    private static final double C5 = EXP_TAYLOR[5];
    private static final double C6 = EXP_TAYLOR[6];
    private static final double C7 = EXP_TAYLOR[7];
    private static final double C8 = EXP_TAYLOR[8];
    private static final double C9 = EXP_TAYLOR[9];
    private static final double C10 = EXP_TAYLOR[10];
    private static final double C11 = EXP_TAYLOR[11];
    private static final double C12 = EXP_TAYLOR[12];
    private static final double C13 = EXP_TAYLOR[13];

    private static final float F2 = FLOAT_EXP_TAYLOR[2];
    private static final float F3 = FLOAT_EXP_TAYLOR[3];
    private static final float F4 = FLOAT_EXP_TAYLOR[4];
    private static final float F5 = FLOAT_EXP_TAYLOR[5];
    private static final float F6 = FLOAT_EXP_TAYLOR[6];
    private static final float F7 = FLOAT_EXP_TAYLOR[7];

    private CellMath() {
    }

    /** The coefficient of {@code r^n} in {@link #exp(double)}'s polynomial, {@code 1/n!} rounded, {@code 0 <= n <= 13}. */
    public static double expCoefficient(int n) {
        return EXP_TAYLOR[n];
    }

    /**
     * The coefficient of {@code r^n} in {@link #exp(float)}'s polynomial, {@code 1/n!} rounded to float,
     * {@code 0 <= n <=} {@value #FLOAT_EXP_DEGREE}.
     */
    public static float floatExpCoefficient(int n) {
        return FLOAT_EXP_TAYLOR[n];
    }

    private static float[] floatTaylor(int degree) {
        double[] c = taylor(degree);
        float[] f = new float[degree + 1];
        for (int n = 0; n <= degree; n++) {
            f[n] = (float) c[n];
        }
        return f;
    }

    private static double[] taylor(int degree) {
        double[] c = new double[degree + 1];
        double factorial = 1;
        for (int n = 0; n <= degree; n++) {
            factorial *= Math.max(n, 1);
            c[n] = 1.0 / factorial;
        }
        return c;
    }

    /**
     * {@code e^x}: x clamped to [{@value #EXP_MIN}, {@value #EXP_MAX}] (NaN stays NaN), {@code k = x / ln 2} rounded
     * to an integer by adding and subtracting {@link #SHIFTER}, {@code r = (x - k LN2_HI) - k LN2_LO} (Cody and
     * Waite), e^r by Horner's rule from the degree-13 Taylor polynomial, both with fused multiply-adds where they are
     * instructions ({@link #FUSED}), then times {@code 2^k} as two powers of two {@code 2^(k >> 1)} and
     * {@code 2^(k - (k >> 1))}, so that neither leaves the normal range.
     */
    public static double exp(double x) {
        double y = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        double t = y * INV_LN2 + SHIFTER;
        double k = t - SHIFTER;
        double r;
        double p;
        if (FUSED) {
            r = Math.fma(k, -LN2_HI, y);
            r = Math.fma(k, -LN2_LO, r);
            p = Math.fma(C13, r, C12);
            p = Math.fma(p, r, C11);
            p = Math.fma(p, r, C10);
            p = Math.fma(p, r, C9);
            p = Math.fma(p, r, C8);
            p = Math.fma(p, r, C7);
            p = Math.fma(p, r, C6);
            p = Math.fma(p, r, C5);
            p = Math.fma(p, r, C4);
            p = Math.fma(p, r, C3);
            p = Math.fma(p, r, C2);
            p = Math.fma(p, r, 1.0);
            p = Math.fma(p, r, 1.0);
        } else {
            r = (y - k * LN2_HI) - k * LN2_LO;
            p = C13 * r + C12;
            p = p * r + C11;
            p = p * r + C10;
            p = p * r + C9;
            p = p * r + C8;
            p = p * r + C7;
            p = p * r + C6;
            p = p * r + C5;
            p = p * r + C4;
            p = p * r + C3;
            p = p * r + C2;
            p = p * r + 1.0;
            p = p * r + 1.0;
        }
        long n = Double.doubleToRawLongBits(t) - SHIFTER_BITS;
        long half = n >> 1;
        return p * powerOfTwo(half) * powerOfTwo(n - half);
    }

    private static double powerOfTwo(long n) {
        return Double.longBitsToDouble((n + 1023) << 52);
    }

    /**
     * {@code 1 / (1 + e^-x)} as {@code (x >= 0 ? 1 : e) / (1 + e)} with {@code e = exp(-|x|)}, which never
     * overflows; {@code sigmoid(-0.0)} is 0.5.
     */
    public static double sigmoid(double x) {
        double e = exp(-Math.abs(x));
        return (x >= 0 ? 1.0 : e) / (1.0 + e);
    }

    /**
     * {@code tanh x}: with {@code z = |x|}, {@code s = z^2}, Cephes' {@code z + z s P(s) / Q(s)} below
     * {@value #TANH_SMALL}, else {@code 1 - 2 e / (1 + e)} with {@code e = exp(-2z)}; then x's sign copied onto it
     * (so {@code tanh(-0.0)} is {@code -0.0}).
     */
    public static double tanh(double x) {
        double z = Math.abs(x);
        double t;
        if (z < TANH_SMALL) {  // a vector computes both and blends: each lane's value is one of these, bit for bit
            double s = z * z;
            double p = (TANH_P0 * s + TANH_P1) * s + TANH_P2;
            double q = ((s + TANH_Q0) * s + TANH_Q1) * s + TANH_Q2;
            t = z + z * s * (p / q);
        } else {
            double e = exp(-2.0 * z);
            t = 1.0 - 2.0 * e / (1.0 + e);
        }
        return Double.longBitsToDouble(Double.doubleToRawLongBits(t) | (Double.doubleToRawLongBits(x) & SIGN_BIT));
    }

    /**
     * {@code e^x} in float arithmetic, {@link #exp(double)}'s steps with float's constants: x clamped to
     * [{@value #FLOAT_EXP_MIN}, {@value #FLOAT_EXP_MAX}] (NaN stays NaN), {@code k = x / ln 2} rounded to an integer
     * with {@link #FLOAT_SHIFTER} (the product and sum fused where {@link #FUSED}), {@code r = (x - k FLOAT_LN2_HI) -
     * k FLOAT_LN2_LO}, e^r by Horner's rule from the degree-{@value #FLOAT_EXP_DEGREE} Taylor polynomial, then times
     * {@code 2^(k >> 1)} and {@code 2^(k - (k >> 1))}.
     */
    public static float exp(float x) {
        float y = Math.min(Math.max(x, FLOAT_EXP_MIN), FLOAT_EXP_MAX);
        float t;
        float p;
        if (FUSED) {
            t = Math.fma(y, FLOAT_INV_LN2, FLOAT_SHIFTER);
            float k = t - FLOAT_SHIFTER;
            float r = Math.fma(k, -FLOAT_LN2_HI, y);
            r = Math.fma(k, -FLOAT_LN2_LO, r);
            p = Math.fma(F7, r, F6);
            p = Math.fma(p, r, F5);
            p = Math.fma(p, r, F4);
            p = Math.fma(p, r, F3);
            p = Math.fma(p, r, F2);
            p = Math.fma(p, r, 1.0f);
            p = Math.fma(p, r, 1.0f);
        } else {
            t = y * FLOAT_INV_LN2 + FLOAT_SHIFTER;
            float k = t - FLOAT_SHIFTER;
            float r = (y - k * FLOAT_LN2_HI) - k * FLOAT_LN2_LO;
            p = F7 * r + F6;
            p = p * r + F5;
            p = p * r + F4;
            p = p * r + F3;
            p = p * r + F2;
            p = p * r + 1.0f;
            p = p * r + 1.0f;
        }
        int n = Float.floatToRawIntBits(t) - FLOAT_SHIFTER_BITS;
        int half = n >> 1;
        return p * powerOfTwo(half) * powerOfTwo(n - half);
    }

    private static float powerOfTwo(int n) {
        return Float.intBitsToFloat((n + 127) << 23);
    }

    /** {@link #sigmoid(double)}'s formula in float arithmetic, with {@link #exp(float)}. */
    public static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        return (x >= 0 ? 1.0f : e) / (1.0f + e);
    }

    /**
     * {@code tanh x} in float arithmetic: with {@code z = |x|}, {@code s = z^2}, below {@value #FLOAT_TANH_SMALL}
     * Cephes' {@code tanhf} polynomial as {@code x (1 + s P(s))} (Horner's rule and the last sum fused where
     * {@link #FUSED}; the product by x keeps the sign of zero), else {@code (1 - e) / (1 + e)} with
     * {@code e = exp(-2z)}, negated for negative x. These forms, unlike double's sign-bit copy, need no integer
     * operations in the plain backend's vector copy, whose float loop is near C2's size limits.
     */
    public static float tanh(float x) {
        float z = Math.abs(x);
        if (z < FLOAT_TANH_SMALL) {  // a vector computes both and blends, as in double
            float s = z * z;
            if (FUSED) {
                float p = Math.fma(FLOAT_TANH_P0, s, FLOAT_TANH_P1);
                p = Math.fma(p, s, FLOAT_TANH_P2);
                p = Math.fma(p, s, FLOAT_TANH_P3);
                p = Math.fma(p, s, FLOAT_TANH_P4);
                return x * Math.fma(p, s, 1.0f);
            }
            float p = (((FLOAT_TANH_P0 * s + FLOAT_TANH_P1) * s + FLOAT_TANH_P2) * s + FLOAT_TANH_P3) * s + FLOAT_TANH_P4;
            return x * (p * s + 1.0f);
        }
        float e = exp(-2.0f * z);
        float t = (1.0f - e) / (1.0f + e);
        return x < 0 ? -t : t;
    }
}
