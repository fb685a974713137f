package dev.tinytorch.nn.data;

import dev.tinytorch.api.MatrixOps;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Cuts a {@link Dataset} into mini-batches, one pass over the data per {@link #iterator()} call (an epoch), so
 * that a training loop is a plain {@code for (Batch b : loader)}.
 *
 * <p><b>Shuffling.</b> With {@code shuffle}, epoch {@code e} (counting the loader's iterator calls from 0) visits
 * the samples in a permutation drawn from a generator seeded with a value derived from {@code seed} and {@code e}
 * alone: two loaders with one seed produce the same batches epoch by epoch, and consecutive epochs differ. Without
 * it, every epoch keeps the dataset's order. {@link #shufflingWith} gives the other common scheme, a numpy
 * training loop's: every epoch permutes the previous epoch's order with a permutation drawn from a generator the
 * caller holds, so that the batches can follow a Python tutorial's draw for draw.
 *
 * <p><b>The last partial batch.</b> When the batch size does not divide the number of samples, the last batch of
 * an epoch is smaller and is <em>kept</em> by default (PyTorch's {@code drop_last=False}): every sample counts in
 * every epoch, and an evaluation loader sees every validation sample. {@link #dropLast()} gives a loader that
 * drops it instead, so that every batch has exactly {@code batchSize} samples.
 *
 * <p><b>Buffers.</b> Batches are gathered on the backend with {@link MatrixOps#gatherRows} into matrices the loader
 * allocates once (one pair for full batches, one for the partial batch) and reuses: a {@link Batch} is valid only
 * until the next one, and one pass at a time may be in progress (starting a new pass invalidates the old one).
 */
public final class DataLoader implements Iterable<Batch> {

    /** Odd constant spreading epoch numbers over the seed space (not SplittableRandom's own gamma). */
    private static final long EPOCH_STRIDE = 0xD1B54A32D192ED03L;

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final RandomGenerator shuffler;  // null unless shufflingWith
    private final int[] order;
    private final int[] permutation;  // shufflingWith's draw of the epoch, then the composed order
    private Batch fullBatch;
    private Batch partialBatch;
    private int epoch;

    /**
     * A loader keeping the last partial batch.
     *
     * @param batchSize samples per batch, at least 1 (a larger value than the dataset gives one batch)
     * @param shuffle   whether each epoch visits the samples in a new random order
     * @param seed      the seed the shuffling is derived from; ignored without {@code shuffle}
     */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed) {
        this(dataset, batchSize, shuffle, seed, false, null);
    }

    private DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast,
                       RandomGenerator shuffler) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("DataLoader: batch size must be at least 1, got " + batchSize);
        }
        if (dropLast && dataset.size() < batchSize) {
            throw new IllegalArgumentException("DataLoader: dropping the last partial batch leaves no batch at all: "
                    + dataset.size() + " samples, batch size " + batchSize);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
        this.shuffler = shuffler;
        this.order = new int[dataset.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        this.permutation = shuffler == null ? null : new int[order.length];
    }

    /**
     * A loader that shuffles as a numpy training loop does, {@code p = rng.permutation(n); X, y = X[p], y[p]} at the
     * start of every epoch: each epoch draws a permutation from {@code rng} and applies it to the order the previous
     * epoch left (the first to the dataset's order), so the shuffles compose. With a
     * {@link dev.tinytorch.nn.random.NumpyRandom} that also draws the weights, the batches are a numpy tutorial's,
     * draw for draw; add {@link #dropLast()} for a loop that drops the last partial batch.
     *
     * @param rng the generator each epoch's permutation is drawn from ({@code rng.nextInt(i + 1)} for {@code i} from
     *            {@code n - 1} down to 1, swapping {@code i} with the draw); kept, not copied, and advanced by every
     *            epoch, so whoever else draws from it sees the draws that follow
     */
    public static DataLoader shufflingWith(Dataset dataset, int batchSize, RandomGenerator rng) {
        return new DataLoader(dataset, batchSize, true, 0, false, Objects.requireNonNull(rng, "rng"));
    }

    /**
     * A new loader over the same data, with the same batch size, shuffling and seed (or generator), that drops the
     * last batch of each epoch when it is smaller than the batch size (PyTorch's {@code drop_last=True}). A loader
     * of {@link #shufflingWith} starts again from the dataset's order.
     *
     * @throws IllegalArgumentException if the dataset is smaller than one batch
     */
    public DataLoader dropLast() {
        return new DataLoader(dataset, batchSize, shuffle, seed, true, shuffler);
    }

    /** Whether the last partial batch of an epoch is dropped. */
    public boolean dropsLast() {
        return dropLast;
    }

    /** The dataset this loader reads. */
    public Dataset dataset() {
        return dataset;
    }

    /** The size of every batch but possibly the last. */
    public int batchSize() {
        return batchSize;
    }

    /** Number of batches in one epoch: {@code ceil(n / batchSize)}, or {@code floor(n / batchSize)} when dropping. */
    public int numberOfBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Number of samples one epoch yields: all {@code n}, or fewer when the last partial batch is dropped. */
    public int numberOfSamples() {
        return dropLast ? numberOfBatches() * batchSize : dataset.size();
    }

    /** Starts the next epoch: reshuffles (if shuffling) and returns an iterator over its batches. */
    @Override
    public Iterator<Batch> iterator() {
        if (shuffler != null) {
            Permutations.shuffleIdentity(permutation, shuffler);
            for (int i = 0; i < order.length; i++) {
                permutation[i] = order[permutation[i]];  // X[p] of the last epoch's X
            }
            System.arraycopy(permutation, 0, order, 0, order.length);
        } else if (shuffle) {
            Permutations.shuffleIdentity(order, new SplittableRandom(seed + EPOCH_STRIDE * epoch));
        }
        epoch++;
        return new Pass(epoch);
    }

    private Batch buffers(int size) {
        if (size == batchSize) {
            if (fullBatch == null) {
                fullBatch = allocate(size);
            }
            return fullBatch;
        }
        if (partialBatch == null) {
            partialBatch = allocate(size);
        }
        return partialBatch;
    }

    private Batch allocate(int size) {
        MatrixOps ops = dataset.ops();
        return new Batch(ops.zeros(size, dataset.features()), ops.zeros(size, dataset.targets().cols()));
    }

    /** One epoch's walk over {@link #order}. */
    private final class Pass implements Iterator<Batch> {

        private final int startedAt;
        private final int batches = numberOfBatches();
        private int next;

        Pass(int startedAt) {
            this.startedAt = startedAt;
        }

        @Override
        public boolean hasNext() {
            return next < batches;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("DataLoader: all " + batches + " batches of this epoch were read");
            }
            if (startedAt != epoch) {
                throw new ConcurrentModificationException(
                        "DataLoader: a newer epoch started; this pass and its batches are no longer valid");
            }
            int offset = next * batchSize;
            int size = Math.min(batchSize, order.length - offset);
            Batch batch = buffers(size);
            MatrixOps ops = dataset.ops();
            ops.gatherRows(dataset.inputs(), order, offset, size, batch.inputs());
            ops.gatherRows(dataset.targets(), order, offset, size, batch.targets());
            next++;
            return batch;
        }
    }

    @Override
    public String toString() {
        return "DataLoader[" + dataset + ", batch " + batchSize
                + (shuffler != null ? ", shuffled with " + shuffler : shuffle ? ", shuffled" : "")
                + (dropLast ? ", drop last" : "") + "]";
    }
}
