package dev.tinytorch.nn.reference;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.nn.data.Dataset;

/**
 * The exact L2-regularised logistic regression a network is compared against: scikit-learn's default
 * {@code LogisticRegression()} objective, minimised by Newton's method (iteratively reweighted least squares) until
 * the gradient vanishes, so the reference is the optimum itself rather than another approximate fit.
 *
 * <p>For inputs {@code x_i} (rows of {@code X}), targets {@code y_i} in {0, 1}, weights {@code w} and an intercept
 * {@code b}, with {@code z = X w + b} and {@code p = sigmoid(z)}:
 * <pre>
 * f(w, b)   = 0.5 ||w||^2 + C sum_i [log(1 + e^{z_i}) - y_i z_i]      (the intercept is not penalised)
 * grad_w f  = w + C X^T (p - y)            grad_b f = C sum_i (p_i - y_i)
 * Hessian   = [ I + C X^T S X   C X^T s ]  with s_i = p_i (1 - p_i), S = diag(s)
 *             [ C s^T X         C sum s ]
 * </pre>
 * Each iteration computes {@code X^T S X}, {@code X^T s} and the gradient on the backend ({@code gemm}, element-wise
 * {@code SIGMOID}, a column broadcast), solves the {@code (d+1) x (d+1)} Newton system in Java by Cholesky (the
 * Hessian is positive definite: the identity covers the weights, and the data the intercept), and takes the step
 * with a backtracking line search on {@code f}. It stops when the Euclidean norm of the gradient is below the
 * tolerance, and fails rather than return a fit that is not the optimum.
 */
public final class LogisticRegressionIrls {

    /** scikit-learn's default inverse regularisation strength. */
    public static final double DEFAULT_C = 1.0;
    /** The default bound on the gradient norm at the returned coefficients. */
    public static final double DEFAULT_TOLERANCE = 1e-10;
    /** The default limit on Newton iterations; a well-posed problem needs about ten. */
    public static final int DEFAULT_MAX_ITERATIONS = 100;

    private static final double ARMIJO = 1e-4;
    private static final double SMALLEST_STEP = 0x1p-40;

    private final double c;
    private final double tolerance;
    private final int maxIterations;

