package dev.tinytorch.backend.plain.f64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tinytorch.backend.plain.machine.BandThreads;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SplitGather} copies every picked row once, to its place, whatever the bands' raggedness. */
class SplitGatherTest {

    @ParameterizedTest
    @CsvSource({"64, 784", "61, 300", "1, 20000", "9, 2048"})
    void copiesEachPickedRow(int count, int cols) {
        int setRows = 500;
        SplittableRandom random = new SplittableRandom(count * 31L + cols);
        double[] set = Elements.round(random.doubles((long) setRows * cols).toArray());
        int[] rows = random.ints(count + 3, 0, setRows).toArray();
        double[] out = new double[count * cols];

        new SplitGather(BandThreads.shared()).gather(set, cols, rows, 3, count, out);

        for (int i = 0; i < count; i++) {
            int from = rows[3 + i] * cols;
            assertArrayEquals(Arrays.copyOfRange(set, from, from + cols), Arrays.copyOfRange(out, i * cols, (i + 1) * cols),
                    "row " + i);
        }
    }
}
