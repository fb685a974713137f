package dev.tinytorch.api;

/**
 * Element-wise functions of two arguments, each with its scalar definition (see {@link UnaryOp}).
 *
 * <p>Every definition is exact: each backend's {@code zip}, {@code broadcastRow} and {@code broadcastColumn} return
 * the same bits as {@link #apply}, any NaN counting as any other. As in PyTorch, a NaN operand gives NaN, MAX and
 * MIN included.
 */
public enum BinaryOp {
    /** {@code a + b}. */
    ADD {
        @Override
        public double apply(double a, double b) {
            return a + b;
        }
    },
    /** {@code a - b}. */
    SUB {
        @Override
        public double apply(double a, double b) {
            return a - b;
        }
    },
    /** {@code a * b}. */
    MUL {
        @Override
        public double apply(double a, double b) {
            return a * b;
        }
    },
    /** {@code a / b}. */
    DIV {
        @Override
        public double apply(double a, double b) {
            return a / b;
        }
    },
    /**
     * The larger, as {@link Math#max} (PyTorch's {@code maximum}): {@code NaN} if either is {@code NaN}, and
     * {@code +0.0} is larger than {@code -0.0}.
     */
    MAX {
        @Override
        public double apply(double a, double b) {
            return Math.max(a, b);
        }
    },
    /**
     * The smaller, as {@link Math#min} (PyTorch's {@code minimum}): {@code NaN} if either is {@code NaN}, and
     * {@code -0.0} is smaller than {@code +0.0}.
     */
    MIN {
        @Override
        public double apply(double a, double b) {
            return Math.min(a, b);
        }
    };

    /** The scalar definition of this operation. */
    public abstract double apply(double a, double b);
}
