package dev.tinytorch.nn.io;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.data.Excerpt;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's parameters as the named tensors of PyTorch's {@code Sequential.state_dict()}: {@code "<position of
 * the layer>.<parameter name>"} ({@code 0.weight}, {@code 0.bias}, {@code 2.weight}, ...), each in the layout its
 * {@link ComponentType} gives, so that {@code torch.nn.Sequential.load_state_dict} accepts them as they are.
 */
final class StateDict {

    private StateDict() {
    }

    /** The tensors of every parameter of {@code layers}, whose kinds are {@code types}, in layer order. */
    static Map<String, Tensor> export(List<Layer> layers, List<ComponentType<? extends Layer>> types) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter parameter : layers.get(i).parameters()) {
                Matrix value = parameter.value();
                TensorLayout layout = types.get(i).layout(parameter.name());
                double[] data = layout.toTensor(parameter.ops().toRowMajor(value), value.rows(), value.cols());
                tensors.put(i + "." + parameter.name(), new Tensor(layout.shape(value.rows(), value.cols()), data));
            }
        }
        return tensors;
    }

    /**
     * Checks, before layer {@code index} (described as {@code layer}) is built, that {@code tensors} holds a tensor
     * of the given shape for each of its parameters ({@code shapes}, by parameter name).
     *
     * @throws ModelFormatException naming {@code file} if a tensor is missing or of another shape
     */
    static void check(int index, String layer, Map<String, long[]> shapes, Map<String, Tensor> tensors, Path file)
            throws ModelFormatException {
        for (Map.Entry<String, long[]> parameter : shapes.entrySet()) {
            tensor(index + "." + parameter.getKey(), parameter.getValue(), index, layer, tensors, file);
        }
    }

    /**
     * Copies into every parameter of {@code layers} the tensor of {@code tensors} that names it.
     *
     * @throws ModelFormatException naming {@code file} if a parameter has no tensor or one of another shape, or a
     *                              tensor belongs to no parameter
     */
    static void restore(List<Layer> layers, List<ComponentType<? extends Layer>> types, Map<String, Tensor> tensors,
            Path file) throws ModelFormatException {
        Map<String, Tensor> unused = new LinkedHashMap<>(tensors);
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            for (Parameter parameter : layer.parameters()) {
                String name = i + "." + parameter.name();
                Matrix value = parameter.value();
                TensorLayout layout = types.get(i).layout(parameter.name());
                Tensor tensor = tensor(name, layout.shape(value.rows(), value.cols()), i, layer.toString(), tensors,
                        file);
                unused.remove(name);
                parameter.ops().setRowMajor(value, layout.fromTensor(tensor.data(), value.rows(), value.cols()));
            }
        }
        if (!unused.isEmpty()) {
            throw new ModelFormatException(file, "tensors " + Excerpt.list(List.copyOf(unused.keySet()))
                    + " belong to no parameter of the layers config.json describes");
        }
    }

    private static Tensor tensor(String name, long[] shape, int index, String layer, Map<String, Tensor> tensors,
            Path file) throws ModelFormatException {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new ModelFormatException(file, "no tensor \"" + name + "\" for layer " + index + " (" + layer
                    + "), which needs shape " + Arrays.toString(shape) + "; the file holds "
                    + Excerpt.list(List.copyOf(tensors.keySet())));
        }
        if (!tensor.hasShape(shape)) {
            throw new ModelFormatException(file, "tensor \"" + name + "\" has shape "
                    + Arrays.toString(tensor.shape()) + " but layer " + index + " (" + layer + ") needs "
                    + Arrays.toString(shape));
        }
        return tensor;
    }
}
