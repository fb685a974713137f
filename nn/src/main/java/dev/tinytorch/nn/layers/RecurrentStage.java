package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.Parameter;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One layer {@code l} of a stacked recurrent network over whole sequences: its four parameters under PyTorch's names
 * ({@code weight_ih_l0 [gates*H, in]}, {@code weight_hh_l0 [gates*H, H]}, {@code bias_ih_l0}, {@code bias_hh_l0}),
 * the products every cell shares, and the buffers of backpropagation through time.
 *
 * <p>Sequences are time-major here: a {@code (steps * batch) x features} matrix whose rows {@code t*batch ..
 * t*batch + batch - 1} are step {@code t} of every sequence. As PyTorch, the input products of all steps are one
 * gemm, {@code X W_ih^T}, before the time loop; only {@code h W_hh^T} stays inside it, as a product with
 * {@link #weightHhT}, {@code W_hh} transposed once per forward pass (a product with a transposed right-hand side would
 * transpose it again at every step). Backward collects every step's gate gradients in one time-major matrix so that
 * the weight gradients are again one gemm each.
 */
abstract sealed class RecurrentStage permits RnnStage, LstmStage, GruStage {

    final int inputSize;
    final int hiddenSize;
    final int gateCount;
    final Parameter weightIh;
    final Parameter weightHh;
    final Parameter biasIh;
    final Parameter biasHh;
    final List<Parameter> parameters;
    MatrixOps ops = Backends.getDefault();

    // the last forward pass, for backward
    Matrix input;      // (T*B) x in, time-major
    int steps;
    int batch;
    Matrix[] h;        // h[0] the initial state, h[t + 1] the state after step t; B x H each
    Matrix previous;   // (T*B) x H: h[0 .. T-1], time-major, for dW_hh in one product
    Matrix output;     // (T*B) x H: h[1 .. T], time-major
    Matrix weightHhT;  // H x gates*H: W_hh^T as this forward pass found W_hh, the right-hand side of every step

    private final StepMatrices hBuffers = new StepMatrices();
    private final MatrixBuffer previousBuffer = new MatrixBuffer();
    private final MatrixBuffer weightHhTBuffer = new MatrixBuffer();
    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer inputGradientBuffer = new MatrixBuffer();
    private final MatrixBuffer biasSumBuffer = new MatrixBuffer();

