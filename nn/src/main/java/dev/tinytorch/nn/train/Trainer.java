package dev.tinytorch.nn.train;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.Batch;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.metrics.Metric;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * The training loop of the tutorial, written once: epochs of forward, loss, backward and optimizer step over the
 * training loader, each followed by an evaluation on the validation loader, with a progress line every few epochs.
 *
 * <p>Losses are averaged per sample (the sum of per-sample losses divided by the samples seen), so a smaller last
 * batch weighs exactly as much as its samples. Progress lines go to {@link System#out} unless
 * {@link #setOutput(PrintStream)} says otherwise, in the tutorial's form:
 * <pre>epoch=  0 | loss= 0.421 | val_loss= 0.263 | val_metric= 0.939</pre>
 */
public final class Trainer {

    private static final String LINE = "epoch=%3d | loss=%6.3f | val_loss=%6.3f | val_metric=%6.3f";

    private final Sequential model;
    private final Optimizer optimizer;
    private final DataLoader trainLoader;
    private final DataLoader valLoader;
    private final Metric metric;
    private final PredictionCollector collector = new PredictionCollector();
    private PrintStream out = System.out;

    /** A trainer fitting {@code model} with {@code optimizer} on {@code trainLoader}, judged by {@code metric} on {@code valLoader}. */
    public Trainer(Sequential model, Optimizer optimizer, DataLoader trainLoader, DataLoader valLoader, Metric metric) {
        this.model = Objects.requireNonNull(model, "model");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.trainLoader = Objects.requireNonNull(trainLoader, "trainLoader");
        this.valLoader = Objects.requireNonNull(valLoader, "valLoader");
        this.metric = Objects.requireNonNull(metric, "metric");
        checkBackend(trainLoader);
        checkBackend(valLoader);
    }

    /** Sends the progress lines of {@link #train} to {@code out} instead of {@link System#out}. */
    public void setOutput(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * One pass over the training loader in training mode, updating the parameters after every batch.
     *
     * @return the mean per-sample training loss of the pass, as computed before each batch's update
     */
    public double trainOneEpoch() {
        MatrixOps ops = checkBackend(trainLoader);
        model.train();
        double lossSum = 0;
        int seen = 0;
        for (Batch batch : trainLoader) {
            Matrix predictions = model.forward(batch.inputs());
            lossSum += ops.sum(model.loss(predictions, batch.targets()));
            seen += batch.size();
            model.backward();
            optimizer.step();
        }
        return lossSum / seen;
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
     * Trains for {@code nEpochs} epochs, evaluating on the validation loader after each, and prints a progress line
     * for every epoch divisible by {@code logEvery} and for the last one.
     *
     * @return the validation evaluation after the last epoch
     */
    public Evaluation train(int nEpochs, int logEvery) {
        if (nEpochs < 1 || logEvery < 1) {
            throw new IllegalArgumentException("Trainer.train: nEpochs and logEvery must be at least 1, got nEpochs="
                    + nEpochs + ", logEvery=" + logEvery);
        }
        Evaluation validation = null;
        for (int epoch = 0; epoch < nEpochs; epoch++) {
            double loss = trainOneEpoch();
            validation = evaluate(valLoader);
            if (epoch % logEvery == 0 || epoch == nEpochs - 1) {
                out.println(String.format(Locale.ROOT, LINE, epoch, loss, validation.loss(), validation.metric()));
            }
        }
        return validation;
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
