package dev.tinytorch.nn.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tinytorch.api.DType;
import dev.tinytorch.nn.ImageShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads {@code config.json}, the human-readable half of a saved model:
 * <pre>{@code
 * {
 *   "format" : "tinytorch-model",
 *   "format_version" : 1,
 *   "library_version" : "0.1.0",
 *   "dtype" : "float32",
 *   "input_shape" : [ 1, 28, 28 ],
 *   "layers" : [ { "type" : "Linear", "args" : { "in_features" : 30, "out_features" : 1 } },
 *                { "type" : "Sigmoid", "args" : { } } ],
 *   "loss" : { "type" : "BinaryCrossEntropy", "args" : { } },
 *   "preprocessing" : { "type" : "Standardizer", "mean" : [ ... ], "std" : [ ... ], "scale" : [ ... ] },
 *   "task" : { "kind" : "binary", "target" : "target", "features" : [ ... ], "classes" : [ 0.0, 1.0 ] },
 *   "weights_sha256" : "..."
 * }
 * }</pre>
 * {@code input_shape} (channels, height, width of the images a convolutional network takes), {@code preprocessing}
 * and {@code task} are optional; so is {@code dtype} (the precision the model was saved in, {@code float64} or
 * {@code float32}), float64 when absent, as in files written before it was recorded. The format and its version are checked before anything
 * else, so a file of another kind or version says so instead of failing on some field.
 */
final class ConfigJson {

    /** The value of {@code "format"} in every model's {@code config.json}. */
    static final String FORMAT = "tinytorch-model";
    /** The layout of {@code config.json} this code writes and reads; raised when that layout changes. */
    static final int FORMAT_VERSION = 1;

    private static final String STANDARDIZER = "Standardizer";

    private ConfigJson() {
    }

    static byte[] write(ModelConfig config) {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("format_version", FORMAT_VERSION);
        root.put("library_version", config.libraryVersion());
        root.put("dtype", config.dtype().id());
        if (config.inputShape() != null) {
            ImageShape shape = config.inputShape();
            root.putArray("input_shape").add(shape.channels()).add(shape.height()).add(shape.width());
        }
        ArrayNode layers = root.putArray("layers");
        config.layers().forEach(layer -> component(layer, layers.addObject()));
        component(config.loss(), root.putObject("loss"));
        if (config.preprocessing() != null) {
            ObjectNode preprocessing = root.putObject("preprocessing");
            preprocessing.put("type", STANDARDIZER);
            numbers(preprocessing.putArray("mean"), config.preprocessing().mean(), "mean");
            numbers(preprocessing.putArray("std"), config.preprocessing().std(), "std");
            numbers(preprocessing.putArray("scale"), config.preprocessing().scale(), "scale");
        }
        if (config.task() != null) {
            Task task = config.task();
            ObjectNode node = root.putObject("task");
            node.put("kind", task.kind().id());
            node.put("target", task.target());
            task.features().forEach(node.putArray("features")::add);
            task.classes().forEach(node.putArray("classes")::add);
        }
        root.put("weights_sha256", config.weightsSha256());
        return Json.pretty(root);
    }

    private static void component(ModelConfig.Component component, ObjectNode node) {
        node.put("type", component.type());
        ObjectNode args = node.putObject("args");
        new TreeMap<>(component.args()).forEach((name, value) -> {
            if (value instanceof Integer i) {
                args.put(name, i);
            } else if (value instanceof Long l) {
                args.put(name, l);
            } else if (value instanceof Double d && Double.isFinite(d)) {
                args.put(name, d);
            } else if (value instanceof String s) {
                args.put(name, s);
            } else if (value instanceof Boolean b) {
                args.put(name, b);
            } else if (value instanceof List<?> list && list.stream().allMatch(Integer.class::isInstance)) {
                ArrayNode array = args.putArray(name);
                list.forEach(element -> array.add((Integer) element));
            } else {
                throw new IllegalArgumentException(component.type() + ": hyper-parameter '" + name + "' = " + value
                        + " cannot be saved; use an Integer, Long, finite Double, String, Boolean or List of Integers");
            }
        });
    }

    private static void numbers(ArrayNode array, double[] values, String name) {
        for (int j = 0; j < values.length; j++) {
            if (!Double.isFinite(values[j])) {
                throw new IllegalArgumentException("cannot save the preprocessing: the " + name + " of column " + j
                        + " is " + values[j] + ", not a finite number");
            }
            array.add(values[j]);
        }
    }

