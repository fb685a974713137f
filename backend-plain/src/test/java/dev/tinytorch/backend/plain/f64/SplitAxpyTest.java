package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SplitAxpy} updates every element once, bands ragged or not, exactly as one core would. */
class SplitAxpyTest {

    @ParameterizedTest
    @ValueSource(ints = {SplitAxpy.MIN_LENGTH, 3 * SplitAxpy.MIN_LENGTH + 5, 784 * 256})
    void matchesOneCore(int length) {
        SplittableRandom random = new SplittableRandom(length);
        double[] x = Elements.round(random.doubles(length, -1, 1).toArray());
        double[] y = Elements.round(random.doubles(length, -1, 1).toArray());
        double[] expected = y.clone();
        ScalarKernels kernels = KernelLoader.kernels();
        kernels.axpy(-0.1, x, 0, expected, 0, length);

        new SplitAxpy(kernels, BandThreads.shared()).axpy(-0.1, x, y, length);

        for (int i = 0; i < length; i++) {
            assertEquals(expected[i], y[i], 0.0, "element " + i);
        }
    }
}
