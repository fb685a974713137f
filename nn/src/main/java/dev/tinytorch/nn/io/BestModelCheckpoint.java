package dev.tinytorch.nn.io;

import dev.tinytorch.nn.train.EpochRecord;
import dev.tinytorch.nn.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Saves the model whenever an epoch is the best so far, so that the best weights of a long run are on disk even if
 * the run is stopped, diverges or overfits later. Register it with {@link Trainer#onEpochEnd}:
 * <pre>{@code
 * trainer.onEpochEnd(new BestModelCheckpoint(new SavedModel(model).withStandardizer(s), Path.of("best")));
 * }</pre>
 * "Best" is the trainer's own judgement ({@link EpochRecord#best()}: the lowest validation loss of the current
 * {@link Trainer#train} call, by more than the early-stopping minimum delta). Each save is atomic, so the directory
 * always holds one complete model. A failed save ends training with an {@link UncheckedIOException} naming the
 * directory rather than letting training continue without the checkpoint the user asked for.
 */
public final class BestModelCheckpoint implements Consumer<EpochRecord> {

    private final SavedModel model;
    private final Path directory;
    private final Components components;
    private int savedEpoch = -1;

    /** Saves {@code model} (whose network is the one being trained) into {@code directory}. */
    public BestModelCheckpoint(SavedModel model, Path directory) {
        this(model, directory, Components.builtIn());
    }

    /** Saves {@code model}, whose layer and loss kinds are looked up in {@code components}, into {@code directory}. */
    public BestModelCheckpoint(SavedModel model, Path directory, Components components) {
        this.model = Objects.requireNonNull(model, "model");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.components = Objects.requireNonNull(components, "components");
    }

    /** Saves the model if {@code record} is the best epoch so far. */
    @Override
    public void accept(EpochRecord record) {
        if (!record.best()) {
            return;
        }
        try {
            ModelFiles.save(model, directory, components);
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint of epoch " + record.epoch() + " into " + directory
                    + " failed: " + e.getMessage(), e);
        }
        savedEpoch = record.epoch();
    }

    /** The epoch whose model the directory holds, if any was saved. */
    public OptionalInt savedEpoch() {
        return savedEpoch < 0 ? OptionalInt.empty() : OptionalInt.of(savedEpoch);
    }

    /** Where the checkpoints go. */
    public Path directory() {
        return directory;
    }
}
