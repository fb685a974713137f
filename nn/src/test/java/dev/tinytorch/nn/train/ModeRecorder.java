package dev.tinytorch.nn.train;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Layer;
import java.util.ArrayList;
import java.util.List;

/** An identity layer remembering the mode of each forward pass, to see what mode the trainer leaves a model in. */
final class ModeRecorder implements Layer {

    private boolean training = true;
    final List<Boolean> forwardModes = new ArrayList<>();

    boolean training() {
        return training;
    }

    @Override
    public Matrix forward(Matrix x) {
        forwardModes.add(training);
        return x;
    }

    @Override
    public Matrix backward(Matrix gradOutput) {
        return gradOutput;
    }

    @Override
    public void to(MatrixOps ops) {
    }

    @Override
    public void train(boolean training) {
        this.training = training;
    }
}
