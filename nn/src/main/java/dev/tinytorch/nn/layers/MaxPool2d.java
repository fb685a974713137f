package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.ConvGeometry;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.ShapedLayer;

/**
 * Max pooling, as {@code torch.nn.MaxPool2d(kernel, stride = kernel)}: each channel of each image is cut into
 * {@code kernel} windows, {@code stride} apart, and each window gives its largest value. As in PyTorch a NaN is
 * the largest value, and on ties the first element (row-major within the window) wins and alone receives the
 * gradient. The layer learns its input's shape from {@link #connect}.
 */
public final class MaxPool2d implements ShapedLayer {

    private final SlidingWindow window;
    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private int[] winners = new int[0];  // for each output element, the column of its input row that won
    private Matrix output;

    /** {@code MaxPool2d(kernel)}: square windows that do not overlap. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    /** Square windows of {@code kernel}, {@code stride} apart. */
    public MaxPool2d(int kernel, int stride) {
        this(Size2d.of(kernel), Size2d.of(stride));
    }

    /** {@code kernel} windows, {@code stride} apart. */
    public MaxPool2d(Size2d kernel, Size2d stride) {
        this.window = new SlidingWindow(this, 0, kernel, stride, Size2d.of(0));
    }

    /** The window's height and width, PyTorch's {@code kernel_size}. */
    public Size2d kernel() {
        return window.kernel();
    }

    /** How far apart the windows are, PyTorch's {@code stride}. */
    public Size2d stride() {
        return window.stride();
    }

    @Override
    public ImageShape connect(ImageShape input) {
        ConvGeometry g = window.connect(input);
        return g == null ? null : window.outputShape(g.channels());
    }

    /** The largest value of each window; remembers which element it was for the backward pass. */
    @Override
    public Matrix forward(Matrix x) {
        ConvGeometry g = window.geometryFor(x);
        output = outputBuffer.get(ops, x.rows(), g.pooledSize());
        if (winners.length != output.size()) {
            winners = new int[output.size()];
        }
        ops.maxPool(x, g, output, winners);
        return output;
    }

    /** Each output gradient goes to the element that won its window; the others get 0. */
    @Override
    public Matrix backward(Matrix gradOutput) {
        Checks.forwardRan(output, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", output, gradOutput);
        ConvGeometry g = window.geometry();
        Matrix dx = gradInputBuffer.get(ops, gradOutput.rows(), g.imageSize());
        ops.maxPoolBackward(gradOutput, g, winners, dx);
        return dx;
    }

    @Override
    public void to(MatrixOps target) {
        ops = target;
        output = null;
    }

    /** e.g. {@code MaxPool2d(2x2)}, with the stride where it is not the kernel. */
    @Override
    public String toString() {
        return "MaxPool2d(" + window.describe(window.kernel()) + ")";
    }
}
