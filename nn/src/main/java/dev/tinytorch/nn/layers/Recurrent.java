package dev.tinytorch.nn.layers;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Checks;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.MatrixBuffer;
import dev.tinytorch.nn.Parameter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share: PyTorch's {@code batch_first=True} recurrent layers on a batch
 * of sequences kept as a matrix, stacking, the initial state, and backpropagation through time.
 *
 * <p><b>Layout.</b> A batch is {@code batch x (steps * inputSize)}, one sequence per row, its time steps one after the
 * other, so {@code Dataset} and {@code DataLoader} take sequences as they take anything else; the number of steps is
 * the row's length over {@code inputSize}. The output is every step's hidden state of the last layer,
 * {@code batch x (steps * hiddenSize)} in the same layout (PyTorch's {@code output}); {@link LastStep} keeps the last.
 * Inside, sequences are time-major (step t's rows together): see {@link RecurrentStage}.
 *
 * <p><b>State.</b> Each forward starts from zeros, or from the state given to {@link #initialState}; it is
 * {@code (numLayers * batch) x hiddenSize}, PyTorch's {@code h_0} of shape {@code [numLayers, batch, hidden]}
 * flattened. With {@link #carryState(boolean) carryState(true)} each forward starts where the previous one ended,
 * without backpropagating into it (PyTorch's {@code h.detach()} between batches): truncated backpropagation through
 * time for streams longer than one batch's sequences. Gradients with respect to the initial state are not kept.
 */
public abstract sealed class Recurrent implements Layer permits RNN, LSTM, GRU {

    private final String kind;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final List<RecurrentStage> stages;
    private final List<Parameter> parameters;
    private MatrixOps ops = Backends.getDefault();
    private boolean carry;
    private Matrix hState;  // (numLayers * batch) x hidden, or null for zeros
    private Matrix cState;  // the LSTM's cell state, likewise
    private int steps;      // of the last forward
    private int batch;
    private Matrix output;
    private final MatrixBuffer stepsInBuffer = new MatrixBuffer();
    private final MatrixBuffer timeMajorInBuffer = new MatrixBuffer();
    private final MatrixBuffer stepsOutBuffer = new MatrixBuffer();
    private final MatrixBuffer outputBuffer = new MatrixBuffer();
    private final MatrixBuffer gradStepsBuffer = new MatrixBuffer();
    private final MatrixBuffer gradTimeMajorBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInStepsBuffer = new MatrixBuffer();
    private final MatrixBuffer gradInputBuffer = new MatrixBuffer();
    private final MatrixBuffer hFinalBuffer = new MatrixBuffer();
    private final MatrixBuffer cFinalBuffer = new MatrixBuffer();

    Recurrent(String kind, int inputSize, int hiddenSize, int numLayers, List<RecurrentStage> stages) {
        this.kind = kind;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.stages = List.copyOf(stages);
        List<Parameter> all = new ArrayList<>();
        for (RecurrentStage s : stages) {
            all.addAll(s.parameters);
        }
        this.parameters = Collections.unmodifiableList(all);
    }

    /** Rejects sizes a recurrent layer cannot have, naming the layer kind. */
    static void checkSizes(String kind, int inputSize, int hiddenSize, int numLayers) {
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException(kind + " needs positive sizes, got inputSize=" + inputSize
                    + ", hiddenSize=" + hiddenSize + ", numLayers=" + numLayers);
        }
    }

    /** The number of features of each time step of the input. */
    public int inputSize() {
        return inputSize;
    }

    /** The number of hidden units, the features of each output step. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** The number of stacked layers. */
    public int numLayers() {
        return numLayers;
    }

    /**
     * Runs the stacked layers over every sequence of {@code x} ({@code batch x (steps * inputSize)}) and returns
     * every step's hidden state of the last layer, {@code batch x (steps * hiddenSize)}.
     */
    @Override
    public Matrix forward(Matrix x) {
        if (x.cols() == 0 || x.cols() % inputSize != 0) {
            throw new IllegalArgumentException(this + ": each row must be steps * " + inputSize
                    + " values (a sequence of " + inputSize + "-feature steps), got " + x.shape());
        }
        steps = x.cols() / inputSize;
        batch = x.rows();
        checkState(hState, "initial state");
        checkState(cState, "initial cell state");
        // batch x (T*F) -> T x (B*F), which row-major is (T*B) x F: one row per sequence and step, time-major
        Matrix stepsIn = stepsInBuffer.get(ops, steps, batch * inputSize);
        ops.transposeBlocks(x, inputSize, stepsIn);
        Matrix sequence = timeMajorInBuffer.get(ops, steps * batch, inputSize);
        ops.reshape(stepsIn, sequence);
        for (int l = 0; l < numLayers; l++) {
            sequence = stages.get(l).forward(sequence, steps, hState, cState, l * batch);
        }
        if (carry) {
            keepFinalState();
        }
        Matrix stepsOut = stepsOutBuffer.get(ops, steps, batch * hiddenSize);
        ops.reshape(sequence, stepsOut);
        output = outputBuffer.get(ops, batch, steps * hiddenSize);
        ops.transposeBlocks(stepsOut, hiddenSize, output);
        return output;
    }

    private void checkState(Matrix state, String what) {
        if (state != null && state.rows() != numLayers * batch) {
            throw new IllegalArgumentException(this + ": the " + what + " is " + state.shape() + ", for "
                    + numLayers + " layer(s) of a batch of " + batch + " it must be " + (numLayers * batch) + "x"
                    + hiddenSize + " (call resetState() to start from zeros)");
        }
    }

    /** Makes the last forward's final states the next forward's initial states (detached: no gradient flows). */
    private void keepFinalState() {
        if (hState == null || hState.rows() != numLayers * batch) {
            hState = ops.zeros(numLayers * batch, hiddenSize);
        }
        boolean cells = stages.get(0).finalCell() != null;
        if (cells && (cState == null || cState.rows() != numLayers * batch)) {
            cState = ops.zeros(numLayers * batch, hiddenSize);
        }
        for (int l = 0; l < numLayers; l++) {
            ops.copyRows(stages.get(l).finalHidden(), 0, hState, l * batch, batch);
            if (cells) {
                ops.copyRows(stages.get(l).finalCell(), 0, cState, l * batch, batch);
            }
        }
    }

    /**
     * Given {@code g = dLoss/dOutput} ({@code batch x (steps * hiddenSize)}, each sample's loss), backpropagates
     * through time and through the layers, stores every parameter's gradient (averaged over the batch) and returns
     * the gradient with respect to the input.
     */
    @Override
    public Matrix backward(Matrix gradOutput) {
        Matrix dx = backpropagate(gradOutput, true);
        Matrix gradSteps = gradInStepsBuffer.get(ops, steps, batch * inputSize);
        ops.reshape(dx, gradSteps);
        Matrix gradInput = gradInputBuffer.get(ops, batch, steps * inputSize);
        ops.transposeBlocks(gradSteps, inputSize, gradInput);
        return gradInput;
    }

    /** The parameters' gradients without the input's: the first layer skips its {@code dG W_ih} product. */
    @Override
    public void backwardParametersOnly(Matrix gradOutput) {
        backpropagate(gradOutput, false);
    }

    private Matrix backpropagate(Matrix gradOutput, boolean inputGradient) {
        Checks.forwardRan(output, this);
        Checks.sameShape(this, "backward: gradOutput must match the last output", output, gradOutput);
        Matrix gradSteps = gradStepsBuffer.get(ops, steps, batch * hiddenSize);
        ops.transposeBlocks(gradOutput, hiddenSize, gradSteps);
        Matrix grad = gradTimeMajorBuffer.get(ops, steps * batch, hiddenSize);
        ops.reshape(gradSteps, grad);
        for (int l = numLayers - 1; l >= 0; l--) {
            grad = stages.get(l).backward(grad, l > 0 || inputGradient);
        }
        return grad;
    }

    /**
     * Starts every following forward from {@code h0} ({@code (numLayers * batch) x hiddenSize}, layer l's state in
     * rows {@code l * batch ..}), copied; the cell state, for an LSTM, from zeros. Modifies nothing passed in.
     */
    public void initialState(Matrix h0) {
        hState = copyOfState(h0, "h0");
        cState = null;
    }

    /** For the LSTM: the hidden and the cell state to start from, as {@link #initialState(Matrix)}. */
    void initialState(Matrix h0, Matrix c0) {
        hState = copyOfState(h0, "h0");
        cState = copyOfState(c0, "c0");
        if (h0.rows() != c0.rows()) {
            throw new IllegalArgumentException(this + ": h0 " + h0.shape() + " and c0 " + c0.shape() + " differ");
        }
    }

    private Matrix copyOfState(Matrix state, String name) {
        if (state.cols() != hiddenSize || state.rows() % numLayers != 0 || state.rows() == 0) {
            throw new IllegalArgumentException(this + ": " + name + " must be (" + numLayers + " * batch) x "
                    + hiddenSize + ", got " + state.shape());
        }
        Matrix copy = ops.zeros(state.rows(), state.cols());
        ops.copy(state, copy);
        return copy;
    }

    /**
     * With {@code true}, each forward starts from the state the previous one ended in (truncated backpropagation
     * through time: no gradient flows into the earlier batch); with {@code false}, from the initial state again.
     */
    public void carryState(boolean carryOn) {
        this.carry = carryOn;
    }

    /** Forgets any carried or given state: the next forward starts from zeros. */
    public void resetState() {
        hState = null;
        cState = null;
    }

    /**
     * The hidden state every layer ended the last forward in, {@code (numLayers * batch) x hiddenSize}: PyTorch's
     * {@code h_n}. Valid until the next call.
     */
    public Matrix finalHidden() {
        Checks.forwardRan(output, this);
        Matrix h = hFinalBuffer.get(ops, numLayers * batch, hiddenSize);
        for (int l = 0; l < numLayers; l++) {
            ops.copyRows(stages.get(l).finalHidden(), 0, h, l * batch, batch);
        }
        return h;
    }

    /** For the LSTM: the cell states of the last forward, as {@link #finalHidden}. */
    Matrix finalCell() {
        Checks.forwardRan(output, this);
        Matrix c = cFinalBuffer.get(ops, numLayers * batch, hiddenSize);
        for (int l = 0; l < numLayers; l++) {
            ops.copyRows(stages.get(l).finalCell(), 0, c, l * batch, batch);
        }
        return c;
    }

    /**
     * Layer 0's {@code weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0}, then layer 1's, and so on (PyTorch's
     * order and names); weights are {@code [gates * hidden, in]}, biases {@code 1 x gates * hidden}.
     */
    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public void to(MatrixOps target) {
        for (RecurrentStage s : stages) {
            s.to(target);
        }
        if (hState != null) {
            hState = target.fromRowMajor(hState.rows(), hState.cols(), ops.toRowMajor(hState));
        }
        if (cState != null) {
            cState = target.fromRowMajor(cState.rows(), cState.cols(), ops.toRowMajor(cState));
        }
        ops = target;
        output = null;
    }

    @Override
    public String toString() {
        return kind + "(" + inputSize + ", " + hiddenSize + (numLayers > 1 ? ", numLayers=" + numLayers : "") + ")";
    }
}
