package dev.tinytorch.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    private final MatrixOps ops = Backends.getDefault();

    /** Sample i has inputs (i, 100 + i) and target i, so every batch row reveals which sample it is. */
    private Dataset numbered(int n) {
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = new double[] {i, 100 + i};
            y[i] = i;
        }
        return Dataset.of(ops, x, y);
    }

    /** The sample ids of one epoch, batch by batch, checking that inputs and targets stay aligned. */
    private List<int[]> epoch(DataLoader loader) {
        List<int[]> batches = new ArrayList<>();
        for (Batch batch : loader) {
            double[] targets = ops.toRowMajor(batch.targets());
            double[][] inputs = ops.toArray(batch.inputs());
            int[] ids = new int[batch.size()];
            for (int r = 0; r < ids.length; r++) {
                ids[r] = (int) targets[r];
                assertArrayEquals(new double[] {ids[r], 100 + ids[r]}, inputs[r], "row " + r + " of a batch");
            }
            batches.add(ids);
        }
        return batches;
    }

    private static int[] flatten(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    private static int[] sizes(List<int[]> batches) {
        return batches.stream().mapToInt(b -> b.length).toArray();
    }

    @Test
    void keepsTheLastPartialBatchByDefault() {
        DataLoader loader = new DataLoader(numbered(10), 4, true, 1);
        assertFalse(loader.dropsLast());
        assertEquals(3, loader.numberOfBatches());
        assertEquals(10, loader.numberOfSamples());
        assertArrayEquals(new int[] {4, 4, 2}, sizes(epoch(loader)));
    }

    @Test
    void dropLastDropsOnlyThePartialBatch() {
        DataLoader loader = new DataLoader(numbered(10), 4, true, 1).dropLast();
        assertTrue(loader.dropsLast());
        assertEquals(2, loader.numberOfBatches());
        assertEquals(8, loader.numberOfSamples());
        assertArrayEquals(new int[] {4, 4}, sizes(epoch(loader)));
        assertArrayEquals(new int[] {5, 5}, sizes(epoch(new DataLoader(numbered(10), 5, false, 1).dropLast())));
    }

    @Test
    void evenDivisionGivesFullBatchesEitherWay() {
        assertEquals(2, new DataLoader(numbered(8), 4, false, 0).numberOfBatches());
        assertEquals(2, new DataLoader(numbered(8), 4, false, 0).dropLast().numberOfBatches());
    }

    @Test
    void aBatchLargerThanTheDataGivesOneBatchOfEverything() {
        DataLoader loader = new DataLoader(numbered(3), 64, false, 0);
        assertEquals(1, loader.numberOfBatches());
        assertArrayEquals(new int[] {0, 1, 2}, flatten(epoch(loader)));
    }

    @Test
    void refusesDropLastWhenNoFullBatchExists() {
        DataLoader loader = new DataLoader(numbered(3), 4, false, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, loader::dropLast);
        assertTrue(e.getMessage().contains("3 samples"), e.getMessage());
    }

    @Test
    void refusesANonPositiveBatchSize() {
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(numbered(3), 0, false, 0));
    }

    @Test
    void withoutShuffleEveryEpochKeepsTheDatasetOrder() {
        DataLoader loader = new DataLoader(numbered(7), 3, false, 99);
        int[] identity = IntStream.range(0, 7).toArray();
        assertArrayEquals(identity, flatten(epoch(loader)));
        assertArrayEquals(identity, flatten(epoch(loader)));
    }

    @Test
    void shuffledEpochIsAPermutationOfAllRows() {
        DataLoader loader = new DataLoader(numbered(23), 5, true, 7);
        for (int e = 0; e < 3; e++) {
            int[] seen = flatten(epoch(loader));
            assertFalse(Arrays.equals(IntStream.range(0, 23).toArray(), seen), "epoch " + e + " was not shuffled");
            Arrays.sort(seen);
            assertArrayEquals(IntStream.range(0, 23).toArray(), seen, "epoch " + e);
        }
    }

    @Test
    void shuffleIsReproducibleWithTheSeedAndDiffersBetweenEpochs() {
        DataLoader first = new DataLoader(numbered(40), 8, true, 42);
        DataLoader second = new DataLoader(numbered(40), 8, true, 42);
        int[] epoch0 = flatten(epoch(first));
        int[] epoch1 = flatten(epoch(first));
        assertArrayEquals(epoch0, flatten(epoch(second)));
        assertArrayEquals(epoch1, flatten(epoch(second)));
        assertFalse(Arrays.equals(epoch0, epoch1), "consecutive epochs must be shuffled differently");
        assertFalse(Arrays.equals(epoch0, flatten(epoch(new DataLoader(numbered(40), 8, true, 43)))),
                "another seed must give another order");
    }

    @Test
    void reusesTheBatchBuffers() {
        DataLoader loader = new DataLoader(numbered(10), 4, true, 3);
        List<Batch> batches = new ArrayList<>();
        for (int e = 0; e < 2; e++) {
            loader.forEach(batches::add);
        }
        assertSame(batches.get(0), batches.get(1));
        assertSame(batches.get(0).inputs(), batches.get(3).inputs());
        assertSame(batches.get(2), batches.get(5));
        assertEquals(2, batches.get(5).size());
    }

    @Test
    void formingABatchAllocatesNothingOnceShapesAreKnown() {
        Dataset data = numbered(1001);
        int[] rows = IntStream.range(0, 10).toArray();
        Batch scratch = new Batch(ops.zeros(10, 2), ops.zeros(10, 1));
        assumeTrue(allocatedPerRun(() -> {
            ops.gatherRows(data.inputs(), rows, 0, 10, scratch.inputs());
            ops.gatherRows(data.targets(), rows, 0, 10, scratch.targets());
        }) == 0, ops.name() + " allocates in gatherRows itself");

        DataLoader loader = new DataLoader(data, 10, true, 4); // 100 full batches and one of 1
        long perEpoch = allocatedPerRun(() -> {
            for (Batch batch : loader) {
                assertEquals(2, batch.inputs().cols());
            }
        });
        // an epoch may allocate its iterator and generator, but not even one object per batch
        assertTrue(perEpoch < 101 * 16, perEpoch + " bytes allocated per epoch of 101 batches");
    }

    /** Bytes this thread allocates per run of {@code work}, after a warm-up. */
    private static long allocatedPerRun(Runnable work) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocations per thread");
        for (int i = 0; i < 50; i++) {
            work.run();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10; i++) {
            work.run();
        }
        return (threads.getCurrentThreadAllocatedBytes() - before) / 10;
    }

    @Test
    void anIteratorEndsAfterItsEpoch() {
        Iterator<Batch> it = new DataLoader(numbered(4), 4, false, 0).iterator();
        it.next();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void startingANewEpochInvalidatesTheOldPass() {
        DataLoader loader = new DataLoader(numbered(10), 4, true, 0);
        Iterator<Batch> old = loader.iterator();
        old.next();
        loader.iterator();
        assertThrows(ConcurrentModificationException.class, old::next);
    }
}
