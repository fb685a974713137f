package dev.tinytorch.nn.io;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Loss;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.ShapedLayer;
import dev.tinytorch.nn.data.Standardizer;
import dev.tinytorch.nn.data.Excerpt;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Saves a model to a directory and loads it back, on any backend: the architecture, loss, preprocessing and task
 * as {@value #CONFIG} (see {@link ConfigJson}), the weights as {@value #WEIGHTS} in the safetensors format with
 * PyTorch's {@code state_dict()} names and layouts, so that Python can load them into the equivalent
 * {@code torch.nn.Sequential}. An image network's input shape ({@link Sequential#inputShape()}) is recorded too, so
 * that its convolutions and pools are connected again on load.
 *
 * <p>Saving refuses weights and statistics that are NaN or infinite. Saving is atomic: both files are written
 * completely to temporary files first, the weights then replace the old weights and the configuration replaces the old
 * configuration, each by an atomic rename. An interrupted save leaves the previous model (or, in the instant between
 * the two renames, a pair that {@link #load} rejects because {@value #CONFIG} records the SHA-256 of the weights it
 * belongs to), never a half-written file.
 *
 * <p>Loading checks everything and fails with a {@link ModelFormatException} naming the file and the problem: a missing
 * or truncated file, invalid JSON, another format version, an unknown layer type, a tensor of the wrong dtype or shape,
 * a missing or extra tensor, a weight that is NaN or infinite, weights from another save, or a task the network does
 * not fit (inputs, or outputs per class). Reading is bounded: {@value #CONFIG} may have {@value #MAX_CONFIG_BYTES}
 * bytes, and the weights file is read no further than its header promises, so a device or a pipe given as a model file
 * fails at once; layer sizes are compared with the tensors before a layer is built, so a configuration asking for a
 * huge layer is refused without allocating it. After a round trip the weights are bit-for-bit the saved ones, so the
 * predictions on the same backend are identical.
 */
public final class ModelFiles {

    /** The architecture file's name. */
    public static final String CONFIG = "config.json";
    /** The weights file's name. */
    public static final String WEIGHTS = "model.safetensors";

    /** The largest {@value #CONFIG} read: room for the statistics and names of some 300,000 input columns. */
    public static final int MAX_CONFIG_BYTES = 32 * 1024 * 1024;

    private static final String VERSION = readVersion();

    private ModelFiles() {
    }

    /** The version of this library, as recorded in every saved model. */
    public static String libraryVersion() {
        return VERSION;
    }

    /** Saves the bare {@code model} (no preprocessing, no task description) into {@code directory}. */
    public static void save(Sequential model, Path directory) throws IOException {
        save(new SavedModel(model), directory);
    }

    /** Saves {@code saved} into {@code directory} (created if needed), replacing any model there. */
    public static void save(SavedModel saved, Path directory) throws IOException {
        save(saved, directory, Components.builtIn());
    }

    /**
     * Saves {@code saved} into {@code directory}, whose layer and loss kinds are looked up in {@code components}.
     *
     * @throws IllegalArgumentException if a layer or the loss is of a kind {@code components} does not know, a
     *                                  weight or statistic is NaN or infinite, or a hyper-parameter cannot be
     *                                  written; nothing is written then, and a model already in {@code directory}
     *                                  stays as it was
     */
    public static void save(SavedModel saved, Path directory, Components components) throws IOException {
        Sequential model = saved.model();
        List<Layer> layers = model.layers();
        List<ComponentType<? extends Layer>> types = new ArrayList<>();
        List<ModelConfig.Component> layerConfigs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            ComponentType<? extends Layer> type = components.layerOf(layer.getClass()).orElseThrow(() ->
                    unregistered("layer " + layer, layer.getClass(), "withLayer"));
            types.add(type);
            layerConfigs.add(new ModelConfig.Component(type.name(), type.describe(layer)));
        }
        Loss loss = model.criterion();
        ComponentType<? extends Loss> lossType = components.lossOf(loss.getClass()).orElseThrow(() ->
                unregistered("loss " + loss, loss.getClass(), "withLoss"));

        Map<String, Tensor> tensors = StateDict.export(layers, types, model.ops().dtype());
        for (Map.Entry<String, Tensor> tensor : tensors.entrySet()) {
            String bad = nonFinite(tensor.getValue());
            if (bad != null) {
                throw new IllegalArgumentException("cannot save the model to " + directory + ": tensor \""
                        + tensor.getKey() + "\" holds " + bad + "; a model whose weights are not finite predicts"
                        + " nothing (did training diverge?)");
            }
        }
        byte[] weights = SafeTensors.encode(tensors, Map.of("format", "pt", "producer", "tinytorch " + VERSION));
        ModelConfig.Statistics statistics = saved.standardizer()
                .map(s -> new ModelConfig.Statistics(s.mean(), s.std(), s.scale())).orElse(null);
        ImageShape inputShape = model.inputShape().orElse(null);
        if (inputShape == null) {
            layers.stream().filter(ModelFiles::needsInputShape).findFirst().ifPresent(layer -> {
                throw new IllegalArgumentException("cannot save the model to " + directory + ": " + layer
                        + " needs the height and width of its inputs, which config.json records as the"
                        + " network's input shape; build the network with new Sequential(new ImageShape(c, h, w),"
                        + " layers, loss)");
            });
        }
        byte[] config = ConfigJson.write(new ModelConfig(VERSION, model.ops().dtype(), inputShape, layerConfigs,
                new ModelConfig.Component(lossType.name(), lossType.describe(loss)), statistics,
                saved.task().orElse(null), sha256(weights)));

        Map<String, AtomicFiles.Content> files = new LinkedHashMap<>();
        files.put(WEIGHTS, out -> out.write(weights));
        files.put(CONFIG, out -> out.write(config));
        AtomicFiles.write(directory, files);
    }

    /** Loads the model in {@code directory} onto the default backend ({@link Backends#getDefault()}). */
    public static SavedModel load(Path directory) throws IOException {
        return load(directory, Backends.getDefault());
    }

    /** Loads the model in {@code directory} onto {@code ops}. */
    public static SavedModel load(Path directory, MatrixOps ops) throws IOException {
        return load(directory, ops, Components.builtIn());
    }

    /**
     * Loads the model in {@code directory} onto {@code ops}, looking its layer and loss kinds up in
     * {@code components}.
     *
     * @throws ModelFormatException naming the file and the problem if the model cannot be rebuilt exactly
     */
    public static SavedModel load(Path directory, MatrixOps ops, Components components) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new ModelFormatException(directory, "no such directory; a saved model is a directory holding "
                    + CONFIG + " and " + WEIGHTS);
        }
        Path configFile = directory.resolve(CONFIG);
        Path weightsFile = directory.resolve(WEIGHTS);
        ModelConfig config = ConfigJson.read(readConfig(configFile), configFile);
        byte[] weightBytes = readWeights(weightsFile);
        Map<String, Tensor> tensors = SafeTensors.decode(weightBytes, weightsFile);
        for (Map.Entry<String, Tensor> tensor : tensors.entrySet()) {
            String bad = nonFinite(tensor.getValue());
            if (bad != null) {
                throw new ModelFormatException(weightsFile, "tensor \"" + tensor.getKey() + "\" holds " + bad
                        + "; a model whose weights are not finite predicts nothing: train it again");
            }
        }

        List<Layer> layers = new ArrayList<>();
        List<ComponentType<? extends Layer>> types = new ArrayList<>();
        for (int i = 0; i < config.layers().size(); i++) {
            ModelConfig.Component layer = config.layers().get(i);
            String where = "layers[" + i + "]";
            ComponentType<? extends Layer> type = components.layer(layer.type()).orElseThrow(() ->
                    unknown(configFile, where, "layer", layer.type(), components.layerNames()));
            types.add(type);
            checkShapes(i, type, layer, tensors, weightsFile);  // before building: a layer may be huge
            layers.add(build(type, layer, configFile, where));
        }
        ModelConfig.Component lossConfig = config.loss();
        ComponentType<? extends Loss> lossType = components.loss(lossConfig.type()).orElseThrow(() ->
                unknown(configFile, "loss", "loss", lossConfig.type(), components.lossNames()));
        Loss loss = build(lossType, lossConfig, configFile, "loss");
        Sequential model = connect(config.inputShape(), layers, loss, configFile).to(ops);
        StateDict.restore(layers, types, tensors, weightsFile);
        String sha = sha256(weightBytes);
        if (!sha.equals(config.weightsSha256())) {
            throw new ModelFormatException(weightsFile, "its SHA-256 is " + sha + " but " + CONFIG + " expects "
                    + config.weightsSha256() + ": the two files are not from the same save");
        }
        return describe(new SavedModel(model), config, ops, configFile);
    }

    /**
     * The layers described in {@code file}, a recipe: either a JSON array of {@code {"type", "args"}} objects, as
     * the {@code "layers"} section of {@value #CONFIG}, or a whole {@value #CONFIG} whose {@code "layers"} is used.
     * Layers with weights get initial values that do not depend on any seed; a caller that trains them draws its
     * own (see {@link Components}). Nothing is connected: chaining the shapes is {@link Sequential}'s job.
     *
     * @throws ModelFormatException naming {@code file} and where if it is not JSON, a layer type is unknown (listing
     *                              the known ones) or its arguments are missing, wrong or extra
     */
    public static List<Layer> readLayers(Path file, Components components) throws IOException {
        byte[] bytes = readConfig(file);
        JsonField root = new JsonField(Json.parse(bytes, 0, bytes.length, file, "the content"), "", file);
        JsonField array = root.isArray() ? root : root.get("layers");
        List<Layer> layers = new ArrayList<>();
        List<JsonField> elements = array.elements();
        String prefix = root.isArray() ? "" : "layers";
        for (int i = 0; i < elements.size(); i++) {
            ModelConfig.Component layer = ConfigJson.component(elements.get(i));
            String where = prefix + "[" + i + "]";
            ComponentType<? extends Layer> type = components.layer(layer.type()).orElseThrow(() ->
                    unknown(file, where, "layer", layer.type(), components.layerNames()));
            layers.add(build(type, layer, file, where));
        }
        if (layers.isEmpty()) {
            throw new ModelFormatException(file, "no layers: a network needs at least one");
        }
        return layers;
    }

    /**
     * The network of {@code layers} taking images of {@code inputShape} ({@code null}: not recorded).
     *
     * @throws ModelFormatException naming {@code configFile} if a layer needs the input shape and none is recorded,
     *                              or the shapes do not chain
     */
    private static Sequential connect(ImageShape inputShape, List<Layer> layers, Loss loss, Path configFile)
            throws ModelFormatException {
        if (inputShape == null) {
            for (int i = 0; i < layers.size(); i++) {
                if (needsInputShape(layers.get(i))) {
                    throw new ModelFormatException(configFile, "layers[" + i + "] (" + layers.get(i) + ") needs the"
                            + " height and width of its inputs, but there is no \"input_shape\": [channels, height,"
                            + " width]");
                }
            }
        }
        try {
            return new Sequential(inputShape, layers, loss);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(configFile, "the layers do not chain from input_shape " + inputShape
                    + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code layer} cannot work without knowing the height and width of its input images. */
    private static boolean needsInputShape(Layer layer) {
        return layer instanceof ShapedLayer shaped && shaped.needsInputShape();
    }

    private static SavedModel describe(SavedModel bare, ModelConfig config, MatrixOps ops, Path configFile)
            throws ModelFormatException {
        SavedModel saved = bare;
        try {
            if (config.preprocessing() != null) {
                ModelConfig.Statistics s = config.preprocessing();
                saved = saved.withStandardizer(Standardizer.of(ops, s.mean(), s.std(), s.scale()));
            }
            if (config.task() != null) {
                saved = saved.withTask(config.task());
            }
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(configFile, "preprocessing and task do not fit: " + e.getMessage(), e);
        }
        checkFit(saved, ops, configFile);
        return saved;
    }

    /**
     * Checks that the network takes as many inputs as the preprocessing or the task describes, and gives as many
     * outputs as the task needs (one per class for multi-class, one otherwise), by a forward pass of one row of
     * zeros in evaluation mode: a network that does not fit would otherwise fail, or worse print nonsense, only
     * when used.
     */
    private static void checkFit(SavedModel saved, MatrixOps ops, Path configFile) throws ModelFormatException {
        Task task = saved.task().orElse(null);
        int inputs = task != null ? task.features().size() : saved.standardizer().map(Standardizer::features).orElse(0);
        if (inputs == 0) {
            return;
        }
        String described = task != null ? "task.features names " + inputs + " input columns"
                : "preprocessing describes " + inputs + " input columns";
        Sequential model = saved.model();
        Matrix outputs;
        try {
            model.eval();
            outputs = model.forward(ops.zeros(1, inputs));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(configFile, described + " but the network " + model.layers()
                    + " does not take them: " + e.getMessage(), e);
        } finally {
            model.train();
        }
        if (task == null) {
            return;
        }
        int needed = task.kind() == Task.Kind.MULTICLASS ? task.classes().size() : 1;
        if (outputs.cols() != needed) {
            String why = switch (task.kind()) {
                case BINARY -> "a binary model outputs one value, the probability of class "
                        + task.classes().get(1);
                case MULTICLASS -> "a multiclass model outputs one score per class, and the task has "
                        + task.classes().size() + " classes " + task.classes();
                case REGRESSION -> "a regression model outputs one value";
            };
            throw new ModelFormatException(configFile, "task.kind is " + task.kind().id() + " but the network "
                    + "outputs " + outputs.cols() + " values per sample; " + why);
        }
    }

    /** Compares the tensor shapes {@code type} computes from the hyper-parameters with the file's, if it can. */
    private static void checkShapes(int index, ComponentType<? extends Layer> type, ModelConfig.Component layer,
            Map<String, Tensor> tensors, Path weightsFile) throws ModelFormatException {
        Optional<Map<String, long[]>> shapes;
        try {
            shapes = type.shapes(new HyperParameters(layer.args()));
        } catch (IllegalArgumentException e) {
            return;  // building reports what is wrong with the hyper-parameters
        }
        if (shapes.isPresent()) {
            String described = type.name() + " " + Excerpt.of(new HyperParameters(layer.args()).toString());
            StateDict.check(index, described, shapes.get(), tensors, weightsFile);
        }
    }

    /**
     * The first NaN or infinite element of {@code tensor}, described for people, or {@code null} if there is none
     * (always for integers).
     */
    private static String nonFinite(Tensor tensor) {
        if (!tensor.isFloating()) {
            return null;
        }
        double[] data = tensor.data();
        for (int i = 0; i < data.length; i++) {
            if (!Double.isFinite(data[i])) {
                return data[i] + " (element " + i + " of its " + data.length + ")";
            }
        }
        return null;
    }

    private static <T> T build(ComponentType<T> type, ModelConfig.Component config, Path file, String where)
            throws ModelFormatException {
        HyperParameters args = new HyperParameters(config.args());
        T built;
        try {
            built = type.build(args);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, where + " (" + type.name() + ") cannot be built from args "
                    + Excerpt.of(args.toString()) + ": " + e.getMessage(), e);
        }
        if (!args.unread().isEmpty()) {
            throw new ModelFormatException(file, where + ".args has " + Excerpt.list(List.copyOf(args.unread()))
                    + ", which " + type.name() + " does not take");
        }
        return built;
    }

    private static ModelFormatException unknown(Path file, String where, String what, String name,
            List<String> known) {
        return new ModelFormatException(file, where + ".type \"" + Excerpt.of(name) + "\" is not a " + what
                + " type this tinytorch knows (" + String.join(", ", known) + "); a custom " + what
                + " must be registered in the Components passed to load");
    }

    private static IllegalArgumentException unregistered(String what, Class<?> type, String method) {
        return new IllegalArgumentException("cannot save " + what + ": " + type.getName() + " is not a registered"
                + " kind; pass Components.builtIn()." + method + "(ComponentType.of(...)) to save and load");
    }

    /** The bytes of {@code file}, at most {@value #MAX_CONFIG_BYTES}. */
    private static byte[] readConfig(Path file) throws IOException {
        try (InputStream in = open(file)) {
            byte[] bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
            if (bytes.length > MAX_CONFIG_BYTES) {
                throw new ModelFormatException(file, "longer than the " + MAX_CONFIG_BYTES + " bytes (32 MiB) a "
                        + CONFIG + " may have; it is not one");
            }
            return bytes;
        }
    }

    /** The bytes of {@code file}, no more than its header promises (see {@link SafeTensors#readBytes}). */
    private static byte[] readWeights(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return SafeTensors.readBytes(in, file);
        }
    }

    private static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new ModelFormatException(file, "is a directory; a saved model is a directory holding the files "
                    + CONFIG + " and " + WEIGHTS);
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file, "missing; a saved model is a directory holding " + CONFIG + " and "
                    + WEIGHTS, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    private static String readVersion() {
        try (InputStream in = ModelFiles.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the tinytorch-nn jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
