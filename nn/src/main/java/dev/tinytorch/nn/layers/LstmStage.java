package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.MatrixBuffer;
import java.util.random.RandomGenerator;

/**
 * One LSTM layer over whole sequences, PyTorch's cell with gates {@code i, f, g, o}:
 * <pre>
 *   [i f g o] = x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh
 *   i = sigmoid(i), f = sigmoid(f), g = tanh(g), o = sigmoid(o)
 *   c_t = f * c_{t-1} + i * g
 *   h_t = o * tanh(c_t)
 * </pre>
 * The element-wise part is {@link dev.tinytorch.api.MatrixOps#lstmCell}, its gradient
 * {@link dev.tinytorch.api.MatrixOps#lstmCellBackward}.
 */
final class LstmStage extends RecurrentStage {

    private Matrix[] c;      // c[0] the initial cell state, c[t + 1] after step t
    private Matrix gates;    // (T*B) x 4H: X W_ih^T + b_ih + b_hh + h_{t-1} W_hh^T, step t's rows activated to [i f g o]
    private final StepMatrices cBuffers = new StepMatrices();
    private final MatrixBuffer gateBuffer = new MatrixBuffer();
    private final MatrixBuffer dGatesBuffer = new MatrixBuffer();
    private final MatrixBuffer dhBuffer = new MatrixBuffer();
    private final MatrixBuffer dcBuffer = new MatrixBuffer();

    LstmStage(int layer, int inputSize, int hiddenSize, RandomGenerator rng) {
        super(layer, inputSize, hiddenSize, 4, rng);
    }

    @Override
    void recur(Matrix cState, int row) {
        int g = 4 * hiddenSize;
        c = cBuffers.get(ops, steps + 1, batch, hiddenSize);
        gates = gateBuffer.get(ops, steps * batch, g);
        projectInput(gates, true);                                          // x_t W_ih^T + b_ih + b_hh, every t
        start(cState, row, c[0]);
        for (int t = 0; t < steps; t++) {
            ops.gemm(false, false, 1.0, h[t], 0, batch, weightHhT, 1.0, gates, t * batch, batch);  // + h_{t-1} W_hh^T
            ops.lstmCell(gates, t * batch, c[t], c[t + 1], h[t + 1]);     // step t's rows, in place
            record(t);
        }
    }

    /**
     * Backward through time, last step first. With {@code dh} the gradient reaching {@code h_t} (from the output
     * at step t and, through {@code W_hh}, from step t + 1) and {@code dc} that reaching {@code c_t}, the cell gives
     * the gates' gradient {@code dG_t} and {@code dc_{t-1}}; then {@code dh_{t-1} += dG_t W_hh}.
     */
    @Override
    Matrix backward(Matrix gradOutput, boolean inputGradient) {
        Checks.forwardRan(input, this);
        int g = 4 * hiddenSize;
        Matrix dGates = dGatesBuffer.get(ops, steps * batch, g);
        Matrix dh = dhBuffer.get(ops, batch, hiddenSize);
        Matrix dc = dcBuffer.get(ops, batch, hiddenSize);
        ops.fill(dc, 0.0);  // nothing flows back from after the last step
        for (int t = steps - 1; t >= 0; t--) {
            ops.copyRows(gradOutput, t * batch, dh, 0, batch);             // from the output at step t
            if (t < steps - 1) {
                ops.gemm(false, false, 1.0, dGates, (t + 1) * batch, batch, weightHh.value(), 1.0, dh, 0,
                        batch);                                             // + dG_{t+1} W_hh, in place
            }
            ops.lstmCellBackward(gates, t * batch, c[t], c[t + 1], dh, dc, dGates);  // dc becomes dc_{t-1}
        }
        parameterGradients(dGates, dGates);  // both biases and products see the same gate gradients
        return inputGradient ? inputGradient(dGates) : null;
    }

    @Override
    Matrix finalCell() {
        return c[steps];
    }

    @Override
    public String toString() {
        return "LSTM layer (" + inputSize + " -> " + hiddenSize + ")";
    }
}
