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
    },
    /**
     * ReLU's backward pass in one operation, {@code a} the ReLU's input and {@code b} the gradient of its output:
     * {@code b} where {@code a > 0}, else {@code +0.0} (PyTorch's {@code threshold_backward(b, a, 0)}: the
     * gradient at the kink is 0, an infinite {@code b} included), and NaN if either is NaN (stricter than PyTorch,
     * as {@link UnaryOp#STEP}, so that a NaN activation or gradient is never turned into a finite gradient). It
     * replaces {@code map(STEP)} then {@code zip(MUL)}, two passes over the matrices.
     */
    RELU_GRAD {
        @Override
        public double apply(double a, double b) {
            return a > 0 ? b : a != a || b != b ? a + b : 0.0;
        }
    };

    /** The scalar definition of this operation. */
    public abstract double apply(double a, double b);
}
