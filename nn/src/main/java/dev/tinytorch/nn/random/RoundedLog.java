package dev.tinytorch.nn.random;

/**
 * The natural logarithm rounded to the nearest double, the same on every JVM and processor, for the Box-Muller step
 * of {@link NumpyRandom}.
 *
 * <p>numpy takes {@code log} from the C library; the GNU C library's agrees with the correctly rounded value on all
 * but about one argument in 1,300, where it is one unit in the last place off. {@link StrictMath#log} (fdlibm)
 * differs from it on about one argument in fourteen, and {@link Math#log} may differ from one JVM or processor to
 * another. This one evaluates {@code log x = e ln 2 + 2 atanh((m - 1) / (m + 1))}, {@code x = m 2^e} with
 * {@code m} in {@code [sqrt(1/2), sqrt(2))}, in double-double arithmetic (about 100 bits), then rounds once; it
 * is the correctly rounded logarithm unless the exact value lies within about {@code 2^-45} of an ulp of a
 * rounding midpoint.
 */
final class RoundedLog {

    private static final double LN2_HI = 0x1.62e42fefa39efp-1;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    private static final double SQRT_HALF = 0x1.6a09e667f3bcdp-1;
    /** {@code 1 / (2k + 1)} for {@code k = 0 .. TERMS - 1} as double-double pairs: the atanh series in {@code s^2}. */
    private static final int TERMS = 23;
    private static final double[] INVERSE_HI = new double[TERMS];
    private static final double[] INVERSE_LO = new double[TERMS];

    static {
        for (int k = 0; k < TERMS; k++) {
            double d = 2 * k + 1;
            INVERSE_HI[k] = 1 / d;
            INVERSE_LO[k] = Math.fma(-INVERSE_HI[k], d, 1.0) / d;
        }
    }

    private RoundedLog() {
    }

    /** {@code log x} for a positive, finite, normal {@code x} (other arguments go to {@link StrictMath#log}). */
    static double log(double x) {
        if (!(x >= Double.MIN_NORMAL) || x == Double.POSITIVE_INFINITY) {
            return StrictMath.log(x);
        }
        int e = Math.getExponent(x);
        double m = Math.scalb(x, -e);  // [1, 2), exact
        if (m > 2 * SQRT_HALF) {
            m *= 0.5;
            e++;
        }
        // s = (m - 1) / (m + 1) as a double-double; m - 1 is exact (Sterbenz), m + 1 is carried as a pair
        double num = m - 1;
        double denHi = m + 1;
        double denLo = (m - (denHi - 1));  // m + 1 - denHi exactly, as 1 <= denHi < 4 and m < 2
        double sHi = num / denHi;
        double sLo = (Math.fma(-sHi, denHi, num) - sHi * denLo) / denHi;
        // t = s^2
        double tHi = sHi * sHi;
        double tLo = Math.fma(sHi, sHi, -tHi) + 2 * sHi * sLo;
        double t = tHi + tLo;
        tLo = tLo - (t - tHi);
        tHi = t;
        // p = sum t^k / (2k + 1), by Horner's rule in double-double
        double pHi = INVERSE_HI[TERMS - 1];
        double pLo = INVERSE_LO[TERMS - 1];
        for (int k = TERMS - 2; k >= 0; k--) {
            // p = p * t
            double hi = pHi * tHi;
            double lo = Math.fma(pHi, tHi, -hi) + (pHi * tLo + pLo * tHi);
            // p = p + 1 / (2k + 1)
            double sum = hi + INVERSE_HI[k];
            double err = twoSumError(hi, INVERSE_HI[k], sum) + lo + INVERSE_LO[k];
            pHi = sum + err;
            pLo = err - (pHi - sum);
        }
        // log m = 2 s p
        double qHi = sHi * pHi;
        double qLo = Math.fma(sHi, pHi, -qHi) + (sHi * pLo + sLo * pHi);
        qHi *= 2;
        qLo *= 2;
        // + e ln 2
        double eHi = e * LN2_HI;
        double eLo = Math.fma(e, LN2_HI, -eHi) + e * LN2_LO;
        double sum = eHi + qHi;
        double err = twoSumError(eHi, qHi, sum) + eLo + qLo;
        return sum + err;
    }

    /** The rounding error of {@code sum = a + b}: {@code a + b - sum} exactly (Knuth's two-sum). */
    private static double twoSumError(double a, double b, double sum) {
        double bVirtual = sum - a;
        double aVirtual = sum - bVirtual;
        return (a - aVirtual) + (b - bVirtual);
    }
}
