package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.ShapedLayer;

/**
 * The leaky rectifier: {@code y = x} where {@code x > 0}, else {@code slope * x}. Unlike {@link ReLU} it lets a
 * little gradient through for negative inputs, so a unit pushed below zero can still recover.
 *
 * <p>Both passes use the same matrix of local slopes {@code d = dy/dx} (1 where {@code x > 0}, else {@code slope},
 * as in PyTorch, so the kink itself gets {@code slope}): forward is {@code y = d * x}, backward {@code dx = d * g}.
 */
public final class LeakyReLU implements ShapedLayer {

    /** PyTorch's default negative slope. */
    public static final double DEFAULT_SLOPE = 0.01;

    private final double slope;
    private final MatrixBuffer slopesBuffer = new MatrixBuffer();
    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private MatrixOps ops = Backends.getDefault();
    private Matrix slopes;  // dy/dx, saved by forward for backward

    /** A leaky rectifier with PyTorch's default slope {@value #DEFAULT_SLOPE}. */
    public LeakyReLU() {
        this(DEFAULT_SLOPE);
    }

    /** A leaky rectifier whose negative inputs are multiplied by {@code slope} (finite; usually small and positive). */
    public LeakyReLU(double slope) {
        if (!Double.isFinite(slope)) {
            throw new IllegalArgumentException("LeakyReLU: slope must be finite, got " + slope);
        }
        this.slope = slope;
    }

    /** The slope for negative inputs. */
    public double slope() {
        return slope;
    }

    /** {@code y = d * x} with {@code d = 1} where {@code x > 0}, else {@code slope}; keeps {@code d} for backward. */
    @Override
    public Matrix forward(Matrix x) {
        slopes = slopesBuffer.get(ops, x.rows(), x.cols());
        ops.map(UnaryOp.STEP, x, slopes);                   // 1 where x > 0, else 0
        ops.affine(slopes, 1.0 - slope, slope, slopes);     // 1 where x > 0, else slope
        Matrix y = outputBuffer.get(ops, x.rows(), x.cols());
        ops.zip(BinaryOp.MUL, slopes, x, y);                // y = d x
        return y;
    }

    /** {@code dx = d * g}: the gradient passes whole where the input was positive and scaled by the slope elsewhere. */
    @Override
    public Matrix backward(Matrix gradOutput) {
        Checks.forwardRan(slopes, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", slopes, gradOutput);
        Matrix dx = gradInputBuffer.get(ops, slopes.rows(), slopes.cols());
        ops.zip(BinaryOp.MUL, slopes, gradOutput, dx);
        return dx;
    }

    @Override
    public void to(MatrixOps target) {
        ops = target;
        slopes = null;
    }

    /** Element by element: the output has the input's shape. */
    @Override
    public ImageShape connect(ImageShape input) {
        return input;
    }

    @Override
    public String toString() {
        return "LeakyReLU(" + slope + ")";
    }
}
