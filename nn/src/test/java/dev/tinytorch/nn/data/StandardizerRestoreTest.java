package dev.tinytorch.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import org.junit.jupiter.api.Test;

/** {@link Standardizer#of}: statistics saved earlier transform exactly as the fitted ones did. */
class StandardizerRestoreTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void restoredStatisticsTransformLikeTheFittedOnes() {
        Matrix x = ops.fromArray(new double[][] {{1, 10, 0}, {2, 10, 0}, {3, 10, 4.5}, {4, 10, 4}});
        Standardizer fitted = Standardizer.fit(ops, x);
        Standardizer restored = Standardizer.of(ops, fitted.mean(), fitted.std(), fitted.scale());
        assertArrayEquals(fitted.scale(), restored.scale());
        assertArrayEquals(ops.toRowMajor(fitted.transform(x)), ops.toRowMajor(restored.transform(x)));
    }

    @Test
    void inconsistentStatisticsAreRejected() {
        double[] one = {1};
        String lengths = assertThrows(IllegalArgumentException.class,
                () -> Standardizer.of(ops, one, one, new double[] {1, 2})).getMessage();
        assertTrue(lengths.contains("got 1, 1 and 2 values"), lengths);
        String zero = assertThrows(IllegalArgumentException.class,
                () -> Standardizer.of(ops, one, one, new double[] {0})).getMessage();
        assertTrue(zero.contains("column 0 has mean 1.0, std 1.0 and scale 0.0"), zero);
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(ops, new double[] {Double.NaN}, one, one));
        assertThrows(IllegalArgumentException.class, () -> Standardizer.of(ops, one, new double[] {-1}, one));
    }
}
