package dev.tinytorch.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private final MatrixOps ops = Backends.getDefault();

    private Matrix column(double... values) {
        return ops.fromRowMajor(values.length, 1, values);
    }

    @Test
    void accuracyThresholdsProbabilitiesAtOneHalf() {
        Matrix yHat = column(0.9, 0.51, 0.49, 0.1, 0.7, 0.2, 0.5, 0.0);
        Matrix y = column(1, 1, 0, 0, 0, 1, 0, 0);
        // wrong: 0.7 (predicted 1, is 0) and 0.2 (predicted 0, is 1); 0.5 is predicted 0, which is right here
        assertEquals(6.0 / 8.0, Metrics.accuracy(ops, yHat, y), 1e-15);
        assertEquals(6.0 / 8.0, Metrics.accuracy().compute(ops, yHat, y), 1e-15);
    }

    @Test
    void accuracyOfPerfectAndInvertedPredictions() {
        Matrix y = column(1, 0, 1);
        assertEquals(1.0, Metrics.accuracy(ops, column(0.99, 0.01, 0.6), y));
        assertEquals(0.0, Metrics.accuracy(ops, column(0.01, 0.99, 0.4), y));
    }

    @Test
    void accuracyLeavesItsInputsAlone() {
        Matrix yHat = column(0.9, 0.2);
        Matrix y = column(1, 1);
        Metrics.accuracy(ops, yHat, y);
        assertEquals(0.9, ops.get(yHat, 0, 0));
        assertEquals(1.0, ops.get(y, 1, 0));
    }

    @Test
    void accuracyRejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(ops, column(0.1, 0.2, 0.3), column(1, 0)));
        assertTrue(e.getMessage().contains("3x1") && e.getMessage().contains("2x1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(ops, ops.zeros(2, 2), ops.zeros(2, 2)));
    }
}
