package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.layers.GRU;
import dev.tinytorch.nn.layers.LSTM;
import dev.tinytorch.nn.layers.LastStep;
import dev.tinytorch.nn.layers.RNN;
import dev.tinytorch.nn.losses.MSELoss;
import dev.tinytorch.nn.optim.Adam;
import dev.tinytorch.nn.optim.GradientClipping;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Once compiled, a training step of a small GRU or RNN network (one or two layers, every step's output or the last
 * one's; Adam with clipping) allocates nothing on the plain backend, on any thread: as {@link
 * LeNetAllThreadsAllocationTest} for LeNet-5. Such networks were seen to allocate about 9 KB a step inside plain
 * after a few hundred steps: plain's element-wise and small-product Vector API loops still running as C1 code, which
 * allocates every vector, because a small network takes a few hundred steps in the fraction of a second before C2
 * has compiled them. This test tells that warm-up apart from a buffer or a boxed vector a step would allocate for
 * ever: it waits for one clean window of steps, up to a cap.
 */
class RecurrentAllThreadsAllocationTest {

    private static final String PLAIN = "plain";
    private static final int INPUT = 3;
    private static final int HIDDEN = 8;
    private static final int STEPS = 6;
    private static final int BATCH = 16;
    private static final int STEPS_PER_WINDOW = 20;
    private static final int MAX_WINDOWS = 400;

    @ParameterizedTest(name = "{0}, {1} layer(s), {2}")
    @CsvSource({"GRU, 1, every step", "GRU, 2, every step", "GRU, 1, last step", "GRU, 2, last step",
            "RNN, 1, every step", "RNN, 2, every step", "RNN, 1, last step", "RNN, 2, last step"})
    void aSmallRecurrentStepOnPlainAllocatesNothingOnAnyThreadOnceCompiled(String kind, int layers, String output) {
        assumeTrue(Backends.getDefault().name().equals(PLAIN), "runs once, in the test run on " + PLAIN);
        MatrixOps ops = Backends.get(PLAIN);
        Random rng = new Random(179);
        List<Layer> network = new ArrayList<>();
        network.add(kind.equals("GRU") ? new GRU(INPUT, HIDDEN, layers, rng) : new RNN(INPUT, HIDDEN, layers, rng));
        boolean lastStep = output.equals("last step");
        if (lastStep) {
            network.add(new LastStep(HIDDEN));
        }
        Sequential model = new Sequential(network, new MSELoss()).to(ops);
        Matrix x = Fixtures.uniform(ops, BATCH, STEPS * INPUT, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, BATCH, (lastStep ? 1 : STEPS) * HIDDEN, -1, 1, rng);
        assertSomeWindowAllocatesNothing(model, x, t);
    }

    /**
     * A GRU and an LSTM of 64 units, rows wide enough for plain's vector cells in either precision (float32's sigmoid
     * and tanh widen to double through a buffer of plain's, and their float-double conversions once allocated every
     * vector): once compiled, no allocation in float64 or float32.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void aGruAndLstmOfVectorWideRowsOnPlainAllocateNothingInEitherPrecision(DType dtype) {
        assumeTrue(Backends.getDefault().name().equals(PLAIN), "runs once, in the test run on " + PLAIN);
        MatrixOps ops = Backends.get(PLAIN, dtype);
        Random rng = new Random(180);
        int wide = 64;
        Sequential model = new Sequential(List.of(new GRU(INPUT, wide, 1, rng), new LSTM(wide, wide, rng)),
                new MSELoss()).to(ops);
        Matrix x = Fixtures.uniform(ops, BATCH, STEPS * INPUT, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, BATCH, STEPS * wide, -1, 1, rng);
        assertSomeWindowAllocatesNothing(model, x, t);
    }

    /** Adam with clipping on {@code model}, in windows, until one allocates nothing on any thread (or fails). */
    private static void assertSomeWindowAllocatesNothing(Sequential model, Matrix x, Matrix t) {
        GradientClipping clipping = new GradientClipping(model.parameters(), 5.0);
        Adam adam = new Adam(model.parameters());
        Runnable steps = () -> {
            for (int i = 0; i < STEPS_PER_WINDOW; i++) {
                model.loss(model.forward(x), t);
                model.backward();
                clipping.clip();
                adam.step();
            }
        };
        steps.run();  // sizes every buffer, and starts any helper thread before the first measured window
        long least = new AllThreadsAllocation().leastOverWindows(steps, MAX_WINDOWS);
        if (least > 0) {
            fail("every window of " + STEPS_PER_WINDOW + " steps of " + model + " on plain allocated, the least "
                    + least + " bytes over all threads, in " + MAX_WINDOWS + " windows or more");
        }
    }
}
