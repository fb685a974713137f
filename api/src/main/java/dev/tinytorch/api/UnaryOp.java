package dev.tinytorch.api;

/**
 * Element-wise functions of one argument, each with its scalar definition.
 *
 * <p>The scalar {@link #apply(double)} is the reference every backend must agree with, special values included; a
 * backend with a native kernel for an operation uses it, one without loops over {@code apply}. The definitions
 * follow PyTorch (STEP says where it is stricter): a NaN input gives NaN from every operation, so that a NaN is
 * never silently turned into a number.
 *
 * <p>RELU, STEP, SQUARE, SQRT, ABS and RECIPROCAL are exact (one correctly rounded IEEE operation or none): every
 * backend returns the same bits as {@code apply}, any NaN counting as any other. EXP, LOG, SIGMOID and TANH are
 * libm functions: every backend is within 4 ulps of {@code apply} over the whole range, tiny and subnormal inputs
 * included (a result below the normal range may instead be off by less than {@link Double#MIN_NORMAL}), and gives
 * exactly NaN and the infinities where {@code apply} does. The contract suite checks both.
 */
public enum UnaryOp {
    /** {@code e^x}. */
    EXP {
        @Override
        public double apply(double x) {
            return Math.exp(x);
        }
    },
    /** Natural logarithm; {@code -Infinity} at 0 and {@code NaN} below, as {@link Math#log}. */
    LOG {
        @Override
        public double apply(double x) {
            return Math.log(x);
        }
    },
    /** Logistic function, computed so that neither large positive nor large negative inputs overflow. */
    SIGMOID {
        @Override
        public double apply(double x) {
            if (x >= 0) {
                return 1.0 / (1.0 + Math.exp(-x));
            }
            double e = Math.exp(x);
            return e / (1.0 + e);
        }
    },
    /** Hyperbolic tangent, as {@link Math#tanh}: odd, so {@code tanh(x) == x} for tiny {@code x}, {@code -0.0} included. */
    TANH {
        @Override
        public double apply(double x) {
            return Math.tanh(x);
        }
    },
    /**
     * {@code max(x, 0)} as PyTorch's CPU {@code relu} computes it ({@code std::max(x, 0)}): {@code +0.0} where
     * {@code x < 0}, otherwise {@code x} itself, so NaN stays NaN and {@code -0.0} stays {@code -0.0}. This is also
     * what libnd4j's one-pass RELU kernel gives; in a network the sign of a zero activation changes nothing.
     */
    RELU {
        @Override
        public double apply(double x) {
            return x < 0 ? 0.0 : x;
        }
    },
    /**
     * Heaviside step, the derivative of ReLU: 1 where {@code x > 0}, {@code NaN} for {@code NaN}, otherwise
     * {@code +0.0}. A NaN input stays NaN so that ReLU's backward pass never turns a NaN activation into a finite
     * gradient; here the library is stricter than PyTorch, whose ReLU backward ({@code x <= 0 ? 0 : g}) lets the
     * gradient through where x is NaN.
     */
    STEP {
        @Override
        public double apply(double x) {
            return x > 0 ? 1.0 : x != x ? x : 0.0;
        }
    },
    /** {@code x * x}. */
    SQUARE {
        @Override
        public double apply(double x) {
            return x * x;
        }
    },
    /** Square root, as {@link Math#sqrt}: {@code NaN} below 0, {@code -0.0} for {@code -0.0}. */
    SQRT {
        @Override
        public double apply(double x) {
            return Math.sqrt(x);
        }
    },
    /** Absolute value, as {@link Math#abs}: {@code +0.0} for {@code -0.0}. */
    ABS {
        @Override
        public double apply(double x) {
            return Math.abs(x);
        }
    },
    /** {@code 1 / x}: {@code +-Infinity} for {@code +-0.0}, {@code +-0.0} for {@code +-Infinity}. */
    RECIPROCAL {
        @Override
        public double apply(double x) {
            return 1.0 / x;
        }
    };

    /** The scalar definition of this operation. */
    public abstract double apply(double x);
}
