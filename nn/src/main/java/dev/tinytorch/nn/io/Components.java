package dev.tinytorch.nn.io;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Loss;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.layers.AvgPool2d;
import dev.tinytorch.nn.layers.BatchNorm;
import dev.tinytorch.nn.layers.BatchNorm1d;
import dev.tinytorch.nn.layers.BatchNorm2d;
import dev.tinytorch.nn.layers.Conv2d;
import dev.tinytorch.nn.layers.Dropout;
import dev.tinytorch.nn.layers.Embedding;
import dev.tinytorch.nn.layers.Flatten;
import dev.tinytorch.nn.layers.GRU;
import dev.tinytorch.nn.layers.LSTM;
import dev.tinytorch.nn.layers.LastStep;
import dev.tinytorch.nn.layers.LeakyReLU;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.MaxPool2d;
import dev.tinytorch.nn.layers.RNN;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Recurrent;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.layers.Size2d;
import dev.tinytorch.nn.layers.Softmax;
import dev.tinytorch.nn.layers.Tanh;
import dev.tinytorch.nn.layers.TimeDistributed;
import dev.tinytorch.nn.losses.BCEWithLogits;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.losses.MSELoss;
import dev.tinytorch.nn.losses.SequenceCrossEntropyLoss;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The layer and loss kinds a saved model may contain, by name and by class: what lets {@link ModelFiles} write
 * {@code "type": "Linear"} for a {@link Linear} and build a {@link Linear} back from it.
 *
 * <p>Immutable: {@link #withLayer} and {@link #withLoss} return a larger registry, so registering a custom layer
 * for one program never changes what another part of the process can load.
 */
public final class Components {

    /** {@link Softmax} normalises each row (sample) over its columns: PyTorch's {@code Softmax(dim=1)}. */
    private static final int SOFTMAX_DIM = 1;
    /** {@link Flatten} keeps the batch dimension and flattens the rest: PyTorch's default {@code Flatten(1, -1)}. */
    private static final int FLATTEN_START_DIM = 1;
    private static final int FLATTEN_END_DIM = -1;

    private static final Components BUILT_IN = new Components(new Kinds<>(), new Kinds<>())
            .withLayer(ComponentType.of("Linear", Linear.class,
                            linear -> Map.of("in_features", weight(linear).rows(),
                                    "out_features", weight(linear).cols()),
                            args -> new Linear(args.integer("in_features"), args.integer("out_features"),
                                    new SplittableRandom(0)))  // any values: the saved weights replace them
                    .withLayout("weight", TensorLayout.TRANSPOSED)
                    .withLayout("bias", TensorLayout.VECTOR)
                    .withShapes(Components::linearShapes))
            .withLayer(ComponentType.of("ReLU", ReLU.class, ReLU::new))
            .withLayer(ComponentType.of("Sigmoid", Sigmoid.class, Sigmoid::new))
            .withLayer(ComponentType.of("Tanh", Tanh.class, Tanh::new))
            .withLayer(ComponentType.of("LeakyReLU", LeakyReLU.class,
                    layer -> Map.of("negative_slope", layer.slope()),
                    args -> new LeakyReLU(args.number("negative_slope"))))
            .withLayer(ComponentType.of("Dropout", Dropout.class,
                    layer -> Map.of("p", layer.p()),
                    args -> new Dropout(args.number("p"))))
            .withLayer(ComponentType.of("Softmax", Softmax.class,
                    layer -> Map.of("dim", SOFTMAX_DIM),
                    args -> softmax(args.integer("dim"))))
            .withLayer(ComponentType.of("Conv2d", Conv2d.class, Components::describeConv,
                            args -> new Conv2d(args.integer("in_channels"), args.integer("out_channels"),
                                    size(args, "kernel_size"), size(args, "stride"), size(args, "padding"),
                                    new SplittableRandom(0)))  // any values: the saved weights replace them
                    .withTensorShape("weight", conv -> new long[] {conv.outChannels(), conv.inChannels(),
                            conv.kernel().height(), conv.kernel().width()})
                    .withLayout("bias", TensorLayout.VECTOR)
                    .withShapes(Components::convShapes))
            .withLayer(ComponentType.of("MaxPool2d", MaxPool2d.class,
                    pool -> poolArgs(pool.kernel(), pool.stride()),
                    args -> new MaxPool2d(size(args, "kernel_size"), size(args, "stride"))))
            .withLayer(ComponentType.of("AvgPool2d", AvgPool2d.class,
                    pool -> poolArgs(pool.kernel(), pool.stride()),
                    args -> new AvgPool2d(size(args, "kernel_size"), size(args, "stride"))))
            .withLayer(ComponentType.of("Flatten", Flatten.class,
                    flatten -> Map.of("start_dim", FLATTEN_START_DIM, "end_dim", FLATTEN_END_DIM),
                    args -> flatten(args.integer("start_dim"), args.integer("end_dim"))))
            .withLayer(batchNorm("BatchNorm1d", BatchNorm1d.class, BatchNorm1d::new))
            .withLayer(batchNorm("BatchNorm2d", BatchNorm2d.class, BatchNorm2d::new))
            .withLayer(recurrent("RNN", RNN.class, RNN::new, 1))
            .withLayer(recurrent("LSTM", LSTM.class, LSTM::new, 4))
            .withLayer(recurrent("GRU", GRU.class, GRU::new, 3))
            .withLayer(ComponentType.of("LastStep", LastStep.class,
                    layer -> Map.of("features", layer.features()),
                    args -> new LastStep(args.integer("features"))))
            .withLayer(ComponentType.of("Embedding", Embedding.class,
                            embedding -> Map.of("num_embeddings", embedding.numEmbeddings(),
                                    "embedding_dim", embedding.dim()),
                            args -> new Embedding(args.integer("num_embeddings"), args.integer("embedding_dim"),
                                    new SplittableRandom(0)))  // any values: the saved weights replace them
                    .withShapes(args -> Map.of("weight", new long[] {
                            positive(args.integer("num_embeddings")), positive(args.integer("embedding_dim"))})))
            .withLayer(ComponentType.of("TimeDistributed", TimeDistributed.class, Components::describePerStepLinear,
                            args -> new TimeDistributed(args.integer("in_features"),
                                    new Linear(args.integer("in_features"), args.integer("out_features"),
                                            new SplittableRandom(0))))  // any values: the saved weights replace them
                    .withLayout("weight", TensorLayout.TRANSPOSED)
                    .withLayout("bias", TensorLayout.VECTOR)
                    .withShapes(Components::linearShapes))
            .withLoss(ComponentType.of("BinaryCrossEntropy", BinaryCrossEntropy.class, BinaryCrossEntropy::new))
            .withLoss(ComponentType.of("BCEWithLogits", BCEWithLogits.class, BCEWithLogits::new))
            .withLoss(ComponentType.of("CrossEntropyLoss", CrossEntropyLoss.class, CrossEntropyLoss::new))
            .withLoss(ComponentType.of("MSELoss", MSELoss.class, MSELoss::new))
            .withLoss(ComponentType.of("SequenceCrossEntropyLoss", SequenceCrossEntropyLoss.class,
                    SequenceCrossEntropyLoss::new));

    private final Kinds<Layer> layers;
    private final Kinds<Loss> losses;

    private Components(Kinds<Layer> layers, Kinds<Loss> losses) {
        this.layers = layers;
        this.losses = losses;
    }

    /** Every layer and loss of this library. */
    public static Components builtIn() {
        return BUILT_IN;
    }

    /**
     * These kinds plus the layer kind {@code type}.
     *
     * @throws IllegalArgumentException if its name or class is registered already
     */
    public Components withLayer(ComponentType<? extends Layer> type) {
        return new Components(layers.with(type), losses);
    }

    /**
     * These kinds plus the loss kind {@code type}.
     *
     * @throws IllegalArgumentException if its name or class is registered already
     */
    public Components withLoss(ComponentType<? extends Loss> type) {
        return new Components(layers, losses.with(type));
    }

    /** The layer kind called {@code name}, if registered. */
    Optional<ComponentType<? extends Layer>> layer(String name) {
        return Optional.ofNullable(layers.byName.get(name));
    }

    /** The layer kind of exactly this class, if registered. */
    Optional<ComponentType<? extends Layer>> layerOf(Class<?> type) {
        return Optional.ofNullable(layers.byClass.get(type));
    }

    /** The loss kind called {@code name}, if registered. */
    Optional<ComponentType<? extends Loss>> loss(String name) {
        return Optional.ofNullable(losses.byName.get(name));
    }

    /** The loss kind of exactly this class, if registered. */
    Optional<ComponentType<? extends Loss>> lossOf(Class<?> type) {
        return Optional.ofNullable(losses.byClass.get(type));
    }

    /** The names of the registered layer kinds, in registration order. */
    List<String> layerNames() {
        return List.copyOf(layers.byName.keySet());
    }

    /** The names of the registered loss kinds, in registration order. */
    List<String> lossNames() {
        return List.copyOf(losses.byName.keySet());
    }

    /** The tensor shapes of a {@link Linear}'s weight and bias, from its sizes: PyTorch's {@code [out, in]}. */
    private static Map<String, long[]> linearShapes(HyperParameters args) {
        int in = args.integer("in_features");
        int out = args.integer("out_features");
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("sizes must be positive");  // Linear's constructor says it better
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("weight", new long[] {out, in});
        shapes.put("bias", new long[] {out});
        return shapes;
    }

    /**
     * A {@link TimeDistributed} {@link Linear}'s arguments, {@code torch.nn.Linear}'s: in PyTorch the same layer is
     * an {@code nn.Linear} applied to a {@code [batch, steps, features]} tensor, with the same state dict. Other
     * inner layers are not saved.
     */
    private static Map<String, Object> describePerStepLinear(TimeDistributed layer) {
        if (!(layer.inner() instanceof Linear linear)) {
            throw new IllegalArgumentException("only a TimeDistributed Linear can be saved, not " + layer);
        }
        return Map.of("in_features", weight(linear).rows(), "out_features", weight(linear).cols());
    }

    /** {@code size}, if positive; else the constructor's own message says it better. */
    private static long positive(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        return size;
    }

    /** A {@link Conv2d}'s arguments as {@code torch.nn.Conv2d} takes them, sizes as {@code [height, width]}. */
    private static Map<String, Object> describeConv(Conv2d conv) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("in_channels", conv.inChannels());
        args.put("out_channels", conv.outChannels());
        args.put("kernel_size", pair(conv.kernel()));
        args.put("stride", pair(conv.stride()));
        args.put("padding", pair(conv.padding()));
        return args;
    }

    /** A pool's arguments as {@code torch.nn.MaxPool2d} and {@code AvgPool2d} take them. */
    private static Map<String, Object> poolArgs(Size2d kernel, Size2d stride) {
        return Map.of("kernel_size", pair(kernel), "stride", pair(stride));
    }

    private static List<Integer> pair(Size2d size) {
        return List.of(size.height(), size.width());
    }

    /** The size called {@code name}: {@code [height, width]}, or one whole number for both. */
    private static Size2d size(HyperParameters args, String name) {
        int[] hw = args.integers(name, 2);
        return Size2d.of(hw[0], hw[1]);
    }

    /**
     * The tensor shapes of a {@link Conv2d}'s weight and bias, from its arguments: PyTorch's
     * {@code [out, in, kH, kW]} and {@code [out]}.
     */
    private static Map<String, long[]> convShapes(HyperParameters args) {
        int in = args.integer("in_channels");
        int out = args.integer("out_channels");
        Size2d kernel = size(args, "kernel_size");
        if (in < 1 || out < 1 || kernel.height() < 1 || kernel.width() < 1) {
            throw new IllegalArgumentException("sizes must be positive");  // the constructor says it better
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("weight", new long[] {out, in, kernel.height(), kernel.width()});
        shapes.put("bias", new long[] {out});
        return shapes;
    }

    private static Flatten flatten(int startDim, int endDim) {
        if (startDim != FLATTEN_START_DIM || endDim != FLATTEN_END_DIM) {
            throw new IllegalArgumentException("Flatten flattens each sample whole (start_dim " + FLATTEN_START_DIM
                    + ", end_dim " + FLATTEN_END_DIM + ") only, got start_dim " + startDim + ", end_dim " + endDim);
        }
        return new Flatten();
    }

    /** How a batch norm's constructor takes PyTorch's {@code num_features}, {@code eps} and {@code momentum}. */
    @FunctionalInterface
    private interface BatchNormConstructor<T extends BatchNorm> {
        T create(int numFeatures, double eps, double momentum);
    }

    /**
     * The kind of batch norm {@code name}: PyTorch's arguments, {@code weight} and {@code bias} saved as vectors,
     * and the running statistics as buffers.
     */
    private static <T extends BatchNorm> ComponentType<T> batchNorm(String name, Class<T> type,
            BatchNormConstructor<T> constructor) {
        return ComponentType.of(name, type,
                        layer -> Map.of("num_features", layer.numFeatures(), "eps", layer.eps(),
                                "momentum", layer.momentum()),
                        args -> constructor.create(args.integer("num_features"), args.number("eps"),
                                args.number("momentum")))
                .withLayout("weight", TensorLayout.VECTOR)
                .withLayout("bias", TensorLayout.VECTOR)
                .withShapes(Components::batchNormShapes)
                .withBuffers(Components::batchNormBuffers, Components::restoreBatchNormBuffers);
    }

    /** The tensor shapes of a batch norm's {@code gamma} and {@code beta}: one value per feature. */
    private static Map<String, long[]> batchNormShapes(HyperParameters args) {
        int features = args.integer("num_features");
        if (features < 1) {
            throw new IllegalArgumentException("num_features must be positive");  // the constructor says it better
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put("weight", new long[] {features});
        shapes.put("bias", new long[] {features});
        return shapes;
    }

    /**
     * A batch norm's buffers as PyTorch's {@code state_dict()} holds them: {@code running_mean} and
     * {@code running_var} of shape {@code [num_features]}, and {@code num_batches_tracked}, a 0-dimensional int64.
     */
    private static Map<String, Tensor> batchNormBuffers(BatchNorm layer) {
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        long[] shape = {layer.numFeatures()};
        buffers.put("running_mean", new Tensor(shape, layer.runningMean()));
        buffers.put("running_var", new Tensor(shape, layer.runningVar()));
        buffers.put("num_batches_tracked", Tensor.ofLongs(new long[0], new long[] {layer.numBatchesTracked()}));
        return buffers;
    }

    private static void restoreBatchNormBuffers(BatchNorm layer, Map<String, Tensor> buffers) {
        double[] variances = buffers.get("running_var").data();
        for (double v : variances) {
            if (!(v >= 0)) {
                throw new IllegalArgumentException("running_var holds " + v + "; a variance is never negative");
            }
        }
        layer.setRunningStatistics(buffers.get("running_mean").data(), variances,
                buffers.get("num_batches_tracked").longs()[0]);
    }

    /** How a recurrent layer's constructor takes PyTorch's {@code input_size}, {@code hidden_size}, {@code num_layers}. */
    @FunctionalInterface
    private interface RecurrentConstructor<T extends Recurrent> {
        T create(int inputSize, int hiddenSize, int numLayers, RandomGenerator rng);
    }

    /**
     * The kind of recurrent layer {@code name} with {@code gates} gates: PyTorch's arguments with
     * {@code batch_first=True} (the only layout here), weights saved as they are ({@code [gates*H, in]}), biases as
     * vectors.
     */
    private static <T extends Recurrent> ComponentType<T> recurrent(String name, Class<T> type,
            RecurrentConstructor<T> constructor, int gates) {
        return ComponentType.of(name, type,
                        layer -> Map.of("input_size", layer.inputSize(), "hidden_size", layer.hiddenSize(),
                                "num_layers", layer.numLayers(), "batch_first", true),
                        args -> {
                            if (!args.flag("batch_first")) {
                                throw new IllegalArgumentException(name + " takes batch_first=true sequences only");
                            }
                            return constructor.create(args.integer("input_size"), args.integer("hidden_size"),
                                    args.integer("num_layers"), new SplittableRandom(0));  // the saved weights replace them
                        })
                .withLayoutRule(parameter -> parameter.startsWith("bias_") ? TensorLayout.VECTOR : TensorLayout.AS_IS)
                .withShapes(args -> recurrentShapes(args, gates));
    }

    /** The tensor shapes of a recurrent layer's parameters, layer by layer, in PyTorch's order. */
    private static Map<String, long[]> recurrentShapes(HyperParameters args, int gates) {
        int in = args.integer("input_size");
        int hidden = args.integer("hidden_size");
        int layers = args.integer("num_layers");
        if (in < 1 || hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("sizes must be positive");  // the constructor says it better
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            shapes.put("weight_ih_l" + l, new long[] {(long) gates * hidden, l == 0 ? in : hidden});
            shapes.put("weight_hh_l" + l, new long[] {(long) gates * hidden, hidden});
            shapes.put("bias_ih_l" + l, new long[] {(long) gates * hidden});
            shapes.put("bias_hh_l" + l, new long[] {(long) gates * hidden});
        }
        return shapes;
    }

    private static Softmax softmax(int dim) {
        if (dim != SOFTMAX_DIM) {
            throw new IllegalArgumentException("Softmax normalises over dim " + SOFTMAX_DIM + " (the classes of"
                    + " each sample) only, got dim " + dim);
        }
        return new Softmax();
    }

    private static Matrix weight(Linear linear) {
        for (Parameter parameter : linear.parameters()) {
            if (parameter.name().equals("weight")) {
                return parameter.value();
            }
        }
        throw new IllegalStateException(linear + " has no parameter called weight");
    }

    /** The kinds of one base type, looked up both ways. */
    private static final class Kinds<B> {

        final Map<String, ComponentType<? extends B>> byName = new LinkedHashMap<>();
        final Map<Class<?>, ComponentType<? extends B>> byClass = new LinkedHashMap<>();

        Kinds<B> with(ComponentType<? extends B> type) {
            if (byName.containsKey(type.name()) || byClass.containsKey(type.type())) {
                throw new IllegalArgumentException("Components: " + type + " clashes with "
                        + (byName.containsKey(type.name()) ? byName.get(type.name()) : byClass.get(type.type()))
                        + ", registered already");
            }
            Kinds<B> more = new Kinds<>();
            more.byName.putAll(byName);
            more.byClass.putAll(byClass);
            more.byName.put(type.name(), type);
            more.byClass.put(type.type(), type);
            return more;
        }
    }
}
