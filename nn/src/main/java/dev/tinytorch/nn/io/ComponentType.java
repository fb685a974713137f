package dev.tinytorch.nn.io;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One kind of layer or loss as a saved model names it: the type name written to {@code config.json}, how to read
 * the hyper-parameters off an instance, how to build an instance from them, and how its parameters (and buffers,
 * such as a batch norm's running statistics) map to the tensors of PyTorch's equivalent module.
 *
 * <p>Built-in kinds are registered in {@link Components#builtIn()}; a custom layer becomes saveable by registering
 * its own type. Hyper-parameter names follow PyTorch's constructor arguments where there is an equivalent module
 * ({@code in_features}, {@code negative_slope}, {@code p}), so that Python can rebuild the network from the file.
 *
 * @param <T> the class of the layer or loss
 */
public final class ComponentType<T> {

    private final String name;
    private final Class<T> type;
    private final Function<? super T, Map<String, Object>> describe;
    private final Function<HyperParameters, ? extends T> build;
    private final Map<String, TensorLayout> layouts;
    private final Function<String, TensorLayout> layoutRule;  // for parameters layouts does not name
    private final Map<String, Function<T, long[]>> tensorShapes;  // parameters saved reshaped, by name
    private final Function<HyperParameters, Map<String, long[]>> shapes;  // null: known only once built
    private final Buffers<T> buffers;  // null: none

    /** How an instance's buffers are saved and restored; see {@link #withBuffers}. */
    private record Buffers<T>(Function<T, Map<String, Tensor>> save, BiConsumer<T, Map<String, Tensor>> load) {
    }

    private ComponentType(String name, Class<T> type, Function<? super T, Map<String, Object>> describe,
            Function<HyperParameters, ? extends T> build, Map<String, TensorLayout> layouts,
            Function<String, TensorLayout> layoutRule, Map<String, Function<T, long[]>> tensorShapes, Function<HyperParameters, Map<String, long[]>> shapes,
            Buffers<T> buffers) {
        if (name.isBlank()) {
            throw new IllegalArgumentException("ComponentType: the name of " + type.getName() + " is blank");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.describe = Objects.requireNonNull(describe, "describe");
        this.build = Objects.requireNonNull(build, "build");
        this.layouts = Map.copyOf(layouts);
        this.layoutRule = Objects.requireNonNull(layoutRule, "layoutRule");
        this.tensorShapes = Map.copyOf(tensorShapes);
        this.shapes = shapes;
        this.buffers = buffers;
    }

    /**
     * A kind called {@code name}, for instances of exactly {@code type}, whose hyper-parameters {@code describe}
     * returns (values {@link Integer}, {@link Long}, {@link Double}, {@link String}, {@link Boolean} or a
     * {@link java.util.List} of {@link Integer}) and from
     * which {@code build} makes a new instance. Parameters are saved {@link TensorLayout#AS_IS} unless
     * {@link #withLayout} says otherwise.
     */
    public static <T> ComponentType<T> of(String name, Class<T> type,
            Function<? super T, Map<String, Object>> describe, Function<HyperParameters, ? extends T> build) {
        return new ComponentType<>(name, type, describe, build, Map.of(), parameter -> TensorLayout.AS_IS, Map.of(),
                null, null);
    }

    /** A kind without hyper-parameters, made by {@code create}. */
    public static <T> ComponentType<T> of(String name, Class<T> type, Supplier<? extends T> create) {
        return of(name, type, instance -> Map.of(), hyperParameters -> create.get());
    }

    /** This kind, with the parameter called {@code parameter} saved in {@code layout}. */
    public ComponentType<T> withLayout(String parameter, TensorLayout layout) {
        Map<String, TensorLayout> more = new HashMap<>(layouts);
        more.put(parameter, layout);
        return new ComponentType<>(name, type, describe, build, more, layoutRule, tensorShapes, shapes, buffers);
    }

    /**
     * This kind, with every parameter that {@link #withLayout} does not name saved in the layout {@code rule} gives
     * for its name: for layers whose parameter names depend on their size, such as a recurrent layer's
     * {@code bias_ih_l0}, {@code bias_ih_l1}, ...
     */
    public ComponentType<T> withLayoutRule(Function<String, TensorLayout> rule) {
        return new ComponentType<>(name, type, describe, build, layouts, rule, tensorShapes, shapes, buffers);
    }

    /**
     * This kind, with the parameter called {@code parameter} saved as its elements in row-major order, shaped as
     * {@code shape} gives for an instance (as many elements as the parameter has): a {@code Conv2d}'s
     * {@code out x (in * kH * kW)} weight is PyTorch's {@code [out, in, kH, kW]} tensor with the same bytes.
     */
    public ComponentType<T> withTensorShape(String parameter, Function<? super T, long[]> shape) {
        Map<String, Function<T, long[]>> more = new HashMap<>(tensorShapes);
        more.put(parameter, shape::apply);
        return new ComponentType<>(name, type, describe, build, layouts, layoutRule, more, shapes, buffers);
    }

    /**
     * This kind, whose parameters' saved tensor shapes (by parameter name, in the file's layout) {@code shapes}
     * computes from the hyper-parameters alone. Loading then compares them with the weights file before building
     * the instance, so that a configuration asking for a huge layer fails with a message instead of allocating it.
     * Without it, the shapes are checked once the instance is built.
     */
    public ComponentType<T> withShapes(Function<HyperParameters, Map<String, long[]>> shapes) {
        return new ComponentType<>(name, type, describe, build, layouts, layoutRule, tensorShapes,
                Objects.requireNonNull(shapes, "shapes"), buffers);
    }

    /**
     * This kind, whose instances keep buffers besides their parameters: state that training changes but no
     * optimizer steps, which PyTorch's {@code state_dict()} holds too, such as a batch norm's running statistics.
     * {@code save} returns an instance's buffers as tensors by name (without the layer's position), in the file's
     * layout and dtype; {@code load} gets, for a freshly built instance, tensors of the same names, shapes and
     * dtypes as {@code save} gives for it, and throws {@link IllegalArgumentException} for values it refuses.
     */
    public ComponentType<T> withBuffers(Function<? super T, Map<String, Tensor>> save,
            BiConsumer<? super T, Map<String, Tensor>> load) {
        Buffers<T> both = new Buffers<>(save::apply, load::accept);
        return new ComponentType<>(name, type, describe, build, layouts, layoutRule, tensorShapes, shapes, both);
    }

    /** The name written to {@code config.json}. */
    public String name() {
        return name;
    }

    /** The class whose instances this kind describes. */
    public Class<T> type() {
        return type;
    }

    /** The hyper-parameters of {@code instance}, which must be of {@link #type()}. */
    Map<String, Object> describe(Object instance) {
        return describe.apply(type.cast(instance));
    }

    /** A new instance from saved hyper-parameters; the factory's own checks throw {@link IllegalArgumentException}. */
    T build(HyperParameters hyperParameters) {
        return type.cast(build.apply(hyperParameters));
    }

    /**
     * The saved tensor shape of each parameter an instance built from {@code hyperParameters} would have, if this
     * kind can tell without building one; the function's own checks throw {@link IllegalArgumentException}.
     */
    Optional<Map<String, long[]>> shapes(HyperParameters hyperParameters) {
        return shapes == null ? Optional.empty() : Optional.of(shapes.apply(hyperParameters));
    }

    /** The buffers of {@code instance}, which must be of {@link #type()}, by name; empty for a kind without. */
    Map<String, Tensor> buffers(Object instance) {
        return buffers == null ? Map.of() : buffers.save().apply(type.cast(instance));
    }

    /** Restores the buffers of {@code instance} from {@code tensors}, shaped as {@link #buffers} gives them. */
    void loadBuffers(Object instance, Map<String, Tensor> tensors) {
        if (buffers != null) {
            buffers.load().accept(type.cast(instance), tensors);
        }
    }

    /** How the parameter called {@code parameter} is saved; {@link TensorLayout#AS_IS} when reshaped. */
    TensorLayout layout(String parameter) {
        TensorLayout layout = layouts.get(parameter);
        return layout != null ? layout : layoutRule.apply(parameter);
    }

    /**
     * The saved tensor shape of the {@code rows x cols} parameter called {@code parameter} of {@code instance}:
     * as {@link #withTensorShape} gives it, else as its {@link #layout} does.
     */
    long[] tensorShape(Object instance, String parameter, int rows, int cols) {
        Function<T, long[]> shape = tensorShapes.get(parameter);
        if (shape == null) {
            return layout(parameter).shape(rows, cols);
        }
        long[] dims = shape.apply(type.cast(instance));
        long elements = 1;
        for (long d : dims) {
            elements *= d;
        }
        if (elements != (long) rows * cols) {
            throw new IllegalStateException(this + ": tensor shape " + Arrays.toString(dims) + " of "
                    + parameter + " does not hold its " + rows + "x" + cols + " elements");
        }
        return dims;
    }

    @Override
    public String toString() {
        return name + " (" + type.getName() + ")";
    }
}
