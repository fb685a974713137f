package dev.tinytorch.api;

/**
 * Element-wise functions of one argument, each with its scalar definition.
 *
 * <p>The scalar {@link #apply(double)} is the reference every backend must agree with; a backend with a native
 * kernel for an operation uses it, one without loops over {@code apply}.
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
    /** Hyperbolic tangent. */
    TANH {
        @Override
        public double apply(double x) {
            return Math.tanh(x);
        }
    },
    /** {@code max(x, 0)}. */
    RELU {
        @Override
        public double apply(double x) {
            return x > 0 ? x : 0.0;
        }
    },
    /** Heaviside step, the derivative of ReLU: 1 where {@code x > 0}, otherwise 0. */
    STEP {
        @Override
        public double apply(double x) {
            return x > 0 ? 1.0 : 0.0;
        }
    },
    /** {@code x * x}. */
    SQUARE {
        @Override
        public double apply(double x) {
            return x * x;
        }
    },
    /** Square root. */
    SQRT {
        @Override
        public double apply(double x) {
            return Math.sqrt(x);
        }
    },
    /** Absolute value. */
    ABS {
        @Override
        public double apply(double x) {
            return Math.abs(x);
        }
    },
    /** {@code 1 / x}. */
    RECIPROCAL {
        @Override
        public double apply(double x) {
            return 1.0 / x;
        }
    };

    /** The scalar definition of this operation. */
    public abstract double apply(double x);
}
