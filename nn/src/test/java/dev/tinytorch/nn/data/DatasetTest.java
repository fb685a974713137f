package dev.tinytorch.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void holdsInputsAndTargetsOnTheBackend() {
        Dataset d = Dataset.of(ops, new double[][] {{1, 2}, {3, 4}, {5, 6}}, new double[] {0, 1, 0});
        assertEquals(3, d.size());
        assertEquals(2, d.features());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, ops.toRowMajor(d.inputs()));
        assertArrayEquals(new double[] {0, 1, 0}, ops.toRowMajor(d.targets()));
    }

    @Test
    void rejectsRowCountsThatDiffer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(ops, new double[][] {{1}, {2}, {3}}, new double[] {0, 1}));
        assertTrue(e.getMessage().contains("3 rows") && e.getMessage().contains("targets have 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(ops, ops.zeros(3, 2), ops.zeros(4, 1)));
        assertTrue(e.getMessage().contains("3 rows") && e.getMessage().contains("4"), e.getMessage());
    }

    @Test
    void takesATargetPerTimeStepButNotNone() {
        Dataset sequences = new Dataset(ops, ops.zeros(3, 4), ops.fromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}}));
        Batch last = null;
        for (Batch batch : new DataLoader(sequences, 2, false, 0)) {
            last = batch;
        }
        assertEquals(List.of(5.0, 6.0), List.of(ops.get(last.targets(), 0, 0), ops.get(last.targets(), 0, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(ops, ops.zeros(3, 2), ops.zeros(3, 0)));
        assertTrue(e.getMessage().contains("3x0"), e.getMessage());
    }

    @Test
    void rejectsAnEmptyDataset() {
        assertThrows(IllegalArgumentException.class, () -> Dataset.of(ops, new double[0][], new double[0]));
    }

    @Test
    void subsetCopiesTheChosenRowsInOrder() {
        Dataset d = Dataset.of(ops, new double[][] {{1, 2}, {3, 4}, {5, 6}}, new double[] {7, 8, 9});
        Dataset s = d.subset(new int[] {2, 0});
        assertArrayEquals(new double[] {5, 6, 1, 2}, ops.toRowMajor(s.inputs()));
        assertArrayEquals(new double[] {9, 7}, ops.toRowMajor(s.targets()));
    }
}