    /**
     * The configuration in {@code bytes}, the contents of {@code file}.
     *
     * @throws ModelFormatException naming {@code file} and the field if anything is missing, of the wrong type, of
     *                              another format or of an unsupported version
     */
    static ModelConfig read(byte[] bytes, Path file) throws ModelFormatException {
        JsonField root = new JsonField(Json.parse(bytes, 0, bytes.length, file, "the content"), "", file);
        String format = root.has("format") ? root.get("format").text() : "(missing)";
        if (!format.equals(FORMAT)) {
            throw new ModelFormatException(file, "not a tinytorch model: \"format\" is " + format + ", expected "
                    + FORMAT);
        }
        String writer = root.has("library_version") ? root.get("library_version").text() : "an unknown version";
        long version = root.get("format_version").integer(Long.MIN_VALUE, Long.MAX_VALUE);
        if (version != FORMAT_VERSION) {
            throw new ModelFormatException(file, "format_version " + version + " is not supported: this tinytorch ("
                    + ModelFiles.libraryVersion() + ") reads version " + FORMAT_VERSION + "; the model was saved by "
                    + "tinytorch " + writer);
        }
        List<ModelConfig.Component> layers = new ArrayList<>();
        for (JsonField layer : root.get("layers").elements()) {
            layers.add(component(layer));
        }
        return new ModelConfig(writer, root.has("dtype") ? dtype(root.get("dtype")) : DType.FLOAT64,
                root.has("input_shape") ? inputShape(root.get("input_shape")) : null, layers, component(root.get("loss")),
                root.has("preprocessing") ? statistics(root.get("preprocessing")) : null,
                root.has("task") ? task(root.get("task")) : null,
                root.get("weights_sha256").text());
    }

    private static DType dtype(JsonField node) throws ModelFormatException {
        String name = node.text();
        try {
            return DType.parse(name);
        } catch (IllegalArgumentException e) {
            throw node.error("is \"" + name + "\", not a precision; valid: float64, float32");
        }
    }

    static ModelConfig.Component component(JsonField node) throws ModelFormatException {
        Map<String, Object> args = new LinkedHashMap<>();
        for (Map.Entry<String, JsonField> arg : node.get("args").members()) {
            args.put(arg.getKey(), arg.getValue().hyperParameter());
        }
        return new ModelConfig.Component(node.get("type").text(), args);
    }

    private static ImageShape inputShape(JsonField node) throws ModelFormatException {
        List<JsonField> sizes = node.elements();
        if (sizes.size() != 3) {
            throw node.error("must be [channels, height, width], got " + sizes.size() + " values");
        }
        int[] chw = new int[3];
        for (int i = 0; i < 3; i++) {
            chw[i] = (int) sizes.get(i).integer(1, Integer.MAX_VALUE);
        }
        try {
            return new ImageShape(chw[0], chw[1], chw[2]);
        } catch (IllegalArgumentException e) {
            throw node.error("is not an image shape: " + e.getMessage());
        }
    }

    private static ModelConfig.Statistics statistics(JsonField node) throws ModelFormatException {
        String type = node.get("type").text();
        if (!type.equals(STANDARDIZER)) {
            throw node.get("type").error("is " + type + "; the only preprocessing is " + STANDARDIZER);
        }
        ModelConfig.Statistics statistics = new ModelConfig.Statistics(node.get("mean").numbers(),
                node.get("std").numbers(), node.get("scale").numbers());
        int columns = statistics.mean().length;
        if (columns == 0 || statistics.std().length != columns || statistics.scale().length != columns) {
            throw node.error("must hold mean, std and scale with one value per column each, got "
                    + columns + ", " + statistics.std().length + " and " + statistics.scale().length + " values");
        }
        return statistics;
    }

    private static Task task(JsonField node) throws ModelFormatException {
        List<Double> classes = new ArrayList<>();
        for (double c : node.get("classes").numbers()) {
            classes.add(c);
        }
        try {
            return new Task(Task.Kind.fromId(node.get("kind").text()), node.get("target").text(),
                    node.get("features").texts(), classes);
        } catch (IllegalArgumentException e) {
            throw node.error("is not a valid task: " + e.getMessage());
        }
    }
}
