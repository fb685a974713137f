package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.Parameter;
import dev.tinytorch.nn.init.Seed;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A lookup table of learned vectors, one per token, as PyTorch's {@code torch.nn.Embedding(num_embeddings,
 * embedding_dim)}: how a network reads tokens (characters, words) given as indices rather than as numbers.
 *
 * <p>The input is a {@code batch x steps} matrix of token indices stored as doubles ({@code 0.0} to
 * {@code numEmbeddings - 1}); anything else is rejected naming the value and its position. The output is
 * {@code batch x (steps * dim)}: each row the vectors of its tokens one after another (step {@code t}'s vector in
 * columns {@code t * dim} to {@code (t + 1) * dim - 1}), the layout of a batch of sequences in this library. The
 * weight ({@code numEmbeddings x dim}, PyTorch's {@code weight}) starts N(0, 1) as PyTorch's does. Its gradient is
 * averaged over the batch, as every layer's is; the input is not differentiable, so the layer belongs first in a
 * network.
 */
public final class Embedding implements Layer {

    private final int numEmbeddings;
    private final int dim;
    private final Parameter weight;
    private final List<Parameter> parameters;
    private final MatrixBuffer vectorsBuffer = new MatrixBuffer();   // (batch * steps) x dim
    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradVectorsBuffer = new MatrixBuffer();
    private double[] values = new double[0];  // the input on the Java side, reused while its size stays
    private int[] tokens = new int[0];        // the checked indices of the last forward, for backward
    private MatrixOps ops;
    private Matrix output;  // saved by forward for backward's shape check

    /** A table on the default backend, drawn from the shared generator {@link Seed#generator()}. */
    public Embedding(int numEmbeddings, int dim) {
        this(numEmbeddings, dim, Seed.generator());
    }

    /** A table of {@code numEmbeddings} vectors of {@code dim} values on the default backend, drawn N(0, 1) from {@code rng}. */
    public Embedding(int numEmbeddings, int dim, RandomGenerator rng) {
        if (numEmbeddings <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding needs positive sizes, got numEmbeddings=" + numEmbeddings
                    + ", dim=" + dim);
        }
        this.numEmbeddings = numEmbeddings;
        this.dim = dim;
        this.ops = Backends.getDefault();
        Matrix w = ops.zeros(numEmbeddings, dim);
        ops.fillNormal(w, 0.0, 1.0, rng);
        this.weight = new Parameter("weight", ops, w);
        this.parameters = List.of(weight);
    }

    /** The number of tokens the table holds vectors for. */
    public int numEmbeddings() {
        return numEmbeddings;
    }

    /** The length of each vector. */
    public int dim() {
        return dim;
    }

    /** Looks up each index of {@code x} ({@code batch x steps}) and lays the vectors out along each row. */
    @Override
    public Matrix forward(Matrix x) {
        int n = x.size();
        readTokens(x);
        Matrix vectors = vectorsBuffer.get(ops, n, dim);
        ops.gatherRows(weight.value(), tokens, 0, n, vectors);
        output = outputBuffer.get(ops, x.rows(), x.cols() * dim);
        ops.reshape(vectors, output);
        return output;
    }

    /**
     * Refuses: token indices have no gradient, so an embedding is the first layer of a network, where
     * {@link dev.tinytorch.nn.Sequential} calls {@link #backwardParametersOnly} instead.
     */
    @Override
    public Matrix backward(Matrix gradOutput) {
        throw new IllegalStateException(this + ": its input, token indices, has no gradient; an embedding must be "
                + "the first layer of a network");
    }

    /**
     * With {@code g = dLoss/dy}: row {@code k} of {@code dW} is the sum of the rows of {@code g}'s vectors at the
     * positions that looked token {@code k} up, divided by the batch size (added in position order, so the bits are
     * fixed).
     */
    @Override
    public void backwardParametersOnly(Matrix gradOutput) {
        Checks.forwardRan(output, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", output, gradOutput);
        Matrix gradVectors = gradVectorsBuffer.get(ops, output.size() / dim, dim);
        ops.reshape(gradOutput, gradVectors);
        ops.fill(weight.grad(), 0.0);
        ops.scatterAddRows(gradVectors, tokens, 0, weight.grad());
        ops.affine(weight.grad(), 1.0 / output.rows(), 0.0, weight.grad());
    }

    /** Reads and checks the indices of {@code x} into {@link #tokens}. */
    private void readTokens(Matrix x) {
        int n = x.size();
        if (values.length != n) {
            values = new double[n];
            tokens = new int[n];
        }
        ops.getRowMajor(x, values);
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!(v >= 0 && v < numEmbeddings && v == Math.rint(v))) {
                throw new IllegalArgumentException(this + ": the input at row " + i / x.cols() + ", column "
                        + i % x.cols() + " is " + v + ", not a token index 0.." + (numEmbeddings - 1));
            }
            tokens[i] = (int) v;
        }
    }

    /** {@code weight} ({@code numEmbeddings x dim}). */
    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public void to(MatrixOps target) {
        weight.to(target);
        ops = target;
        output = null;
    }

    @Override
    public String toString() {
        return "Embedding(" + numEmbeddings + ", " + dim + ")";
    }
}
