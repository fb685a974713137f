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
 * What the two pooling layers share, as PyTorch's {@code _MaxPoolNd} and {@code _AvgPoolNd} do: the windows, the
 * shapes and the buffers. Each pool says in two methods, side by side, what a window gives and where its gradient
 * goes.
 */
public abstract sealed class Pool2d implements ShapedLayer permits MaxPool2d, AvgPool2d {

    private final SlidingWindow window;
    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private Matrix output;

    Pool2d(Size2d kernel, Size2d stride) {
        this.window = new SlidingWindow(this, 0, kernel, stride, Size2d.of(0));
    }

    /**
     * Pools every window of {@code x} into {@code out}.
     *
     * @param ops the backend
     * @param x the input images, one per row; not modified
     * @param g the geometry of the windows
     * @param out the pooled images; overwritten
     */
    abstract void pool(MatrixOps ops, Matrix x, ConvGeometry g, Matrix out);

    /**
     * The gradient with respect to the last input of {@link #pool}.
     *
     * @param ops the backend
     * @param gradOutput the gradient with respect to the pooled images; not modified
     * @param g the geometry of the windows
     * @param gradInput the gradient with respect to the input images; overwritten
     */
    abstract void poolBackward(MatrixOps ops, Matrix gradOutput, ConvGeometry g, Matrix gradInput);

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

    @Override
    public Matrix forward(Matrix x) {
        ConvGeometry g = window.geometryFor(x);
        output = outputBuffer.get(ops, x.rows(), g.pooledSize());
        pool(ops, x, g, output);
        return output;
    }

    @Override
    public Matrix backward(Matrix gradOutput) {
        Checks.forwardRan(output, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", output, gradOutput);
        ConvGeometry g = window.geometry();
        Matrix dx = gradInputBuffer.get(ops, gradOutput.rows(), g.imageSize());
        poolBackward(ops, gradOutput, g, dx);
        return dx;
    }

    @Override
    public boolean needsInputShape() {
        return true;
    }

    @Override
    public void to(MatrixOps target) {
        ops = target;
        output = null;
    }

    /** e.g. {@code MaxPool2d(2x2)}, with the stride where it is not the kernel. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + window.describe(window.kernel()) + ")";
    }
}