    /**
     * Layer {@code layer} ({@code _l0}, {@code _l1}, ...) with {@code gateCount} gates of {@code hiddenSize} units,
     * every parameter drawn from {@code U(-1/sqrt(H), 1/sqrt(H))} in PyTorch's order (weight_ih, weight_hh, bias_ih,
     * bias_hh).
     */
    RecurrentStage(int layer, int inputSize, int hiddenSize, int gateCount, RandomGenerator rng) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.gateCount = gateCount;
        int g = gateCount * hiddenSize;
        double bound = 1.0 / Math.sqrt(hiddenSize);
        this.weightIh = parameter("weight_ih_l" + layer, g, inputSize, bound, rng);
        this.weightHh = parameter("weight_hh_l" + layer, g, hiddenSize, bound, rng);
        this.biasIh = parameter("bias_ih_l" + layer, 1, g, bound, rng);
        this.biasHh = parameter("bias_hh_l" + layer, 1, g, bound, rng);
        this.parameters = List.of(weightIh, weightHh, biasIh, biasHh);
    }

    private Parameter parameter(String name, int rows, int cols, double bound, RandomGenerator rng) {
        Matrix m = ops.zeros(rows, cols);
        ops.fillUniform(m, -bound, bound, rng);
        return new Parameter(name, ops, m);
    }

    /**
     * Runs the layer over {@code x} ({@code (steps * batch) x inputSize}, time-major) from the initial states in
     * rows {@code row .. row + batch - 1} of {@code hState} and {@code cState} (zeros where {@code null}; cState is
     * used by the LSTM only) and returns every step's hidden state, {@code (steps * batch) x hiddenSize}, time-major.
     */
    final Matrix forward(Matrix x, int steps, Matrix hState, Matrix cState, int row) {
        this.input = x;
        this.steps = steps;
        this.batch = x.rows() / steps;
        h = hBuffers.get(ops, steps + 1, batch, hiddenSize);
        start(hState, row, h[0]);
        previous = previousBuffer.get(ops, steps * batch, hiddenSize);
        output = outputBuffer.get(ops, steps * batch, hiddenSize);
        weightHhT = weightHhTBuffer.get(ops, hiddenSize, gateCount * hiddenSize);
        ops.transposeBlocks(weightHh.value(), 1, weightHhT);  // anew each pass: the optimizer changes W_hh in place
        recur(cState, row);
        ops.copyRows(h[0], 0, previous, 0, batch);                          // h_{-1}, then h_0 .. h_{T-2}:
        ops.copyRows(output, 0, previous, batch, (steps - 1) * batch);      // the output shifted by one step
        return output;
    }

    /** Copies rows {@code row ..} of {@code state} into {@code initial}, or zeroes it when there is no state. */
    final void start(Matrix state, int row, Matrix initial) {
        if (state == null) {
            ops.fill(initial, 0.0);
        } else {
            ops.copyRows(state, row, initial, 0, batch);
        }
    }

    /**
     * The time loop of the cell: fills {@link #h} and {@link #output} (by {@link #record}) from {@link #input},
     * each step's hidden product as {@code h[t] weightHhT}; {@link #previous} is filled from them afterwards.
     */
    abstract void recur(Matrix cState, int row);

    /**
     * Backpropagation through time from {@code gradOutput}, the gradient of the loss with respect to every step's
     * output ({@code (steps * batch) x hiddenSize}, time-major, summed over the batch): stores the parameters'
     * gradients (averaged over the batch) and returns the gradient with respect to the input, or {@code null}
     * unless {@code inputGradient}.
     */
    abstract Matrix backward(Matrix gradOutput, boolean inputGradient);

    /** The hidden state after the last step, {@code batch x hiddenSize}: PyTorch's {@code h_n} of this layer. */
    final Matrix finalHidden() {
        return h[steps];
    }

    /** The cell state after the last step, for the LSTM; {@code null} for cells without one. */
    Matrix finalCell() {
        return null;
    }

    /** {@code gates = X W_ih^T + b_ih (+ b_hh)}: every step's input products in one gemm, the biases added once. */
    final void projectInput(Matrix gates, boolean withHiddenBias) {
        ops.gemm(false, true, 1.0, input, weightIh.value(), 0.0, gates);
        Matrix bias = biasIh.value();
        if (withHiddenBias) {
            bias = biasSumBuffer.get(ops, 1, gateCount * hiddenSize);
            ops.zip(BinaryOp.ADD, biasIh.value(), biasHh.value(), bias);  // b_ih + b_hh, one row
        }
        ops.broadcastRow(BinaryOp.ADD, gates, bias, gates);
    }

    /**
     * After step {@code t}: records {@code h[t + 1]} in the output ({@link #previous}, the same states one step
     * later, is copied from the output in one block after the loop).
     */
    final void record(int t) {
        ops.copyRows(h[t + 1], 0, output, t * batch, batch);
    }

    /**
     * The parameter gradients from every step's gate gradients ({@code (steps * batch) x gates*H}, time-major), one
     * gemm each: {@code dW_ih = dGates^T X / B}, {@code dW_hh = dHiddenGates^T H_prev / B}, and the biases' as the
     * columns' sums over {@code B}.
     */
    final void parameterGradients(Matrix dGates, Matrix dHiddenGates) {
        double scale = 1.0 / batch;
        ops.gemm(true, false, scale, dGates, input, 0.0, weightIh.grad());
        ops.gemm(true, false, scale, dHiddenGates, previous, 0.0, weightHh.grad());
        ops.reduce(Reduction.SUM, Axis.OVER_ROWS, dGates, biasIh.grad());
        ops.affine(biasIh.grad(), scale, 0.0, biasIh.grad());
        if (dHiddenGates == dGates) {  // the LSTM and the RNN: both biases enter the same sum
            ops.copy(biasIh.grad(), biasHh.grad());
        } else {
            ops.reduce(Reduction.SUM, Axis.OVER_ROWS, dHiddenGates, biasHh.grad());
            ops.affine(biasHh.grad(), scale, 0.0, biasHh.grad());
        }
    }

    /** {@code dX = dGates W_ih}, {@code (steps * batch) x inputSize}, time-major. */
    final Matrix inputGradient(Matrix dGates) {
        Matrix dx = inputGradientBuffer.get(ops, input.rows(), inputSize);
        ops.gemm(false, false, 1.0, dGates, weightIh.value(), 0.0, dx);
        return dx;
    }

    final void to(MatrixOps target) {
        for (Parameter p : parameters) {
            p.to(target);
        }
        ops = target;
        input = null;
    }
}
