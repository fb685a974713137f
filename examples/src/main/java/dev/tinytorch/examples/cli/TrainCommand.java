package dev.tinytorch.examples.cli;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.data.CsvReader;
import dev.tinytorch.nn.data.CsvTable;
import dev.tinytorch.nn.data.DataLoader;
import dev.tinytorch.nn.data.Dataset;
import dev.tinytorch.nn.data.Split;
import dev.tinytorch.nn.data.Standardizer;
import dev.tinytorch.nn.data.TrainValidationSplit;
import dev.tinytorch.nn.io.BestModelCheckpoint;
import dev.tinytorch.nn.io.Components;
import dev.tinytorch.nn.io.ModelFiles;
import dev.tinytorch.nn.io.ModelFormatException;
import dev.tinytorch.nn.io.SavedModel;
import dev.tinytorch.nn.io.Task;
import dev.tinytorch.nn.metrics.Metric;
import dev.tinytorch.nn.metrics.Metrics;
import dev.tinytorch.nn.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tinytorch train}: learns the target column of a CSV file from the other columns and saves the model.
 *
 * <p>The rows are split into training and validation sets (seeded), the inputs standardised with the training
 * statistics, and a network for the task trained until its validation loss stops improving (at most
 * {@code --epochs}; see {@link TrainingDefaults} for the defaults), printing the epoch lines and, on a terminal, a
 * progress bar. Whenever an epoch has the lowest validation loss so far the model is saved to {@code --out} (so an
 * interrupted run keeps its best model), and at the end a PNG of the curves is written beside it and the saved
 * model's validation metrics are printed.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network on a CSV file of numbers (a header row, then one sample per row) and save",
                "the best epoch's model, its preprocessing and a PNG of the learning curves to --out."},
        footer = {"", "Example:", "  tinytorch train --data breast_cancer.csv --target target --hidden 32 --out model"})
final class TrainCommand implements Callable<Integer> {

    private static final String CHART = "training.png";
    private static final int EPOCH_LINES = 20;

    /** When to draw the progress bar. */
    enum Progress { AUTO, ALWAYS, NEVER }

