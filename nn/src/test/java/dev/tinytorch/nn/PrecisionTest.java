package dev.tinytorch.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.contract.Float32Backends;
import dev.tinytorch.nn.layers.BatchNorm1d;
import dev.tinytorch.nn.layers.Linear;
import dev.tinytorch.nn.layers.ReLU;
import dev.tinytorch.nn.layers.Sigmoid;
import dev.tinytorch.nn.losses.BinaryCrossEntropy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code model.to(ops)} moves a model between precisions as it moves it between backends: into float32 every
 * weight and statistic is rounded to float, back into float64 the floats are kept exactly, and the network computes
 * the same function to float32's precision.
 */
class PrecisionTest {

    private final MatrixOps float64 = Backends.get("plain", DType.FLOAT64);

    private static Sequential model() {
        return new Sequential(List.of(new Linear(5, 7), new BatchNorm1d(7), new ReLU(), new Linear(7, 1),
                new Sigmoid()), new BinaryCrossEntropy());
    }

    /** Every parameter's values and every batch norm's running statistics, in order. */
    private static List<double[]> state(Sequential model) {
        List<double[]> state = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            state.add(p.ops().toRowMajor(p.value()));
        }
        for (Layer layer : model.layers()) {
            if (layer instanceof BatchNorm1d bn) {
                state.add(bn.runningMean());
                state.add(bn.runningVar());
            }
        }
        return state;
    }

    private static double[] rounded(double[] x) {
        return Arrays.stream(x).map(DType.FLOAT32::round).toArray();
    }

    @Test
    void toRoundsIntoFloat32AndKeepsTheFloatsOnTheWayBack() {
        Random rng = new Random(5);
        double[] x = new double[4 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * rng.nextDouble() - 1;
        }
        for (MatrixOps float32 : Float32Backends.all("plain")) {
            Sequential model = model().to(float64);
            model.train();
            model.forward(float64.fromRowMajor(4, 5, x));  // running statistics that are not floats
            model.eval();
            List<double[]> before = state(model);
            double[] expected = float64.toRowMajor(model.forward(float64.fromRowMajor(4, 5, x)));

            model.to(float32);
            List<double[]> inFloat = state(model);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(rounded(before.get(i)), inFloat.get(i), 0.0, "state " + i + " on " + float32);
            }
            assertTrue(!Arrays.equals(before.get(0), inFloat.get(0)), "the first weights were rounded");
            assertTrue(!Arrays.equals(before.get(before.size() - 1), inFloat.get(before.size() - 1)),
                    "the running variances were rounded");
            for (Parameter p : model.parameters()) {
                assertEquals(DType.FLOAT32, p.ops().dtype(), p.toString());
            }
            double[] there = float32.toRowMajor(model.forward(float32.fromRowMajor(4, 5, x)));
            assertArrayEquals(expected, there, 1e-5, "the same function to float32's precision");

            model.to(float64);
            List<double[]> back = state(model);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(inFloat.get(i), back.get(i), 0.0, "state " + i + " back in float64");
            }
        }
    }
}
