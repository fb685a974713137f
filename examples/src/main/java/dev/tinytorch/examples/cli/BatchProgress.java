package dev.tinytorch.examples.cli;

import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.train.EpochRecord;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar of {@code tinytorch train}: one tick per batch, with the epoch and its validation loss beside
 * it.
 *
 * <p>The trainer updates the parameters once per batch, so this wraps the optimizer to see the batches go by, and
 * listens to the end of each epoch for the message. On a terminal the bar has the terminal's width and colour;
 * elsewhere (a pipe, a test) plain ASCII of a fixed width.
 */
final class BatchProgress implements Optimizer, Consumer<EpochRecord>, AutoCloseable {

    private static final int WIDTH_WITHOUT_TERMINAL = 100;

    private final Optimizer optimizer;
    private final ProgressBar bar;
    private final int epochs;

    /** A bar of {@code epochs * batchesPerEpoch} ticks on {@code err}, ticked by {@code optimizer}'s steps. */
    BatchProgress(Optimizer optimizer, PrintStream err, int epochs, int batchesPerEpoch, boolean terminal) {
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.bar = new ProgressBarBuilder()
                .setTaskName("training")
                .setInitialMax((long) epochs * batchesPerEpoch)
                .setUnit(" batches", 1)
                .setStyle(terminal ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                .setConsumer(terminal ? new ConsoleProgressBarConsumer(err)
                        : new ConsoleProgressBarConsumer(err, WIDTH_WITHOUT_TERMINAL))
                .build();
        bar.setExtraMessage("epoch 1/" + epochs);
    }

    /** Updates the parameters, then ticks. */
    @Override
    public void step() {
        optimizer.step();
        bar.step();
    }

    /** Shows the finished epoch and its validation loss. */
    @Override
    public void accept(EpochRecord record) {
        bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d/%d val_loss %.4f", record.epoch() + 1, epochs,
                record.validationLoss()));
    }

    /** Draws the bar a last time and ends its line. */
    @Override
    public void close() {
        bar.close();
    }
}