    /** scikit-learn's default objective ({@code C = 1}), solved to a gradient norm below {@value #DEFAULT_TOLERANCE}. */
    public LogisticRegressionIrls() {
        this(DEFAULT_C, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
    }

    /**
     * A solver for inverse regularisation strength {@code c > 0}, stopping once the gradient norm is below
     * {@code tolerance > 0}, after at most {@code maxIterations >= 1} Newton steps.
     */
    public LogisticRegressionIrls(double c, double tolerance, int maxIterations) {
        if (!(c > 0) || Double.isInfinite(c) || !(tolerance > 0) || maxIterations < 1) {
            throw new IllegalArgumentException("LogisticRegressionIrls: C and tolerance must be positive and finite,"
                    + " maxIterations at least 1; got C=" + c + ", tolerance=" + tolerance + ", maxIterations="
                    + maxIterations);
        }
        this.c = c;
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    /** Fits the inputs and targets of {@code data}. */
    public LogisticRegressionFit fit(Dataset data) {
        return fit(data.ops(), data.inputs(), data.targets());
    }

    /**
     * Fits {@code x} ({@code n x d}, one sample per row) to {@code y} ({@code n x 1}, each 0 or 1), both on
     * {@code ops}.
     *
     * @throws IllegalArgumentException if the shapes disagree or a target is not 0 or 1
     * @throws ArithmeticException      if the gradient norm does not fall below the tolerance within the
     *                                  iteration limit (the message gives the last norm)
     */
    public LogisticRegressionFit fit(MatrixOps ops, Matrix x, Matrix y) {
        Problem problem = new Problem(ops, x, y);
        int d = x.cols();
        double[] theta = new double[d + 1];  // the weights, then the intercept
        for (int iteration = 0; ; iteration++) {
            double[] gradient = problem.gradient(theta);
            double norm = norm(gradient);
            if (norm < tolerance) {
                return new LogisticRegressionFit(theta, iteration, norm, problem.objective(theta));
            }
            if (iteration == maxIterations) {
                throw new ArithmeticException("LogisticRegressionIrls: gradient norm " + norm + " after "
                        + maxIterations + " Newton iterations, not below " + tolerance);
            }
            double[] step = Cholesky.solve(problem.hessian(theta), gradient);
            for (int j = 0; j <= d; j++) {
                step[j] = -step[j];
            }
            theta = lineSearch(problem, theta, step, dot(gradient, step));
        }
    }

    /**
     * The point {@code theta + t step} for the largest {@code t} in 1, 1/2, 1/4, ... that decreases {@code f}
     * enough (Armijo's rule). Near the optimum the decrease of a full Newton step falls below the rounding error of
     * {@code f}, a sum of {@code n} terms; a change within that error counts as no increase, so the full step is
     * taken there and Newton's quadratic convergence drives the gradient to zero.
     */
    private static double[] lineSearch(Problem problem, double[] theta, double[] step, double slope) {
        double f0 = problem.objective(theta);
        double roundoff = 8.0 * problem.samples() * Math.ulp(Math.abs(f0));
        double[] candidate = new double[theta.length];
        for (double t = 1.0; t >= SMALLEST_STEP; t /= 2) {
            for (int j = 0; j < theta.length; j++) {
                candidate[j] = theta[j] + t * step[j];
            }
            if (problem.objective(candidate) <= f0 + ARMIJO * t * slope + roundoff) {
                return candidate;
            }
        }
        throw new ArithmeticException("LogisticRegressionIrls: no step along the Newton direction decreases the"
                + " objective " + f0 + " (directional derivative " + slope + ")");
    }

    private static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** One data set's matrices and the backend buffers for the objective, gradient and Hessian at any point. */
    private final class Problem {

        private final MatrixOps ops;
        private final Matrix x;
        private final Matrix y;
        private final Matrix sign;     // 2 y - 1: the log-loss is -log sigmoid(sign * z)
        private final Matrix w;        // d x 1
        private final Matrix z;        // n x 1, also reused for the per-sample losses and residuals
        private final Matrix s;        // n x 1, p (1 - p)
        private final Matrix weighted; // n x d, S X
        private final Matrix xtsx;     // d x d
        private final Matrix xts;      // d x 1
        private final Matrix xtr;      // d x 1
        private final double[] wData;

        Problem(MatrixOps ops, Matrix x, Matrix y) {
            if (y.cols() != 1 || y.rows() != x.rows() || x.rows() == 0 || x.cols() == 0) {
                throw new IllegalArgumentException("LogisticRegressionIrls: inputs must be n x d and targets n x 1"
                        + " with n, d > 0; got inputs " + x.shape() + " and targets " + y.shape());
            }
            double[] targets = ops.toRowMajor(y);
            for (int i = 0; i < targets.length; i++) {
                if (targets[i] != 0.0 && targets[i] != 1.0) {
                    throw new IllegalArgumentException("LogisticRegressionIrls: targets must be 0 or 1, but row " + i
                            + " holds " + targets[i]);
                }
            }
            int n = x.rows();
            int d = x.cols();
            this.ops = ops;
            this.x = x;
            this.y = y;
            this.sign = ops.zeros(n, 1);
            ops.affine(y, 2.0, -1.0, sign);
            this.w = ops.zeros(d, 1);
            this.z = ops.zeros(n, 1);
            this.s = ops.zeros(n, 1);
            this.weighted = ops.zeros(n, d);
            this.xtsx = ops.zeros(d, d);
            this.xts = ops.zeros(d, 1);
            this.xtr = ops.zeros(d, 1);
            this.wData = new double[d];
        }

        int samples() {
            return x.rows();
        }

        /** Writes {@code X w + b} into {@code z}. */
        private void linearPredictor(double[] theta) {
            System.arraycopy(theta, 0, wData, 0, wData.length);
            ops.setRowMajor(w, wData);
            ops.gemm(false, false, 1.0, x, w, 0.0, z);
            ops.affine(z, 1.0, theta[wData.length], z);
        }

        double objective(double[] theta) {
            linearPredictor(theta);
            ops.zip(BinaryOp.MUL, sign, z, z);
            ops.map(UnaryOp.SIGMOID, z, z);
            ops.map(UnaryOp.LOG, z, z);  // log sigmoid(sign * z) = -(log-loss)
            double squares = 0;
            for (int j = 0; j < wData.length; j++) {
                squares += theta[j] * theta[j];
            }
            return 0.5 * squares - c * ops.sum(z);
        }

        double[] gradient(double[] theta) {
            linearPredictor(theta);
            ops.map(UnaryOp.SIGMOID, z, z);
            ops.zip(BinaryOp.SUB, z, y, z);  // p - y
            ops.gemm(true, false, c, x, z, 0.0, xtr);
            double[] g = ops.toRowMajor(xtr);
            double[] out = new double[theta.length];
            for (int j = 0; j < g.length; j++) {
                out[j] = theta[j] + g[j];
            }
            out[g.length] = c * ops.sum(z);
            return out;
        }

        double[][] hessian(double[] theta) {
            linearPredictor(theta);
            ops.map(UnaryOp.SIGMOID, z, z);
            ops.affine(z, -1.0, 1.0, s);
            ops.zip(BinaryOp.MUL, s, z, s);                    // s = p (1 - p)
            ops.broadcastColumn(BinaryOp.MUL, x, s, weighted); // S X
            ops.gemm(true, false, c, x, weighted, 0.0, xtsx);  // C X^T S X
            ops.gemm(true, false, c, x, s, 0.0, xts);          // C X^T s
            int d = wData.length;
            double[] block = ops.toRowMajor(xtsx);
            double[] column = ops.toRowMajor(xts);
            double[][] h = new double[d + 1][d + 1];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    h[i][j] = block[i * d + j];
                }
                h[i][i] += 1.0;
                h[i][d] = column[i];
                h[d][i] = column[i];
            }
            h[d][d] = c * ops.sum(s);
            return h;
        }
    }
}
