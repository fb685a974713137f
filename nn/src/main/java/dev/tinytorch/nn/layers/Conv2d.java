package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.ShapedLayer;
import dev.tinytorch.nn.init.Seed;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A 2-D convolution, as {@code torch.nn.Conv2d(inChannels, outChannels, kernel, stride, padding)}: each output
 * channel is a bias plus the sum over the input channels of the input cross-correlated with a
 * {@code kernelH x kernelW} filter, over the input padded with zeros.
 *
 * <p>Inputs and outputs are batches of images, one per row in NCHW order. The weight is
 * {@code outChannels x (inChannels * kernelH * kernelW)}: PyTorch's {@code [out, in, kH, kW]} flattened row by
 * row. The bias is {@code outChannels x 1}, a column, so that it adds to each channel's row of the product. Both
 * start as PyTorch's do, uniform in {@code [-1/sqrt(fanIn), 1/sqrt(fanIn))} with
 * {@code fanIn = inChannels * kernelH * kernelW} (its {@code kaiming_uniform_} with {@code a = sqrt(5)}), drawn
 * weight first, then bias, in row-major order.
 *
 * <p>The forward pass is one convolution for the whole batch, {@link MatrixOps#convolve}: {@code Y = W im2col(x)}
 * (with {@code im2col(x)} {@code fanIn x batch * outH * outW}, written into the layer's columns workspace unless the
 * backend convolves directly), {@code Y += b}, and {@link MatrixOps#transposeBlocks} reorders {@code Y}'s
 * {@code outChannels x (batch * plane)} into the {@code batch x (outChannels * plane)} output. The weight gradient
 * is {@link MatrixOps#convolveWeightGradient} of the same input and workspace. Parameter gradients are averaged over
 * the batch, as {@link Linear}'s.
 *
 * <p>The layer learns its input's height and width from {@link #connect} (which {@link dev.tinytorch.nn.Sequential}
 * calls); its buffers are allocated again only when the batch size changes.
 */
public final class Conv2d implements ShapedLayer {

    private final int inChannels;
    private final int outChannels;
    private final SlidingWindow window;
    private final Parameter weight;
    private final Parameter bias;
    private final List<Parameter> parameters;
    private final MatrixBuffer colsBuffer = new MatrixBuffer();
    private final MatrixBuffer productBuffer = new MatrixBuffer();
    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradColsBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private MatrixOps ops;
    private Matrix input;   // the last input, kept for backward
    private Matrix cols;    // the workspace of its convolution, im2col(input) or untouched, kept for backward
    private Matrix output;

    /** {@code Conv2d(inChannels, outChannels, kernel)} with stride 1, no padding, drawn from {@link Seed#generator()}. */
    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, 1, 0);
    }

    /** A square kernel, stride and padding, drawn from {@link Seed#generator()}. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(inChannels, outChannels, kernel, stride, padding, Seed.generator());
    }

    /** A square kernel, stride and padding, the initial weights and bias drawn from {@code rng}. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, RandomGenerator rng) {
        this(inChannels, outChannels, Size2d.of(kernel), Size2d.of(stride), Size2d.of(padding), rng);
    }

    /**
     * The general form, as PyTorch's with pairs: e.g. {@code new Conv2d(3, 8, Size2d.of(3, 1), Size2d.of(2, 1),
     * Size2d.of(1, 0), rng)}; the initial weights and bias are drawn from {@code rng}, on the default backend.
     */
    public Conv2d(int inChannels, int outChannels, Size2d kernel, Size2d stride, Size2d padding,
            RandomGenerator rng) {
        if (inChannels <= 0 || outChannels <= 0) {
            throw new IllegalArgumentException("Conv2d needs positive channel counts, got inChannels=" + inChannels
                    + ", outChannels=" + outChannels);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.window = new SlidingWindow(this, inChannels, kernel, stride, padding);
        this.ops = Backends.getDefault();
        int fanIn = inChannels * kernel.height() * kernel.width();
        double bound = 1.0 / Math.sqrt(fanIn);
        Matrix w = ops.zeros(outChannels, fanIn);
        Matrix b = ops.zeros(outChannels, 1);
        ops.fillUniform(w, -bound, bound, rng);
        ops.fillUniform(b, -bound, bound, rng);
        this.weight = new Parameter("weight", ops, w);
        this.bias = new Parameter("bias", ops, b);
        this.parameters = List.of(weight, bias);
    }

    @Override
    public ImageShape connect(ImageShape input) {
        window.connect(input);
        return window.outputShape(outChannels);
    }

    /**
     * {@code y = W im2col(x) + b}, reordered to one image per row; keeps {@code x} and the convolution's workspace
     * for the backward pass.
     */
    @Override
    public Matrix forward(Matrix x) {
        ConvGeometry g = window.geometryFor(x);
        int batch = x.rows();
        int plane = g.outputPlane();
        cols = colsBuffer.get(ops, g.patchSize(), batch * plane);
        Matrix product = productBuffer.get(ops, outChannels, batch * plane);
        ops.convolve(x, g, weight.value(), cols, product);                   // Y = W im2col(x)
        input = x;
        ops.broadcastColumn(BinaryOp.ADD, product, bias.value(), product);   // Y += b, per channel
        output = outputBuffer.get(ops, batch, outChannels * plane);
        ops.transposeBlocks(product, plane, output);                         // channel-major to image rows
        return output;
    }

    /**
     * With {@code G} the output gradient reordered to {@code outChannels x (batch * plane)}:
     * {@code dW = G im2col(x)^T / n}, {@code db = G's row sums / n}, and returns {@code dx = col2im(W^T G)}.
     */
    @Override
    public Matrix backward(Matrix gradOutput) {
        Matrix g = parameterGradients(gradOutput);
        Matrix gradCols = gradColsBuffer.get(ops, cols.rows(), cols.cols());
        ConvGeometry geometry = window.geometry();
        Matrix dx = gradInputBuffer.get(ops, output.rows(), geometry.imageSize());
        ops.convolveInputGradient(weight.value(), g, geometry, gradCols, dx);   // dx = col2im(W^T G)
        return dx;
    }

    /** {@code dW} and {@code db} without {@code dx}, for the first layer of a network. */
    @Override
    public void backwardParametersOnly(Matrix gradOutput) {
        parameterGradients(gradOutput);
    }

    /** Stores dW and db; returns the reordered output gradient G (in the product's buffer). */
    private Matrix parameterGradients(Matrix gradOutput) {
        Checks.forwardRan(cols, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", output, gradOutput);
        double n = gradOutput.rows();
        Matrix g = productBuffer.get(ops, outChannels, cols.cols());
        ops.transposeBlocks(gradOutput, window.geometry().outputPlane(), g);  // to channel-major
        ops.convolveWeightGradient(g, input, window.geometry(), 1.0 / n, cols, weight.grad());  // dW = G cols^T / n
        ops.reduce(Reduction.SUM, Axis.OVER_COLUMNS, g, bias.grad());          // db = G's row sums ...
        ops.affine(bias.grad(), 1.0 / n, 0.0, bias.grad());                     // ... / n
        return g;
    }

    /** The channels of each input image, PyTorch's {@code in_channels}. */
    public int inChannels() {
        return inChannels;
    }

    /** The channels of each output image, PyTorch's {@code out_channels}. */
    public int outChannels() {
        return outChannels;
    }

    /** The filter's height and width, PyTorch's {@code kernel_size}. */
    public Size2d kernel() {
        return window.kernel();
    }

    /** How far apart the filter's positions are, PyTorch's {@code stride}. */
    public Size2d stride() {
        return window.stride();
    }

    /** The zeros added on each side of the input, PyTorch's {@code padding}. */
    public Size2d padding() {
        return window.padding();
    }

    /** {@code weight} ({@code outChannels x inChannels*kH*kW}), then {@code bias} ({@code outChannels x 1}). */
    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public boolean needsInputShape() {
        return true;
    }

    @Override
    public void to(MatrixOps target) {
        weight.to(target);
        bias.to(target);
        ops = target;
        cols = null;
        input = null;
        output = null;
    }

    /** e.g. {@code Conv2d(6 -> 16, 5x5)}, with the stride and padding where they are not 1 and 0. */
    @Override
    public String toString() {
        return "Conv2d(" + inChannels + " -> " + outChannels + ", " + window.describe(Size2d.of(1)) + ")";
    }
}
