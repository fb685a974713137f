package dev.tinytorch.nn.io;

import dev.tinytorch.api.DType;
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
 * A model's parameters and buffers as the named tensors of PyTorch's {@code Sequential.state_dict()}:
 * {@code "<position of the layer>.<name>"} ({@code 0.weight}, {@code 0.bias}, {@code 1.running_mean}, ...), each
 * layer's parameters then its buffers, in the layout and dtype its {@link ComponentType} gives, so that
 * {@code torch.nn.Sequential.load_state_dict} accepts them as they are.
 */
final class StateDict {

    private StateDict() {
    }

    /**
     * The tensors of every parameter and buffer of {@code layers}, whose kinds are {@code types}, in layer order;
     * floating-point ones in {@code precision} ({@code F32} for a float32 model, as PyTorch's default).
     */
    static Map<String, Tensor> export(List<Layer> layers, List<ComponentType<? extends Layer>> types,
            DType precision) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter parameter : layers.get(i).parameters()) {
                Matrix value = parameter.value();
                TensorLayout layout = types.get(i).layout(parameter.name());
                double[] data = layout.toTensor(parameter.ops().toRowMajor(value), value.rows(), value.cols());
                long[] shape = types.get(i).tensorShape(layers.get(i), parameter.name(), value.rows(), value.cols());
                tensors.put(i + "." + parameter.name(), new Tensor(shape, data).inPrecision(precision));
            }
            for (Map.Entry<String, Tensor> buffer : types.get(i).buffers(layers.get(i)).entrySet()) {
                tensors.put(i + "." + buffer.getKey(), buffer.getValue().inPrecision(precision));
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
            tensor(index + "." + parameter.getKey(), parameter.getValue(), Tensor.DType.F64, index, layer, tensors,
                    file);
        }
    }

    /**
     * Copies into every parameter and buffer of {@code layers} the tensor of {@code tensors} that names it; an
     * {@code F32} or {@code F64} tensor either way, converted to the precision of the layer's backend.
     *
     * @throws ModelFormatException naming {@code file} if a parameter or buffer has no tensor or one of another
     *                              shape or dtype, a layer refuses a buffer's values, or a tensor belongs to no
     *                              parameter or buffer
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
                long[] shape = types.get(i).tensorShape(layer, parameter.name(), value.rows(), value.cols());
                Tensor tensor = tensor(name, shape, Tensor.DType.F64, i, layer.toString(), tensors, file);
                unused.remove(name);
                parameter.ops().setRowMajor(value, layout.fromTensor(tensor.data(), value.rows(), value.cols()));
            }
            restoreBuffers(i, layer, types.get(i), tensors, unused, file);
        }
        if (!unused.isEmpty()) {
            throw new ModelFormatException(file, "tensors " + Excerpt.list(List.copyOf(unused.keySet()))
                    + " belong to no parameter or buffer of the layers config.json describes");
        }
    }

    private static void restoreBuffers(int index, Layer layer, ComponentType<? extends Layer> type,
            Map<String, Tensor> tensors, Map<String, Tensor> unused, Path file) throws ModelFormatException {
        Map<String, Tensor> expected = type.buffers(layer);
        if (expected.isEmpty()) {
            return;
        }
        Map<String, Tensor> found = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> buffer : expected.entrySet()) {
            String name = index + "." + buffer.getKey();
            Tensor like = buffer.getValue();
            found.put(buffer.getKey(), tensor(name, like.shape(), like.dtype(), index, layer.toString(), tensors, file));
            unused.remove(name);
        }
        try {
            type.loadBuffers(layer, found);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "the buffers of layer " + index + " (" + layer + ") cannot be"
                    + " restored: " + e.getMessage(), e);
        }
    }

    private static Tensor tensor(String name, long[] shape, Tensor.DType dtype, int index, String layer,
            Map<String, Tensor> tensors, Path file) throws ModelFormatException {
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
        if (tensor.isFloating() != (dtype != Tensor.DType.I64)) {
            throw new ModelFormatException(file, "tensor \"" + name + "\" has dtype " + tensor.dtype() + " but layer "
                    + index + " (" + layer + ") needs " + (dtype == Tensor.DType.I64 ? "I64" : "F64 or F32"));
        }
        return tensor;
    }
}
