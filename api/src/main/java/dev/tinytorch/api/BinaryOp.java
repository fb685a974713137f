package dev.tinytorch.api;

/** Element-wise functions of two arguments, each with its scalar definition (see {@link UnaryOp}). */
public enum BinaryOp {
    ADD {
        @Override
        public double apply(double a, double b) {
            return a + b;
        }
    },
    SUB {
        @Override
        public double apply(double a, double b) {
            return a - b;
        }
    },
    MUL {
        @Override
        public double apply(double a, double b) {
            return a * b;
        }
    },
    DIV {
        @Override
        public double apply(double a, double b) {
            return a / b;
        }
    },
    MAX {
        @Override
        public double apply(double a, double b) {
            return Math.max(a, b);
        }
    },
    MIN {
        @Override
        public double apply(double a, double b) {
            return Math.min(a, b);
        }
    };

    /** The scalar definition of this operation. */
    public abstract double apply(double a, double b);
}
