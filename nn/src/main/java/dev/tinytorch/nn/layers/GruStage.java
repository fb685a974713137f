package dev.tinytorch.nn.layers;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.MatrixBuffer;
import java.util.random.RandomGenerator;

/**
 * One GRU layer over whole sequences, PyTorch's cell with gates {@code r, z, n}, the reset gate applied to the
 * hidden part of n including its bias:
 * <pre>
 *   [a_r a_z a_n] = x_t W_ih^T + b_ih          [b_r b_z b_n] = h_{t-1} W_hh^T + b_hh
 *   r = sigmoid(a_r + b_r), z = sigmoid(a_z + b_z), n = tanh(a_n + r * b_n)
 *   h_t = (1 - z) * n + z * h_{t-1}
 * </pre>
 * The element-wise part is {@link dev.tinytorch.api.MatrixOps#gruCell}, its gradient
 * {@link dev.tinytorch.api.MatrixOps#gruCellBackward}.
 */
final class GruStage extends RecurrentStage {

    private Matrix gates;          // (T*B) x 3H: X W_ih^T + b_ih for every step, step t's rows activated to [r z n]
    private Matrix[] hiddenGates;  // step t's [b_r b_z b_n]
    private final StepMatrices hiddenGateBuffers = new StepMatrices();
    private final MatrixBuffer gateBuffer = new MatrixBuffer();
    private final MatrixBuffer dGatesBuffer = new MatrixBuffer();
    private final MatrixBuffer dHiddenGatesBuffer = new MatrixBuffer();
    private final MatrixBuffer dhBuffer = new MatrixBuffer();
    private final MatrixBuffer dhDirectBuffer = new MatrixBuffer();

    GruStage(int layer, int inputSize, int hiddenSize, RandomGenerator rng) {
        super(layer, inputSize, hiddenSize, 3, rng);
    }

    @Override
    void recur(Matrix cState, int row) {
        int g = 3 * hiddenSize;
        hiddenGates = hiddenGateBuffers.get(ops, steps, batch, g);
        gates = gateBuffer.get(ops, steps * batch, g);
        projectInput(gates, false);
        for (int t = 0; t < steps; t++) {
            ops.gemm(false, false, 1.0, h[t], weightHhT, 0.0, hiddenGates[t]);        // h_{t-1} W_hh^T
            ops.broadcastRow(BinaryOp.ADD, hiddenGates[t], biasHh.value(), hiddenGates[t]);  // + b_hh
            ops.gruCell(gates, t * batch, hiddenGates[t], h[t], h[t + 1]);  // step t's rows, in place
            record(t);
        }
    }

    /**
     * Backward through time, last step first: {@code dh_t} (from the output at step t, and from step t + 1 both
     * directly, {@code dh_{t+1} z}, and through {@code W_hh}) gives the input and hidden parts' gradients; then
     * {@code dh_{t-1} = dh_t z + dB_t W_hh}.
     */
    @Override
    Matrix backward(Matrix gradOutput, boolean inputGradient) {
        Checks.forwardRan(input, this);
        int g = 3 * hiddenSize;
        Matrix dGates = dGatesBuffer.get(ops, steps * batch, g);
        Matrix dHiddenGates = dHiddenGatesBuffer.get(ops, steps * batch, g);
        Matrix dh = dhBuffer.get(ops, batch, hiddenSize);
        Matrix dhDirect = dhDirectBuffer.get(ops, batch, hiddenSize);
        for (int t = steps - 1; t >= 0; t--) {
            ops.copyRows(gradOutput, t * batch, dh, 0, batch);                    // from the output at step t
            if (t < steps - 1) {
                ops.axpy(1.0, dhDirect, dh);                                       // + dh_{t+1} z
                ops.gemm(false, false, 1.0, dHiddenGates, (t + 1) * batch, batch, weightHh.value(), 1.0, dh, 0,
                        batch);                                                    // + dB_{t+1} W_hh, in place
            }
            ops.gruCellBackward(gates, t * batch, hiddenGates[t], h[t], dh, dGates, dHiddenGates, dhDirect);
        }
        parameterGradients(dGates, dHiddenGates);
        return inputGradient ? inputGradient(dGates) : null;
    }

    @Override
    public String toString() {
        return "GRU layer (" + inputSize + " -> " + hiddenSize + ")";
    }
}
