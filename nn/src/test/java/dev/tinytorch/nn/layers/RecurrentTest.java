package dev.tinytorch.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecurrentTest {

    private final MatrixOps ops = Backends.getDefault();

    @Test
    void parametersHavePyTorchsNamesShapesAndBounds() {
        LSTM lstm = new LSTM(3, 5, 2, new Random(1));
        List<String> names = lstm.parameters().stream().map(Parameter::toString).toList();
        assertEquals(List.of("weight_ih_l0 20x3", "weight_hh_l0 20x5", "bias_ih_l0 1x20", "bias_hh_l0 1x20",
                "weight_ih_l1 20x5", "weight_hh_l1 20x5", "bias_ih_l1 1x20", "bias_hh_l1 1x20"), names);
        assertEquals("weight_ih_l0 6x3", new GRU(3, 2, new Random(1)).parameters().get(0).toString());
        assertEquals("weight_hh_l0 2x2", new RNN(3, 2, new Random(1)).parameters().get(1).toString());
        double bound = 1 / Math.sqrt(5);
        for (Parameter p : lstm.parameters()) {
            for (double v : ops.toRowMajor(p.value())) {
                assertTrue(Math.abs(v) <= bound && v != 0.0, p + " holds " + v);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RNN", "LSTM", "GRU"})
    void carriedStateContinuesTheSequence(String kind) {
        Random rng = new Random(2);
        int in = 2;
        int hidden = 3;
        Recurrent whole = RecurrentGradientTest.create(kind, in, hidden, 2, new Random(7));
        Recurrent chunked = RecurrentGradientTest.create(kind, in, hidden, 2, new Random(7));
        Matrix x = Fixtures.uniform(ops, 2, 6 * in, -1, 1, rng);
        double[] full = ops.toRowMajor(whole.forward(x));
        double[][] rows = ops.toArray(x);
        chunked.carryState(true);
        double[][] first = ops.toArray(chunked.forward(ops.fromArray(new double[][] {
            Arrays.copyOfRange(rows[0], 0, 4 * in), Arrays.copyOfRange(rows[1], 0, 4 * in)})));
        double[][] second = ops.toArray(chunked.forward(ops.fromArray(new double[][] {
            Arrays.copyOfRange(rows[0], 4 * in, 6 * in), Arrays.copyOfRange(rows[1], 4 * in, 6 * in)})));
        int w = 6 * hidden;
        for (int r = 0; r < 2; r++) {
            assertArrayEquals(Arrays.copyOfRange(full, r * w, r * w + 4 * hidden), first[r], 1e-15);
            assertArrayEquals(Arrays.copyOfRange(full, r * w + 4 * hidden, (r + 1) * w), second[r], 1e-15);
        }
        chunked.resetState();
        double[][] again = ops.toArray(chunked.forward(ops.fromArray(new double[][] {
            Arrays.copyOfRange(rows[0], 0, 4 * in), Arrays.copyOfRange(rows[1], 0, 4 * in)})));
        assertArrayEquals(first[0], again[0], 0.0);
    }

    @Test
    void finalStatesAreTheLastStepsOfEveryLayer() {
        LSTM lstm = new LSTM(2, 3, 2, new Random(3));
        Matrix y = lstm.forward(Fixtures.uniform(ops, 2, 8, -1, 1, new Random(4)));
        double[] out = ops.toRowMajor(y);
        double[] h = ops.toRowMajor(lstm.finalHidden());
        assertEquals(12, h.length);  // 2 layers x 2 sequences x 3 units
        assertArrayEquals(Arrays.copyOfRange(out, 9, 12), Arrays.copyOfRange(h, 6, 9), 0.0);   // layer 1, row 0
        assertArrayEquals(Arrays.copyOfRange(out, 21, 24), Arrays.copyOfRange(h, 9, 12), 0.0);  // layer 1, row 1
        assertEquals("4x3", lstm.finalCell().shape());
    }

    @Test
    void parameterOnlyBackwardStoresTheSameGradients() {
        Random rng = new Random(5);
        GRU gru = new GRU(3, 4, 2, rng);
        Matrix x = Fixtures.uniform(ops, 3, 15, -1, 1, rng);
        Matrix g = Fixtures.uniform(ops, 3, 20, -1, 1, rng);
        gru.forward(x);
        gru.backward(g);
        double[][] grads = gru.parameters().stream().map(p -> ops.toRowMajor(p.grad())).toArray(double[][]::new);
        gru.forward(x);
        gru.backwardParametersOnly(g);
        for (int i = 0; i < grads.length; i++) {
            assertArrayEquals(grads[i], ops.toRowMajor(gru.parameters().get(i).grad()), 0.0);
        }
    }

    @Test
    void lastStepKeepsTheLastFeaturesOfEachRow() {
        LastStep last = new LastStep(2);
        Matrix y = last.forward(ops.fromArray(new double[][] {{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}));
        assertArrayEquals(new double[] {5, 6, 11, 12}, ops.toRowMajor(y), 0.0);
        Matrix dx = last.backward(ops.fromArray(new double[][] {{-1, -2}, {-3, -4}}));
        assertArrayEquals(new double[] {0, 0, 0, 0, -1, -2, 0, 0, 0, 0, -3, -4}, ops.toRowMajor(dx), 0.0);
    }

    @Test
    void misuseIsReportedWithTheShapes() {
        LSTM lstm = new LSTM(3, 4, new Random(6));
        IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(ops.zeros(2, 10)));
        assertTrue(ragged.getMessage().contains("LSTM(3, 4): each row must be steps * 3 values"), ragged.getMessage());
        IllegalArgumentException state = assertThrows(IllegalArgumentException.class,
                () -> lstm.initialState(ops.zeros(2, 5), ops.zeros(2, 5)));
        assertTrue(state.getMessage().contains("h0 must be (1 * batch) x 4, got 2x5"), state.getMessage());
        lstm.initialState(ops.zeros(2, 4), ops.zeros(2, 4));
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> lstm.forward(ops.zeros(3, 6)));
        assertTrue(batch.getMessage().contains("initial state is 2x4, for 1 layer(s) of a batch of 3 it must be 3x4"),
                batch.getMessage());
        IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class, () -> new GRU(0, 4));
        assertTrue(sizes.getMessage().contains("GRU needs positive sizes"), sizes.getMessage());
        IllegalStateException early = assertThrows(IllegalStateException.class,
                () -> new RNN(2, 2).backward(ops.zeros(1, 2)));
        assertTrue(early.getMessage().contains("RNN(2, 2): backward called before forward"), early.getMessage());
    }
}
