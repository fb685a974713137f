package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tinytorch.api.kernels.f64.ImageKernels;
import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SplitTransposes} writes exactly the one-core transpose, bands ragged or not, blocks of one element too. */
class SplitTransposesTest {

    @ParameterizedTest
    @CsvSource({"64, 6, 784", "6, 64, 784", "16, 64, 100", "64, 16, 100", "37, 3, 301", "300, 200, 1", "5, 7, 3"})
    void matchesOneCore(int rows, int blocks, int block) {
        SplittableRandom random = new SplittableRandom(rows * 31L + blocks);
        double[] x = Elements.round(random.doubles((long) rows * blocks * block, -1, 1).toArray());
        double[] expected = new double[x.length];
        ImageKernels.transposeBlocks(x, rows, blocks, block, expected);
        double[] actual = new double[x.length];

        new SplitTransposes(BandThreads.shared()).transposeBlocks(x, rows, blocks, block, actual);

        assertArrayEquals(expected, actual);
    }
}
