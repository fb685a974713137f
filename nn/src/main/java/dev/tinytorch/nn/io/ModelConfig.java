package dev.tinytorch.nn.io;

import dev.tinytorch.api.DType;
import dev.tinytorch.nn.ImageShape;
import java.util.List;
import java.util.Map;

/**
 * The contents of {@code config.json} as plain values, between the JSON text ({@link ConfigJson}) and the live
 * objects ({@link ModelFiles}).
 *
 * @param libraryVersion the tinytorch version that wrote the file
 * @param dtype          the precision the model computed in when saved, that of its weights' floating-point
 *                       tensors; float64 for files that do not record it
 * @param inputShape     the shape of the images the network takes, or {@code null} when not recorded (a network
 *                       of dense layers, or a file older than convolutions)
 * @param layers         the layer kinds and hyper-parameters, in order
 * @param loss           the loss kind and hyper-parameters
 * @param preprocessing  the standardizer's statistics, or {@code null} when inputs are used as they are
 * @param task           what is predicted from which columns, or {@code null} when unknown
 * @param weightsSha256  the SHA-256 of {@code model.safetensors}, in lower-case hex, tying the two files together
 */
record ModelConfig(String libraryVersion, DType dtype, ImageShape inputShape, List<Component> layers, Component loss, Statistics preprocessing,
        Task task, String weightsSha256) {

    /** One layer or loss: its kind's name and its hyper-parameters. */
    record Component(String type, Map<String, Object> args) {
    }

    /** Per-column statistics of a {@link dev.tinytorch.nn.data.Standardizer}. */
    record Statistics(double[] mean, double[] std, double[] scale) {
    }
}
