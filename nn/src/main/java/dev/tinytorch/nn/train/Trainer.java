package dev.tinytorch.nn.train;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.Batch;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.metrics.Metric;
import dev.tinytorch.nn.optim.GradientClipping;
import dev.tinytorch.nn.optim.LearningRateScheduler;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The training loop of the tutorial, written once: epochs of forward, loss, backward and optimizer step over the
 * training loader, each followed by an evaluation on the validation loader, with a progress line every few epochs.
 *
 * <p>Losses are averaged per sample (the sum of per-sample losses divided by the samples seen), so a smaller last
 * batch weighs exactly as much as its samples. Progress lines go to {@link System#out} unless
 * {@link #setOutput(PrintStream)} says otherwise, in the tutorial's form:
 * <pre>epoch=  0 | loss= 0.421 | val_loss= 0.263 | val_metric= 0.939</pre>
 *
 * <p>Around the loop:
 * <ul>
 *   <li><b>history</b>: every epoch of {@link #train} appends an {@link EpochRecord} to {@link #history()};</li>
 *   <li><b>divergence</b>: a NaN or infinite loss, or a parameter holding NaN or an infinity at the end of an
 *       epoch, ends training with a {@link TrainingDivergedException} naming the epoch and the batch or the
 *       parameter, before the epoch's record exists or any listener (such as a checkpoint) sees it;</li>
 *   <li><b>early stopping</b> ({@link #setEarlyStopping}): training ends when the validation loss has not improved
 *       for a number of epochs, and the parameters of the best epoch are put back;</li>
 *   <li><b>listeners</b> ({@link #onEpochEnd}) see each epoch's record, e.g. to save a checkpoint of the best
 *       epoch;</li>
 *   <li><b>learning-rate schedule</b> ({@link #setLrScheduler}): stepped once per epoch;</li>
 *   <li><b>gradient clipping</b> ({@link #setGradientClipping}): the gradients' total norm is clipped after every
 *       backward pass, before the optimizer's step.</li>
 * </ul>
 *
 * <p>A trainer, like its model, optimizer and loaders, is used by one thread at a time; trainers of different
 * models may run at once on their own threads, and the same seeds then give each model the same weights, bit for
 * bit, as training it alone (see {@link MatrixOps}' threading contract).
 */
public final class Trainer {

    private static final String LINE = "epoch=%3d | loss=%6.3f | val_loss=%6.3f | val_metric=%6.3f";

    private final Sequential model;
    private final Optimizer optimizer;
    private final DataLoader trainLoader;
    private final DataLoader valLoader;
    private final Metric metric;
    private final PredictionCollector collector = new PredictionCollector();
    private final List<EpochRecord> history = new ArrayList<>();
    private final List<Consumer<EpochRecord>> epochListeners = new ArrayList<>();
    private final ParameterSnapshot bestParameters;
    private PrintStream out = System.out;
    private LearningRateScheduler scheduler;  // null: a constant learning rate
    private GradientClipping clipping;  // null: no clipping
    private int patience;  // 0: no early stopping
    private double minDelta;
    private int epochsTrained;

    /** A trainer fitting {@code model} with {@code optimizer} on {@code trainLoader}, judged by {@code metric} on {@code valLoader}. */
    public Trainer(Sequential model, Optimizer optimizer, DataLoader trainLoader, DataLoader valLoader, Metric metric) {
        this.model = Objects.requireNonNull(model, "model");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.trainLoader = Objects.requireNonNull(trainLoader, "trainLoader");
        this.valLoader = Objects.requireNonNull(valLoader, "valLoader");
        this.metric = Objects.requireNonNull(metric, "metric");
        this.bestParameters = new ParameterSnapshot(model.parameters());
        checkBackend(trainLoader);
        checkBackend(valLoader);
    }

    /** Sends the progress lines of {@link #train} to {@code out} instead of {@link System#out}. */
    public void setOutput(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Makes {@link #train} stop early: after an epoch whose validation loss is not the best of the call by more
     * than {@code minDelta} ({@link EpochRecord#best()}), for the {@code patience}-th time in a row, training ends.
     * Whether it ends early or runs all its epochs, {@link #train} then gives the model back the parameter values of
     * the best epoch (a copy taken on the backend whenever an epoch is best). The optimizer's own state, such as momentum, is not
     * rolled back.
     *
     * @param patience how many epochs without improvement to tolerate, at least 1
     * @param minDelta how much lower than the best a validation loss must be to count as an improvement, {@code >= 0}
     */
    public void setEarlyStopping(int patience, double minDelta) {
        if (patience < 1 || !(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("Trainer.setEarlyStopping: patience must be at least 1 and minDelta"
                    + " finite and non-negative, got patience=" + patience + ", minDelta=" + minDelta);
        }
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /**
     * Steps {@code scheduler} at the end of every epoch of {@link #train}, after the epoch's evaluation and before
     * the listeners run; {@link #trainOneEpoch()} alone leaves it to the caller. Give {@code null} to stop.
     */
    public void setLrScheduler(LearningRateScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Clips the gradients to a total 2-norm of {@code maxNorm} after every backward pass of {@link #trainOneEpoch},
     * before the optimizer's step ({@link GradientClipping}, PyTorch's {@code clip_grad_norm_}).
     *
     * @param maxNorm the largest total norm, positive and finite
     */
    public void setGradientClipping(double maxNorm) {
        this.clipping = new GradientClipping(model.parameters(), maxNorm);
    }

    /**
     * Calls {@code listener} after each epoch of {@link #train} with the epoch's record, once it is in the history
     * and its progress line printed; listeners run in the order they were added.
     */
    public void onEpochEnd(Consumer<EpochRecord> listener) {
        epochListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The record of every epoch {@link #train} has run, oldest first: a read-only view that grows with training. */
    public List<EpochRecord> history() {
        return Collections.unmodifiableList(history);
    }

    /**
     * One pass over the training loader in training mode, updating the parameters after every batch.
     *
     * @return the mean per-sample training loss of the pass, as computed before each batch's update
     * @throws TrainingDivergedException if a batch's loss is NaN or infinite (before that batch's update), or a
     *                                   parameter is after the pass's last update
     */
    public double trainOneEpoch() {
        MatrixOps ops = checkBackend(trainLoader);
        model.train();
        double lossSum = 0;
        int seen = 0;
        int batchIndex = 0;
        for (Batch batch : trainLoader) {
            Matrix predictions = model.forward(batch.inputs());
            double batchLoss = ops.sum(model.loss(predictions, batch.targets()));
            if (!Double.isFinite(batchLoss)) {
                throw new TrainingDivergedException(epochsTrained, batchIndex, trainLoader.numberOfBatches(),
                        batchLoss, false);
            }
            lossSum += batchLoss;
            seen += batch.size();
            model.backward();
            if (clipping != null) {
                clipping.clip();
            }
            optimizer.step();
            batchIndex++;
        }
        checkParameters();
        epochsTrained++;
        return lossSum / seen;
    }

    /**
     * Throws if a parameter holds NaN or an infinity after the epoch's updates. A correct loss turns such a
     * parameter into a non-finite loss on the next batch, but a loss that clips its input, or an epoch's last
     * update, would hide it. The sum of each parameter is the cheap test; only a parameter whose sum is not finite
     * (which huge finite values can also cause) is scanned element by element.
     */
    private void checkParameters() {
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter parameter : layers.get(i).parameters()) {
                MatrixOps ops = parameter.ops();
                if (Double.isFinite(ops.sum(parameter.value()))) {
                    continue;
                }
                for (double value : ops.toRowMajor(parameter.value())) {
                    if (!Double.isFinite(value)) {
                        throw new TrainingDivergedException(epochsTrained, trainLoader.numberOfBatches(),
                                i + "." + parameter.name() + " (layer " + i + ", " + layers.get(i) + ")", value);
                    }
                }
            }
        }
    }

    /**
     * The mean per-sample loss and the metric over every sample {@code loader} yields, computed in evaluation mode
     * (the model is switched back to training mode afterwards). The metric sees the predictions of all batches at
     * once.
     */
    public Evaluation evaluate(DataLoader loader) {
        MatrixOps ops = checkBackend(loader);
        model.eval();
        try {
            collector.start(ops, loader.numberOfSamples());
            double lossSum = 0;
            for (Batch batch : loader) {
                Matrix predictions = model.forward(batch.inputs());
                lossSum += ops.sum(model.loss(predictions, batch.targets()));
                collector.add(predictions, batch.targets());
            }
            double score = metric.compute(ops, collector.predictions(), collector.targets());
            return new Evaluation(lossSum / loader.numberOfSamples(), score);
        } finally {
            model.train();
        }
    }

    /**
     * Trains for {@code nEpochs} epochs (fewer if early stopping ends it), evaluating on the validation loader after
     * each, and prints a progress line for every epoch whose number is divisible by {@code logEvery}, for the last
     * one and for the one where early stopping ends training. Epochs are numbered across calls: a second call
     * continues where the first stopped.
     *
     * @return the validation evaluation after the last epoch; with early stopping, that of the best epoch, whose
     *         parameters the model then holds
     * @throws TrainingDivergedException if a training or validation loss becomes NaN or infinite
     */
    public Evaluation train(int nEpochs, int logEvery) {
        if (nEpochs < 1 || logEvery < 1) {
            throw new IllegalArgumentException("Trainer.train: nEpochs and logEvery must be at least 1, got nEpochs="
                    + nEpochs + ", logEvery=" + logEvery);
        }
        int lastEpoch = epochsTrained + nEpochs - 1;
        EpochRecord best = null;
        EpochRecord record = null;
        for (int i = 0; i < nEpochs; i++) {
            int epoch = epochsTrained;
            double loss = trainOneEpoch();
            Evaluation validation = evaluate(valLoader);
            if (!Double.isFinite(validation.loss())) {
                int batches = trainLoader.numberOfBatches();
                throw new TrainingDivergedException(epoch, batches - 1, batches, validation.loss(), true);
            }
            boolean isBest = best == null || validation.loss() < best.validationLoss() - minDelta;
            record = new EpochRecord(epoch, loss, validation.loss(), validation.metric(), isBest);
            history.add(record);
            if (isBest) {
                best = record;
                if (patience > 0) {
                    bestParameters.save();
                }
            }
            boolean stop = patience > 0 && epoch - best.epoch() >= patience;
            if (epoch % logEvery == 0 || epoch == lastEpoch || stop) {
                out.println(String.format(Locale.ROOT, LINE, epoch, loss, validation.loss(), validation.metric()));
            }
            if (scheduler != null) {
                scheduler.step();
            }
            for (Consumer<EpochRecord> listener : epochListeners) {
                listener.accept(record);
            }
            if (stop) {
                out.println("early stopping: no improvement of val_loss for " + patience + " epochs");
                break;
            }
        }
        if (patience > 0 && best.epoch() != record.epoch()) {
            bestParameters.restore();
            out.println(String.format(Locale.ROOT, "restored the parameters of epoch %d (val_loss=%6.3f)",
                    best.epoch(), best.validationLoss()));
            return new Evaluation(best.validationLoss(), best.validationMetric());
        }
        return new Evaluation(record.validationLoss(), record.validationMetric());
    }

    /** The model's backend, after checking that {@code loader}'s data lives there too. */
    private MatrixOps checkBackend(DataLoader loader) {
        MatrixOps ops = model.ops();
        if (!ops.owns(loader.dataset().inputs())) {
            throw new IllegalArgumentException("Trainer: the model computes on '" + ops.name() + "' but "
                    + loader.dataset() + " is elsewhere; build the data on model.ops() or move the model with to()");
        }
        return ops;
    }
}
