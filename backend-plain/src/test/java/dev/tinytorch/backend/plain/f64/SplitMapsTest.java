package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SplitMaps} computes every element once, bands ragged or not, exactly as one core would, in place too; its
 * {@code axpy} updates every element once likewise.
 */
class SplitMapsTest {

    @ParameterizedTest
    @ValueSource(ints = {SplitMaps.MIN_LENGTH, 3 * SplitMaps.MIN_LENGTH + 5, 64 * 4704})
    void matchesOneCore(int length) {
        SplittableRandom random = new SplittableRandom(length);
        double[] x = Elements.round(random.doubles(length, -2, 2).toArray());
        double[] y = Elements.round(random.doubles(length, -2, 2).toArray());
        ScalarKernels kernels = KernelLoader.kernels();
        SplitMaps split = new SplitMaps(kernels, BandThreads.shared());
        for (UnaryOp op : UnaryOp.values()) {
            double[] expected = new double[length];
            kernels.map(op, x, 0, expected, 0, length);
            double[] actual = new double[length];
            split.map(op, x, actual, length);
            assertSameElements(expected, actual, op.name());
        }
        for (BinaryOp op : BinaryOp.values()) {
            double[] expected = new double[length];
            kernels.zip(op, x, 0, y, 0, expected, 0, length);
            double[] actual = y.clone();
            split.zip(op, x, actual, actual, length);
            assertSameElements(expected, actual, op.name() + " in place");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {SplitMaps.MIN_LENGTH, 3 * SplitMaps.MIN_LENGTH + 5, 784 * 256})
    void axpyMatchesOneCore(int length) {
        SplittableRandom random = new SplittableRandom(length);
        double[] x = Elements.round(random.doubles(length, -1, 1).toArray());
        double[] y = Elements.round(random.doubles(length, -1, 1).toArray());
        double[] expected = y.clone();
        ScalarKernels kernels = KernelLoader.kernels();
        kernels.axpy(-0.1, x, 0, expected, 0, length);

        new SplitMaps(kernels, BandThreads.shared()).axpy(-0.1, x, y, length);

        for (int i = 0; i < length; i++) {
            assertEquals(expected[i], y[i], 0.0, "element " + i);
        }
    }

    private static void assertSameElements(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    what + ", element " + i);
        }
    }
}
