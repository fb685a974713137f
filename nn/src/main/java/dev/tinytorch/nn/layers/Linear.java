package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.ShapedLayer;
import dev.tinytorch.nn.init.Initializer;
import dev.tinytorch.nn.init.Seed;
import dev.tinytorch.nn.init.WeightInit;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A fully connected layer, {@code y = x W + b}: the weighted sum each output neuron computes from all inputs.
 *
 * <p>{@code x} is {@code n x nIn} (one sample per row), {@code W} is {@code nIn x nOut}, the bias {@code b} is
 * {@code 1 x nOut} and is added to every row. Weights start uniform in {@code [-1/sqrt(nIn), 1/sqrt(nIn))}
 * ({@link WeightInit#DEFAULT}) unless another {@link Initializer} is given, and the bias at zero. Parameter gradients
 * are averaged over the batch.
 */
public final class Linear implements ShapedLayer {

    private final int nIn;
    private final int nOut;
    private final Parameter weight;
    private final Parameter bias;
    private final List<Parameter> parameters;
    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private MatrixOps ops;
    private Matrix input;   // saved by forward for backward
    private Matrix output;

    /** A layer on the default backend, its weights drawn from the shared generator {@link Seed#generator()}. */
    public Linear(int nIn, int nOut) {
        this(nIn, nOut, Seed.generator());
    }

    /** A layer on the default backend ({@link Backends#getDefault()}), its weights drawn from {@code rng}. */
    public Linear(int nIn, int nOut, RandomGenerator rng) {
        this(nIn, nOut, WeightInit.DEFAULT, rng);
    }

    /** A layer whose weights {@code init} draws from the shared generator {@link Seed#generator()}. */
    public Linear(int nIn, int nOut, Initializer init) {
        this(nIn, nOut, init, Seed.generator());
    }

    /**
     * A layer on the default backend whose {@code nIn x nOut} weights {@code init} draws from {@code rng}, e.g.
     * {@code new Linear(64, 64, WeightInit.KAIMING_UNIFORM, rng)} in front of a ReLU.
     */
    public Linear(int nIn, int nOut, Initializer init, RandomGenerator rng) {
        if (nIn <= 0 || nOut <= 0) {
            throw new IllegalArgumentException("Linear needs positive sizes, got nIn=" + nIn + ", nOut=" + nOut);
        }
        this.nIn = nIn;
        this.nOut = nOut;
        this.ops = Backends.getDefault();
        Matrix w = ops.zeros(nIn, nOut);
        Objects.requireNonNull(init, "init").fill(ops, w, rng);
        this.weight = new Parameter("weight", ops, w);
        this.bias = new Parameter("bias", ops, ops.zeros(1, nOut));
        this.parameters = List.of(weight, bias);
    }

    /**
     * Takes inputs of {@code nIn} values, whatever their image shape (after {@link Flatten}, in NCHW order) and gives
     * {@code nOut} values, the shape {@code nOut x 1 x 1}.
     */
    @Override
    public ImageShape connect(ImageShape input) {
        if (input != null && input.size() != nIn) {
            throw new IllegalArgumentException(this + " expects " + nIn + " inputs, the previous layer gives " + input
                    + " = " + input.size());
        }
        return new ImageShape(nOut, 1, 1);
    }

    /** {@code y = x W + b}; keeps a reference to {@code x} (not a copy) for the backward pass. */
    @Override
    public Matrix forward(Matrix x) {
        if (x.cols() != nIn) {
            throw new IllegalArgumentException(this + ": input must have " + nIn + " columns to multiply the "
                    + weight.value().shape() + " weights, got " + x.shape());
        }
        input = x;
        output = outputBuffer.get(ops, x.rows(), nOut);
        ops.gemm(false, false, 1.0, x, weight.value(), 0.0, output);  // y = x W
        ops.broadcastRow(BinaryOp.ADD, output, bias.value(), output);  // y += b, on every row
        return output;
    }

    /**
     * With {@code g = dLoss/dy} ({@code n x nOut}): {@code dW = x^T g / n}, {@code db = mean of g's rows} and
     * returns {@code dx = g W^T}.
     */
    @Override
    public Matrix backward(Matrix gradOutput) {
        backwardParametersOnly(gradOutput);
        Matrix dx = gradInputBuffer.get(ops, input.rows(), nIn);
        ops.gemm(false, true, 1.0, gradOutput, weight.value(), 0.0, dx);       // dx = g W^T
        return dx;
    }

    /** {@code dW = x^T g / n} and {@code db = mean of g's rows}, without {@code dx}: a third of the work. */
    @Override
    public void backwardParametersOnly(Matrix gradOutput) {
        Checks.forwardRan(input, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", output, gradOutput);
        double n = input.rows();
        ops.gemm(true, false, 1.0 / n, input, gradOutput, 0.0, weight.grad());  // dW = x^T g / n
        ops.reduce(Reduction.MEAN, Axis.OVER_ROWS, gradOutput, bias.grad());   // db = mean over the batch
    }

    /** {@code weight} ({@code nIn x nOut}), then {@code bias} ({@code 1 x nOut}). */
    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public void to(MatrixOps target) {
        weight.to(target);
        bias.to(target);
        ops = target;
        input = null;
        output = null;
    }

    @Override
    public String toString() {
        return "Linear(" + nIn + " -> " + nOut + ")";
    }
}
