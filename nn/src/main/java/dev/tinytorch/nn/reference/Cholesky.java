package dev.tinytorch.nn.reference;

/**
 * Solves {@code A x = b} for a small symmetric positive-definite {@code A} by its Cholesky factor
 * {@code A = L L^T}: the Newton system of {@link LogisticRegressionIrls}, a few dozen unknowns, solved in Java.
 */
final class Cholesky {

    private Cholesky() {
    }

    /**
     * The solution of {@code a x = b}; only the lower triangle of {@code a} is read, and neither argument changes.
     *
     * @throws ArithmeticException if {@code a} is not positive definite (to working precision)
     */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int j = 0; j < n; j++) {
            double pivot = a[j][j];
            for (int k = 0; k < j; k++) {
                pivot -= l[j][k] * l[j][k];
            }
            if (!(pivot > 0)) {
                throw new ArithmeticException("Cholesky: the " + n + "x" + n + " matrix is not positive definite;"
                        + " pivot " + j + " is " + pivot);
            }
            l[j][j] = Math.sqrt(pivot);
            for (int i = j + 1; i < n; i++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = sum / l[j][j];
            }
        }
        double[] y = new double[n];  // L y = b
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * y[k];
            }
            y[i] = sum / l[i][i];
        }
        double[] x = new double[n];  // L^T x = y
        for (int i = n - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }
}