    @ParentCommand
    private TinyTorch root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "The training data: a CSV file, or IDX images (gzip or not, whatever the name) with --labels.")
    private Path data;

    @Option(names = "--labels", paramLabel = "FILE.idx",
            description = "The IDX labels of the IDX images in --data (MNIST's format, gzip or not).")
    private Path labels;

    @Option(names = "--layers", paramLabel = "FILE.json",
            description = "The network's layers, instead of --hidden and --activation: a JSON array of {type, args}"
                    + " as in a saved config.json's \"layers\", or a whole config.json; the weights are drawn anew.")
    private Path layers;

    @Option(names = "--input-shape", paramLabel = "C,H,W",
            description = "The shape of each input image, for convolution and pooling layers (default: 1,H,W for"
                    + " IDX images).")
    private String inputShape;

    @Option(names = "--target", paramLabel = "COLUMN",
            description = "The column to predict (default: the last one); all others are inputs.")
    private String target;

    @Option(names = "--hidden", paramLabel = "SIZES", defaultValue = "64,32",
            description = "Hidden layer sizes, comma-separated, or 'none' for a linear model (default: ${DEFAULT-VALUE}).")
    private String hidden;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu",
            description = "Hidden activation: relu, tanh, sigmoid or leaky_relu (default: ${DEFAULT-VALUE}).")
    private Network.Activation activation;

    @Option(names = "--task", paramLabel = "TASK",
            description = "binary, multiclass or regression (default: inferred from the target column: 2 whole-number"
                    + " values make binary, 3 to 20 multiclass, anything else regression).")
    private Task.Kind task;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + TrainingDefaults.MAX_EPOCHS,
            description = "Most epochs to train; fewer when --patience stops training (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "" + TrainingDefaults.PATIENCE,
            description = "Stop once val_loss has not improved (by more than " + TrainingDefaults.MIN_DELTA_TEXT
                    + ") for N epochs in a row; 0 trains all --epochs (default: ${DEFAULT-VALUE}).")
    private int patience;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Samples per update (default: " + TrainingDefaults.BATCH_RULE + ").")
    private Integer batchSize;

    @Option(names = "--lr", paramLabel = "X",
            description = "Learning rate (default: 0.1 for sgd, 0.01 for momentum, 0.001 for adam and adamw).")
    private Double lr;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "sgd, momentum (SGD with momentum 0.9), adam or adamw (default: ${DEFAULT-VALUE}).")
    private Network.OptimizerChoice optimizer;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "Fraction of the rows held out for validation (default: ${DEFAULT-VALUE}).")
    private double valFraction;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the split, the shuffling and the initial weights (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Mixin
    private BackendOption backend;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Where to save the model (config.json, model.safetensors) and " + CHART + ".")
    private Path out;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            description = "Progress bar on standard error: auto (on a terminal), always or never (default: ${DEFAULT-VALUE}).")
    private Progress progress;

    @Override
    public Integer call() throws IOException {
        List<Integer> hiddenSizes = hiddenSizes();
        checkOptions();
        MatrixOps ops = backend.resolve();
        ImageData.checkLabels(spec, data, labels);
        PrintStream stdout = root.out();
        PrintStream stderr = root.err();

        ImageData images = labels == null ? null : ImageData.read(data, labels);
        ImageShape shape = inputShape != null ? parseShape()
                : images != null ? images.shape() : null;
        String targetName;
        List<String> features;
        double[][] x;
        double[] rawY;
        int rowCount;
        String source;
        if (images != null) {
            targetName = ImageData.TARGET;
            features = images.featureNames();
            x = images.pixels();
            rawY = images.labels();
            rowCount = x.length;
            source = data.toString();
        } else {
            CsvTable table = CsvReader.read(data);
            targetName = target != null ? target : table.columns().get(table.columns().size() - 1);
            table.columnIndex(targetName);  // fails listing the columns when there is no such column
            features = new ArrayList<>(table.columns());
            features.remove(targetName);
            if (features.isEmpty()) {
                throw new CommandFailure(data + ": the only column is the target '" + targetName
                        + "'; at least one input column is needed");
            }
            x = table.features(targetName);
            rawY = table.labels(targetName);
            rowCount = table.rowCount();
            source = table.source();
        }
        if (shape != null && shape.size() != features.size()) {
            throw new ParameterException(spec.commandLine(), "--input-shape " + shape + " holds " + shape.size()
                    + " values but each sample of " + data + " has " + features.size());
        }
        TargetColumn targetColumn = TargetColumn.of(targetName, rawY, task);
        if (images == null) {
            ConstantColumns.warn(features, x, stderr);
        }
        double[] y = targetColumn.encode(rawY, source, targetName);
        Task.Kind kind = targetColumn.kind();

        TrainValidationSplit splitter = new TrainValidationSplit(valFraction, seed);
        Split<double[][]> xs = splitter.split(x);
        Split<double[]> ys = splitter.split(y);
        // IDX pixels are already scaled to [0, 1]; standardising them would divide the constant borders by zero
        Standardizer standardizer = images != null ? null : Standardizer.fit(ops, ops.fromArray(xs.train()), features);
        TargetScaling scaling = kind == Task.Kind.REGRESSION ? TargetScaling.of(targetName, ys.train()) : null;
        Dataset train = standardised(standardizer, Dataset.of(ops, xs.train(),
                scaling == null ? ys.train() : scaling.apply(ys.train())));
        Dataset validation = standardised(standardizer, Dataset.of(ops, xs.validation(),
                scaling == null ? ys.validation() : scaling.apply(ys.validation())));

        Sequential model = layers != null ? recipe(ops, shape, kind, targetColumn.classes().size(), features.size())
                : Network.build(ops, features.size(), hiddenSizes, activation, kind, targetColumn.classes().size(),
                        seed);
        double rate = lr != null ? lr : optimizer.defaultLr;
        Optimizer updates = optimizer.create(model.parameters(), rate);
        int batch = batchSize != null ? batchSize : TrainingDefaults.batchSize(train.size());
        DataLoader trainLoader = new DataLoader(train, batch, true, seed);
        boolean terminal = System.console() != null;
        BatchProgress bar = progress == Progress.ALWAYS || progress == Progress.AUTO && terminal
                ? new BatchProgress(updates, stderr, epochs, trainLoader.numberOfBatches(), terminal) : null;
        String metricName = kind == Task.Kind.REGRESSION ? "r2" : "accuracy";
        Metric metric = kind == Task.Kind.REGRESSION ? Scores::r2 : Metrics.accuracy();
        Trainer trainer = new Trainer(model, bar != null ? bar : updates, trainLoader,
                new DataLoader(validation, batch, false, seed), metric);
        trainer.setOutput(stdout);
        if (patience > 0) {
            trainer.setEarlyStopping(patience, TrainingDefaults.MIN_DELTA);
        }

        Files.createDirectories(out);
        SavedModel unscaled = new SavedModel(model);
        SavedModel saved = (standardizer == null ? unscaled : unscaled.withStandardizer(standardizer))
                .withTask(new Task(kind, targetName, features, targetColumn.classes()));
        BestModelCheckpoint checkpoint = new BestModelCheckpoint(saved, out);
        trainer.onEpochEnd(scaling == null ? checkpoint
                : record -> scaling.whileFolded(model, () -> checkpoint.accept(record)));

        stdout.println(images != null
                ? "data: " + data + " and " + labels + ", " + rowCount + " images of " + images.shape()
                : "data: " + data + ", " + rowCount + " rows, " + features.size() + " input columns, target '"
                        + targetName + "'");
        stdout.println("task: " + kind.id() + " (" + targetColumn.reason() + ")");
        stdout.println("split: " + train.size() + " training rows, " + validation.size() + " validation rows (seed "
                + seed + ")");
        stdout.println("network: " + model);
        stdout.println(String.format(Locale.ROOT, "optimizer: %s, lr %s, batch size %d%s, backend %s",
                optimizer.name().toLowerCase(Locale.ROOT), rate, batch,
                batchSize != null ? "" : " (the default for " + train.size() + " training rows)",
                ops.name() + " (" + ops.dtype() + ")"));
        stdout.println(patience > 0
                ? "epochs: up to " + epochs + ", stopping after " + patience + " without a lower val_loss"
                : "epochs: " + epochs + " (--patience 0: no early stopping)");
        if (scaling != null) {
            stdout.println("(regression: losses are in units of the standardised target; val_metric is R²)");
        }
        if (bar != null) {
            trainer.onEpochEnd(bar);
        }
        try {
            trainer.train(epochs, Math.max(1, epochs / EPOCH_LINES));
        } finally {
            if (bar != null) {
                bar.close();
            }
        }

        Path chart = out.resolve(CHART);
        try {
            TrainingChart.write(trainer.history(), "tinytorch train: " + data.getFileName(), metricName, chart);
        } catch (IOException | RuntimeException | LinkageError e) {
            stderr.println("tinytorch train: warning: the chart " + chart + " could not be drawn: " + e);
        }
        int bestEpoch = checkpoint.savedEpoch().orElseThrow();
        stdout.println("saved the model of epoch " + bestEpoch + " (lowest val_loss) to " + out + " ("
                + ModelFiles.CONFIG + ", " + ModelFiles.WEIGHTS + "), curves in " + chart);
        SavedModel best = ModelFiles.load(out, ops);
        Matrix outputs = best.predict(ops.fromArray(xs.validation()));
        stdout.println("validation metrics of the saved model:");
        List<String> report = kind == Task.Kind.REGRESSION
                ? Scores.regression(ops.toRowMajor(outputs), ys.validation())
                : Scores.classification(ops, targetColumn.classes(),
                        Scores.probabilities(kind, best.model(), ops, outputs), ys.validation());
        report.forEach(line -> stdout.println("  " + line));
        return TinyTorch.OK;
    }

    private static Dataset standardised(Standardizer standardizer, Dataset data) {
        return standardizer == null ? data : standardizer.transform(data);
    }

    /**
     * The network of {@code --layers} from inputs of {@code shape} ({@code null}: flat {@code features} values),
     * checked to give one output per class ({@code classes}) or one for binary and regression tasks.
     *
     * @throws ParameterException (exit 2) naming the file if it cannot be read as layers, the layers do not chain,
     *                            or the last one gives the wrong number of outputs
     */
    private Sequential recipe(MatrixOps ops, ImageShape shape, Task.Kind kind, int classes, int features)
            throws IOException {
        List<Layer> read;
        try {
            read = ModelFiles.readLayers(layers, Components.builtIn());
        } catch (ModelFormatException e) {
            throw new ParameterException(spec.commandLine(), "--layers " + e.getMessage());
        }
        Sequential model;
        try {
            model = Network.fromRecipe(ops, shape, read, kind, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--layers " + layers + ": the layers do not chain from "
                    + (shape != null ? "input shape " + shape : features + " inputs (give --input-shape C,H,W for"
                    + " images)") + ": " + e.getMessage());
        }
        int wanted = kind == Task.Kind.MULTICLASS ? classes : 1;
        Matrix out;
        try {
            model.eval();
            out = model.forward(ops.zeros(1, features));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--layers " + layers + ": the layers do not take "
                    + features + " inputs: " + e.getMessage());
        } finally {
            model.train();
        }
        if (out.cols() != wanted) {
            throw new ParameterException(spec.commandLine(), "--layers " + layers + ": the last layer gives "
                    + out.cols() + " outputs but a " + kind.id() + " task with " + classes + " classes needs "
                    + wanted);
        }
        return model;
    }

    /** {@code --input-shape} as an image shape. */
    private ImageShape parseShape() {
        String[] parts = inputShape.split(",", -1);
        try {
            if (parts.length != 3) {
                throw new IllegalArgumentException("3 sizes are needed");
            }
            return new ImageShape(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()),
                    Integer.parseInt(parts[2].strip()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--input-shape: '" + inputShape + "' is not"
                    + " channels,height,width such as 1,28,28");
        }
    }

    private List<Integer> hiddenSizes() {
        List<Integer> sizes = new ArrayList<>();
        if (hidden.isBlank() || hidden.strip().equals("none")) {
            return sizes;
        }
        for (String part : hidden.split(",", -1)) {
            try {
                int size = Integer.parseInt(part.strip());
                if (size < 1) {
                    throw new NumberFormatException();
                }
                sizes.add(size);
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--hidden: '" + part.strip()
                        + "' is not a positive layer size; write sizes like 64,32 or 'none'");
            }
        }
        return sizes;
    }

    /** Checks the option values, and that none is given that {@code --layers} would silently override. */
    private void checkOptions() {
        if (layers != null) {
            List<String> overridden = new ArrayList<>();
            for (String option : new String[] {"--hidden", "--activation"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    overridden.add(option);
                }
            }
            require(overridden.isEmpty(), String.join(" and ", overridden) + " cannot be given with --layers "
                    + layers + ", whose layers are the whole network; leave " + (overridden.size() == 1 ? "it" : "them")
                    + " out or drop --layers");
        }
        require(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        require(patience >= 0, "--patience must be 0 or more, got " + patience);
        require(batchSize == null || batchSize >= 1, "--batch-size must be at least 1, got " + batchSize);
        require(lr == null || lr > 0 && Double.isFinite(lr), "--lr must be a positive number, got " + lr);
        require(valFraction > 0 && valFraction < 1, "--val-fraction must be between 0 and 1, got " + valFraction);
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
