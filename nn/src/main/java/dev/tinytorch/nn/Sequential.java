package dev.tinytorch.nn;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A network as a chain of layers plus the loss it is trained with: forward runs the layers in order, backward
 * runs the loss's gradient back through them in reverse.
 *
 * <p>A new model lives on the default backend ({@link Backends#getDefault()}, chosen with
 * {@code -Dtinytorch.backend}); {@link #to} moves it, layers and loss together.
 *
 * <p>A model is used by one thread at a time: its layers keep the buffers of the last forward and backward pass.
 * Several models may train at once on one backend, each on its own thread, and each ends with the bits it would
 * have had trained alone (see {@link MatrixOps}' threading contract), provided each draws its random numbers from
 * generators of its own: layers built without one (a {@link dev.tinytorch.nn.layers.Dropout}, a
 * {@link dev.tinytorch.nn.layers.Linear}'s initial weights) draw from the shared
 * {@link dev.tinytorch.nn.init.Seed#generator()}, and models on several threads would take turns at it in no set
 * order.
 */
public final class Sequential {

    private final Layer[] layers;  // looping over an array allocates no iterator in a training step
    private final List<Layer> layerList;
    private final Loss criterion;
    private final ImageShape inputShape;  // null: not given
    private final List<Parameter> parameters;
    private MatrixOps ops;

    /**
     * A model of {@code layers}, trained with {@code criterion}; all are moved to the default backend (call
     * {@link #to} afterwards to pick another).
     *
     * @throws IllegalArgumentException if one layer object appears twice (it would overwrite its own saved state)
     */
    public Sequential(List<Layer> layers, Loss criterion) {
        this(null, layers, criterion);
    }

    /**
     * A model of {@code layers} taking images of {@code inputShape} ({@code null}: not given), trained with
     * {@code criterion}. Each {@link ShapedLayer} is {@link ShapedLayer#connect connected} to the shape the
     * layers before it give, so that a convolution or a pool learns its input's height and width and shapes that
     * do not chain are reported now, naming the layer and both shapes; the shape is unknown after a layer that is
     * not a {@code ShapedLayer}.
     *
     * @throws IllegalArgumentException if one layer object appears twice, or consecutive shapes do not agree
     */
    public Sequential(ImageShape inputShape, List<Layer> layers, Loss criterion) {
        this.layerList = List.copyOf(layers);
        this.layers = layerList.toArray(new Layer[0]);
        this.criterion = Objects.requireNonNull(criterion, "criterion");
        this.inputShape = inputShape;
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Parameter> all = new ArrayList<>();
        for (Layer layer : this.layers) {
            if (!seen.add(layer)) {
                throw new IllegalArgumentException("Sequential: layer " + layer + " appears twice in " + layerList
                        + "; create a new instance for each position");
            }
            all.addAll(layer.parameters());
        }
        this.parameters = List.copyOf(all);
        ImageShape shape = inputShape;
        for (Layer layer : this.layers) {
            shape = layer instanceof ShapedLayer shaped ? shaped.connect(shape) : null;
        }
        to(Backends.getDefault());
    }

    /** The predictions for a batch {@code x}, one sample per row; valid until the next forward. */
    public Matrix forward(Matrix x) {
        Matrix out = x;
        for (Layer layer : layers) {
            out = layer.forward(out);
        }
        return out;
    }

    /** Per-sample losses of {@code predictions} against {@code targets}, as an {@code n x 1} column. */
    public Matrix loss(Matrix predictions, Matrix targets) {
        return criterion.forward(predictions, targets);
    }

    /** Fills every parameter's gradient for the last {@link #forward} and {@link #loss} calls. */
    public void backward() {
        Matrix grad = criterion.backward();
        for (int i = layers.length - 1; i > 0; i--) {
            grad = layers[i].backward(grad);
        }
        if (layers.length > 0) {
            layers[0].backwardParametersOnly(grad);  // nothing consumes the gradient of the network's input
        }
    }

    /** Every layer's parameters, in layer order: what an optimizer updates. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return layerList;
    }

    /** The shape of the images the model takes, if it was built with one: what a saved model records. */
    public Optional<ImageShape> inputShape() {
        return Optional.ofNullable(inputShape);
    }

    /** The loss the model is trained with. */
    public Loss criterion() {
        return criterion;
    }

    /** The backend the model currently computes on. */
    public MatrixOps ops() {
        return ops;
    }

    /** Moves every layer and the loss to {@code target}, keeping parameter values; returns this model. */
    public Sequential to(MatrixOps target) {
        for (Layer layer : layers) {
            layer.to(target);
        }
        criterion.to(target);
        ops = target;
        return this;
    }

    /** Switches every layer to training behaviour. */
    public void train() {
        setTraining(true);
    }

    /** Switches every layer to evaluation behaviour. */
    public void eval() {
        setTraining(false);
    }

    private void setTraining(boolean training) {
        for (Layer layer : layers) {
            layer.train(training);
        }
    }

    @Override
    public String toString() {
        return "Sequential" + layerList + " with " + criterion;
    }
}
