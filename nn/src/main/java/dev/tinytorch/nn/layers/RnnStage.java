package dev.tinytorch.nn.layers;

import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.UnaryOp;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.MatrixBuffer;
import java.util.random.RandomGenerator;

/**
 * One Elman RNN layer over whole sequences, PyTorch's {@code nn.RNN} cell with its default tanh:
 * {@code h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)}.
 */
final class RnnStage extends RecurrentStage {

    private Matrix inputGates;  // (T*B) x H: X W_ih^T + b_ih + b_hh for every step
    private final MatrixBuffer inputGateBuffer = new MatrixBuffer();
    private final MatrixBuffer dGatesBuffer = new MatrixBuffer();
    private final MatrixBuffer dStepBuffer = new MatrixBuffer();
    private final MatrixBuffer dhBuffer = new MatrixBuffer();

    RnnStage(int layer, int inputSize, int hiddenSize, RandomGenerator rng) {
        super(layer, inputSize, hiddenSize, 1, rng);
    }

    @Override
    void recur(Matrix cState, int row) {
        inputGates = inputGateBuffer.get(ops, steps * batch, hiddenSize);
        projectInput(inputGates, true);
        for (int t = 0; t < steps; t++) {
            ops.copyRows(inputGates, t * batch, h[t + 1], 0, batch);          // x_t W_ih^T + b_ih + b_hh
            ops.gemm(false, false, 1.0, h[t], weightHhT, 1.0, h[t + 1]);        // + h_{t-1} W_hh^T
            ops.map(UnaryOp.TANH, h[t + 1], h[t + 1]);
            record(t);
        }
    }

    /**
     * Backward through time, last step first: {@code dh_t} (from the output at step t and, through {@code W_hh},
     * from step t + 1) gives the pre-activation's gradient {@code dA_t = dh_t * (1 - h_t^2)}, then
     * {@code dh_{t-1} += dA_t W_hh}.
     */
    @Override
    Matrix backward(Matrix gradOutput, boolean inputGradient) {
        Checks.forwardRan(input, this);
        Matrix dGates = dGatesBuffer.get(ops, steps * batch, hiddenSize);
        Matrix dStep = dStepBuffer.get(ops, batch, hiddenSize);
        Matrix dh = dhBuffer.get(ops, batch, hiddenSize);
        for (int t = steps - 1; t >= 0; t--) {
            ops.copyRows(gradOutput, t * batch, dh, 0, batch);             // from the output at step t
            if (t < steps - 1) {
                ops.gemm(false, false, 1.0, dStep, weightHh.value(), 1.0, dh);  // + dA_{t+1} W_hh
            }
            ops.map(UnaryOp.SQUARE, h[t + 1], dStep);    // h_t^2
            ops.affine(dStep, -1.0, 1.0, dStep);          // 1 - h_t^2
            ops.zip(BinaryOp.MUL, dStep, dh, dStep);      // dA_t = dh_t (1 - h_t^2)
            ops.copyRows(dStep, 0, dGates, t * batch, batch);
        }
        parameterGradients(dGates, dGates);
        return inputGradient ? inputGradient(dGates) : null;
    }

    @Override
    public String toString() {
        return "RNN layer (" + inputSize + " -> " + hiddenSize + ")";
    }
}
