package dev.tinytorch.nn.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.WeightedSumLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference gradient checks of RNN, LSTM and GRU (on whichever backend the suite runs): one and two layers,
 * every step's output or the last step's, from zeros or from a given initial state; relative error below 1e-6 for
 * the input and every parameter.
 */
class RecurrentGradientTest {

    private final MatrixOps ops = Backends.getDefault();

    static Stream<Arguments> configurations() {
        List<Arguments> cases = new ArrayList<>();
        for (String kind : List.of("RNN", "LSTM", "GRU")) {
            for (int layers : new int[] {1, 2}) {
                for (boolean last : new boolean[] {false, true}) {
                    for (boolean given : new boolean[] {false, true}) {
                        cases.add(Arguments.of(kind, layers, last, given));
                    }
                }
            }
        }
        return cases.stream();
    }

    static Recurrent create(String kind, int in, int hidden, int layers, Random rng) {
        return switch (kind) {
            case "RNN" -> new RNN(in, hidden, layers, rng);
            case "LSTM" -> new LSTM(in, hidden, layers, rng);
            case "GRU" -> new GRU(in, hidden, layers, rng);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0}, {1} layer(s), last step only {2}, given initial state {3}")
    @MethodSource("configurations")
    void gradientsMatchFiniteDifferences(String kind, int layers, boolean last, boolean given) {
        Random rng = new Random(11);
        int in = 3;
        int hidden = 4;
        int steps = 5;
        int batch = 3;
        Recurrent rnn = create(kind, in, hidden, layers, rng);
        if (given) {
            Matrix h0 = Fixtures.uniform(ops, layers * batch, hidden, -0.8, 0.8, rng);
            if (rnn instanceof LSTM lstm) {
                lstm.initialState(h0, Fixtures.uniform(ops, layers * batch, hidden, -0.8, 0.8, rng));
            } else {
                rnn.initialState(h0);
            }
        }
        List<Layer> chain = last ? List.of(rnn, new LastStep(hidden)) : List.of(rnn);
        Matrix x = Fixtures.uniform(ops, batch, steps * in, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, batch, last ? hidden : steps * hidden, -1, 1, rng);
        GradientChecker.Report report = GradientChecker.check(chain, new WeightedSumLoss(), x, t);
        assertTrue(report.entries() > 0);
    }
}
