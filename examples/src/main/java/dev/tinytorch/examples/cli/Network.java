package dev.tinytorch.examples.cli;

import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.Loss;
import dev.tinytorch.nn.Optimizer;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.Sequential;
import dev.tinytorch.nn.init.Seed;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.io.Task;
import dev.tinytorch.nn.layers.Conv2d;
import dev.tinytorch.nn.losses.BCEWithLogits;
import dev.tinytorch.nn.layers.LeakyReLU;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.layers.Tanh;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import dev.tinytorch.nn.losses.CrossEntropyLoss;
import dev.tinytorch.nn.losses.MSELoss;
import dev.tinytorch.nn.optim.Adam;
import dev.tinytorch.nn.optim.AdamW;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The network {@code tinytorch train} builds: hidden {@link Linear} layers each followed by the activation, then an
 * output layer fitting the task, with the loss that goes with it.
 * <ul>
 *   <li>binary: one output through a {@link Sigmoid} (the probability of the second class), binary cross-entropy;</li>
 *   <li>multi-class: one raw score per class, cross-entropy on the scores (softmax applied when predicting);</li>
 *   <li>regression: one linear output, mean squared error.</li>
 * </ul>
 */
final class Network {

    private Network() {
    }

    /** The activations {@code --activation} offers. */
    enum Activation {
        RELU(ReLU::new), TANH(Tanh::new), SIGMOID(Sigmoid::new), LEAKY_RELU(LeakyReLU::new);

        private final Supplier<Layer> layer;

        Activation(Supplier<Layer> layer) {
            this.layer = layer;
        }
    }

    /** The optimizers {@code --optimizer} offers, each with the learning rate used when {@code --lr} is not given. */
    enum OptimizerChoice {
        SGD(0.1), MOMENTUM(0.01), ADAM(Adam.DEFAULT_LR), ADAMW(Adam.DEFAULT_LR);

        /** The learning rate used when none is given. */
        final double defaultLr;

        OptimizerChoice(double defaultLr) {
            this.defaultLr = defaultLr;
        }

        /** This optimizer over {@code parameters} with learning rate {@code lr}. */
        Optimizer create(List<Parameter> parameters, double lr) {
            return switch (this) {
                case SGD -> new dev.tinytorch.nn.optim.SGD(parameters, lr);
                case MOMENTUM -> new dev.tinytorch.nn.optim.SGD(parameters, lr, 0.9);
                case ADAM -> new Adam(parameters, lr);
                case ADAMW -> new AdamW(parameters, lr);
            };
        }
    }

    /**
     * A network from {@code inputs} features through {@code hidden} layers to the outputs of {@code task} with
     * {@code classes} classes, its weights drawn after reseeding the shared generator with {@code seed}.
     */
    static Sequential build(MatrixOps ops, int inputs, List<Integer> hidden, Activation activation, Task.Kind task,
            int classes, long seed) {
        Seed.manualSeed(seed);
        List<Layer> layers = new ArrayList<>();
        int width = inputs;
        for (int size : hidden) {
            layers.add(new Linear(width, size));
            layers.add(activation.layer.get());
            width = size;
        }
        Loss loss;
        switch (task) {
            case BINARY -> {
                layers.add(new Linear(width, 1));
                layers.add(new Sigmoid());
                loss = new BinaryCrossEntropy();
            }
            case MULTICLASS -> {
                layers.add(new Linear(width, classes));
                loss = new CrossEntropyLoss();
            }
            default -> {
                layers.add(new Linear(width, 1));
                loss = new MSELoss();
            }
        }
        return new Sequential(layers, loss).to(ops);
    }

    /**
     * The network of a recipe ({@code --layers}): {@code layers} as read from the file, each {@link Linear} and
     * {@link Conv2d} given fresh weights drawn after reseeding the shared generator with {@code seed} (PyTorch's
     * default initialisation), and the loss of {@code task}: cross-entropy on the scores for multi-class, binary
     * cross-entropy after a final {@link Sigmoid} (on the logits otherwise) for binary, mean squared error for
     * regression. {@code layers} is not modified.
     *
     * @throws IllegalArgumentException naming both shapes if the layers do not chain from {@code inputShape}
     *                                  ({@code null} for flat inputs)
     */
    static Sequential fromRecipe(MatrixOps ops, ImageShape inputShape, List<Layer> layers, Task.Kind task,
            long seed) {
        Seed.manualSeed(seed);
        List<Layer> fresh = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer instanceof Linear linear) {
                fresh.add(new Linear(linear.parameters().get(0).value().rows(),
                        linear.parameters().get(0).value().cols()));
            } else if (layer instanceof Conv2d conv) {
                fresh.add(new Conv2d(conv.inChannels(), conv.outChannels(), conv.kernel(), conv.stride(),
                        conv.padding(), Seed.generator()));
            } else {
                fresh.add(layer);
            }
        }
        Loss loss = switch (task) {
            case MULTICLASS -> new CrossEntropyLoss();
            case BINARY -> fresh.get(fresh.size() - 1) instanceof Sigmoid ? new BinaryCrossEntropy()
                    : new BCEWithLogits();
            default -> new MSELoss();
        };
        return new Sequential(inputShape, fresh, loss).to(ops);
    }
}
