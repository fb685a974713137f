package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.ShapedLayer;
import dev.tinytorch.nn.init.Seed;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout: in training, each element is zeroed with probability {@code p} and the kept ones are divided by
 * {@code 1 - p}, so that no unit can rely on any other being present; in evaluation the layer is the identity.
 *
 * <p>Dividing during training keeps every element's expected value unchanged, which is why evaluation needs no
 * rescaling. The mask {@code d} (0 or {@code 1 / (1 - p)} per element) is drawn in Java from the layer's generator,
 * in row-major order, so a seed gives the same mask on every backend; backward applies the mask of the last forward:
 * {@code y = d * x}, {@code dx = d * g}. The layer starts in training mode, like a PyTorch module;
 * {@link dev.tinytorch.nn.Sequential#eval()} and {@code train()} switch it.
 */
public final class Dropout implements ShapedLayer {

    private final double p;
    private final double keptScale;
    private final RandomGenerator rng;
    private final MatrixBuffer maskBuffer = new MatrixBuffer();
    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private double[] draws = new double[0];  // the mask on the Java side, reused while the shape stays
    private MatrixOps ops = Backends.getDefault();
    private boolean training = true;
    private Matrix mask;   // saved by forward for backward; null when the last forward was the identity
    private Matrix input;  // the last input, to check backward's argument

    /** Dropout with probability {@code p}, drawing masks from the shared generator {@link Seed#generator()}. */
    public Dropout(double p) {
        this(p, Seed.generator());
    }

    /** Dropout with probability {@code p} in {@code [0, 1)}, drawing masks from {@code rng}; {@code p = 0} is the identity. */
    public Dropout(double p, RandomGenerator rng) {
        if (!(p >= 0.0 && p < 1.0)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.keptScale = 1.0 / (1.0 - p);
        this.rng = Objects.requireNonNull(rng, "rng");
    }

    /** The probability of zeroing an element in training. */
    public double p() {
        return p;
    }

    /** Whether the layer is in training mode (drops) rather than evaluation mode (passes through). */
    public boolean isTraining() {
        return training;
    }

    @Override
    public void train(boolean training) {
        this.training = training;
    }

    /**
     * In training, {@code y = d * x} with a fresh mask {@code d}, kept for backward; in evaluation (or with
     * {@code p = 0}) returns {@code x} itself.
     */
    @Override
    public Matrix forward(Matrix x) {
        input = x;
        if (!training || p == 0.0) {
            mask = null;
            return x;
        }
        mask = maskBuffer.get(ops, x.rows(), x.cols());
        if (draws.length != x.size()) {
            draws = new double[x.size()];
        }
        for (int i = 0; i < draws.length; i++) {
            draws[i] = rng.nextDouble() < p ? 0.0 : keptScale;  // dropped, or kept and scaled by 1 / (1 - p)
        }
        ops.setRowMajor(mask, draws);
        Matrix y = outputBuffer.get(ops, x.rows(), x.cols());
        ops.zip(BinaryOp.MUL, mask, x, y);
        return y;
    }

    /** {@code dx = d * g} with the mask of the last forward; {@code g} itself if that forward was the identity. */
    @Override
    public Matrix backward(Matrix gradOutput) {
        Checks.forwardRan(input, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", input, gradOutput);
        if (mask == null) {
            return gradOutput;
        }
        Matrix dx = gradInputBuffer.get(ops, mask.rows(), mask.cols());
        ops.zip(BinaryOp.MUL, mask, gradOutput, dx);
        return dx;
    }

    @Override
    public void to(MatrixOps target) {
        ops = target;
        mask = null;
        input = null;
    }

    /** Element by element: the output has the input's shape. */
    @Override
    public ImageShape connect(ImageShape input) {
        return input;
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
