package dev.tinytorch.nn.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.data.CsvReader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.Standardizer;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LogisticRegressionIrlsTest {

    private final MatrixOps ops = Backends.getDefault();

    /** The whole breast-cancer table, standardised with its own statistics. */
    private Dataset breastCancer() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("breast_cancer.csv")) {
            Dataset raw = CsvReader.read(in, "breast_cancer.csv").toDataset(ops, "target");
            return Standardizer.fit(raw).transform(raw);
        }
    }

    /**
     * The gradient of {@code 0.5 ||w||^2 + C sum(log-loss)} at the fit, recomputed here in plain Java from the data,
     * independently of the solver's backend arithmetic.
     */
    private double gradientNorm(LogisticRegressionFit fit, double c, double[][] x, double[] y) {
        double[] w = fit.weights();
        double[] g = w.clone();
        double gb = 0;
        for (int i = 0; i < x.length; i++) {
            double z = fit.intercept();
            for (int j = 0; j < w.length; j++) {
                z += x[i][j] * w[j];
            }
            double r = c * (1.0 / (1.0 + Math.exp(-z)) - y[i]);
            for (int j = 0; j < w.length; j++) {
                g[j] += r * x[i][j];
            }
            gb += r;
        }
        double sum = gb * gb;
        for (double v : g) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    @Test
    void breastCancerCoefficientsSatisfyTheOptimalityCondition() throws IOException {
        Dataset data = breastCancer();
        LogisticRegressionFit fit = new LogisticRegressionIrls().fit(data);

        double norm = gradientNorm(fit, 1.0, ops.toArray(data.inputs()), ops.toRowMajor(data.targets()));
        assertTrue(norm < 1e-8, "gradient norm " + norm + " at " + fit);
        assertTrue(fit.gradientNorm() < LogisticRegressionIrls.DEFAULT_TOLERANCE, fit.toString());
        assertTrue(fit.iterations() <= 15, "Newton's method should need about ten iterations: " + fit);
        assertEquals(30, fit.weights().length);
    }

    @Test
    void breastCancerOptimumAgreesWithAnIndependentNewtonSolve() throws IOException {
        // numpy: Newton's method on the same standardised data (population std), iterated to a gradient norm of 1e-14
        LogisticRegressionFit fit = new LogisticRegressionIrls().fit(breastCancer());
        assertEquals(37.75894596187597, fit.objective(), 1e-10);
        assertEquals(0.2145027174017489, fit.intercept(), 1e-9);
        double[] w = fit.weights();
        assertArrayEquals(new double[] {-0.3630925319179321, -0.387675442418758, -0.35106211867967363},
                new double[] {w[0], w[1], w[2]}, 1e-9);
        assertEquals(-0.47981890804316085, w[29], 1e-9);
        assertEquals(0.9876977152899824, fit.accuracy(breastCancer()), 1e-15, "training accuracy, 562 of 569");
    }

    @Test
    void theInterceptIsNotPenalised() {
        // one all-zero feature: w = 0 at the optimum, and an unpenalised intercept is exactly logit(3/4) = ln 3
        Dataset data = Dataset.of(ops, new double[][] {{0}, {0}, {0}, {0}}, new double[] {1, 1, 1, 0});
        LogisticRegressionFit fit = new LogisticRegressionIrls().fit(data);
        assertEquals(0.0, fit.weights()[0]);
        assertEquals(Math.log(3), fit.intercept(), 1e-12);
    }

    @Test
    void separableDataStillHaveAFiniteOptimum() {
        // x = +-1 labelled by sign: by symmetry b = 0, and grad_w = w - 2 C sigmoid(-w) = 0
        double c = 5.0;
        Dataset data = Dataset.of(ops, new double[][] {{1}, {-1}}, new double[] {1, 0});
        LogisticRegressionFit fit = new LogisticRegressionIrls(c, 1e-12, 50).fit(data);
        double w = fit.weights()[0];
        assertEquals(0.0, fit.intercept(), 1e-12);
        assertEquals(2 * c / (1 + Math.exp(w)), w, 1e-12);
        assertEquals(1.6335, w, 1e-4, "the root of w (1 + e^w) = 2 C = 10");
    }

    @Test
    void aSmallerCShrinksTheWeights() throws IOException {
        Dataset data = breastCancer();
        LogisticRegressionFit strong = new LogisticRegressionIrls(0.01, 1e-10, 100).fit(data);
        LogisticRegressionFit weak = new LogisticRegressionIrls().fit(data);
        double norm = gradientNorm(strong, 0.01, ops.toArray(data.inputs()), ops.toRowMajor(data.targets()));
        assertTrue(norm < 1e-8, "gradient norm " + norm);
        assertTrue(squaredNorm(strong.weights()) < squaredNorm(weak.weights()));
    }

    private static double squaredNorm(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x * x;
        }
        return sum;
    }

    @Test
    void probabilitiesAreTheSigmoidOfTheLinearPredictor() {
        Dataset data = Dataset.of(ops, new double[][] {{0.5, -1}, {2, 1}, {-1, 0.3}, {0, 0}}, new double[] {1, 1, 0, 0});
        LogisticRegressionFit fit = new LogisticRegressionIrls().fit(data);
        double[] w = fit.weights();
        Matrix x = ops.fromArray(new double[][] {{1, 2}, {-3, 0.5}});
        double[] p = ops.toRowMajor(fit.probabilities(ops, x));
        assertEquals(1 / (1 + Math.exp(-(w[0] + 2 * w[1] + fit.intercept()))), p[0], 1e-14);
        assertEquals(1 / (1 + Math.exp(-(-3 * w[0] + 0.5 * w[1] + fit.intercept()))), p[1], 1e-14);
        assertThrows(IllegalArgumentException.class, () -> fit.probabilities(ops, ops.zeros(2, 3)));
    }

    @Test
    void failsInsteadOfReturningAFitThatIsNotTheOptimum() throws IOException {
        LogisticRegressionIrls oneStep = new LogisticRegressionIrls(1.0, 1e-10, 1);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> oneStep.fit(breastCancer()));
        assertTrue(e.getMessage().contains("after 1 Newton iterations"), e.getMessage());
    }

    @Test
    void rejectsTargetsThatAreNotZeroOrOneAndMeaninglessSettings() {
        Dataset data = Dataset.of(ops, new double[][] {{1}, {2}}, new double[] {1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LogisticRegressionIrls().fit(data));
        assertTrue(e.getMessage().contains("row 1 holds 2.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LogisticRegressionIrls(0, 1e-10, 10));
        assertThrows(IllegalArgumentException.class, () -> new LogisticRegressionIrls(1, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new LogisticRegressionIrls(1, 1e-10, 0));
    }
}
