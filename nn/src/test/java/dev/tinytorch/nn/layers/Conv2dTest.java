package dev.tinytorch.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.Layer;
import dev.tinytorch.nn.WeightedSumLoss;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2dTest {

    private final MatrixOps ops = Backends.getDefault();

    /** in, out, input height and width, kernel, stride, padding, batch. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1, 2, 5, 5, Size2d.of(3), Size2d.of(1), Size2d.of(0), 2),
                Arguments.of(2, 3, 6, 5, Size2d.of(3), Size2d.of(2), Size2d.of(1), 2),
                Arguments.of(3, 2, 4, 4, Size2d.of(1), Size2d.of(1), Size2d.of(0), 1),
                Arguments.of(2, 2, 5, 6, Size2d.of(2, 3), Size2d.of(2, 1), Size2d.of(1, 0), 3),
                Arguments.of(1, 1, 3, 3, Size2d.of(5), Size2d.of(1), Size2d.of(1), 2),
                Arguments.of(2, 1, 7, 7, Size2d.of(3), Size2d.of(3), Size2d.of(2), 1));
    }

    @ParameterizedTest(name = "{0} -> {1} on {2}x{3}, kernel {4}, stride {5}, padding {6}, batch {7}")
    @MethodSource("shapes")
    void gradientsMatchFiniteDifferences(int in, int out, int h, int w, Size2d kernel, Size2d stride, Size2d padding,
            int batch) {
        Random rng = new Random(3);
        Conv2d conv = new Conv2d(in, out, kernel, stride, padding, rng);
        ImageShape shape = conv.connect(new ImageShape(in, h, w));
        Matrix x = Fixtures.uniform(ops, batch, in * h * w, -1, 1, rng);
        Matrix t = Fixtures.uniform(ops, batch, shape.size(), -1, 1, rng);
        GradientChecker.Report report = GradientChecker.check(List.of(conv), new WeightedSumLoss(), x, t);
        assertTrue(report.entries() > 0);
    }

    @Test
    void gradientsFlowThroughTwoConvolutionsAndAPool() {
        Random rng = new Random(5);
        Conv2d first = new Conv2d(2, 3, 3, 1, 1, rng);
        MaxPool2d pool = new MaxPool2d(2);
        Conv2d second = new Conv2d(3, 2, 2, 1, 0, rng);
        ImageShape shape = second.connect(pool.connect(first.connect(new ImageShape(2, 6, 6))));
        assertEquals(new ImageShape(2, 2, 2), shape);
        List<Layer> layers = List.of(first, pool, second);
        Matrix x = Fixtures.uniform(ops, 2, 72, -1, 1, rng);
        GradientChecker.check(layers, new WeightedSumLoss(), x, Fixtures.uniform(ops, 2, 8, -1, 1, rng));
    }

    @Test
    void forwardIsACrossCorrelationPlusBias() {
        Conv2d conv = new Conv2d(1, 2, 2, 1, 0, new Random(0));
        conv.connect(new ImageShape(1, 2, 3));
        ops.setRowMajor(conv.parameters().get(0).value(), new double[] {1, 2, 3, 4, 0, 0, 0, -1});
        ops.setRowMajor(conv.parameters().get(1).value(), new double[] {0.5, 10});
        Matrix y = conv.forward(ops.fromArray(new double[][] {{1, 2, 3, 4, 5, 6}}));
        // channel 0: [1 2; 3 4] over [1 2 3; 4 5 6] -> 1+4+12+20 = 37, 2+6+15+24 = 47; channel 1: -x[1][c+1]
        assertArrayEquals(new double[] {37.5, 47.5, 5, 4}, ops.toRowMajor(y), 1e-12);
    }

    @Test
    void parametersAreShapedAndDrawnAsPyTorchs() {
        Conv2d conv = new Conv2d(3, 4, 5, 1, 0, new Random(1));
        Matrix w = conv.parameters().get(0).value();
        Matrix b = conv.parameters().get(1).value();
        assertEquals("4x75", w.shape());
        assertEquals("4x1", b.shape());
        double bound = 1 / Math.sqrt(75);
        for (double v : ops.toRowMajor(w)) {
            assertTrue(Math.abs(v) <= bound);
        }
        double[] bias = ops.toRowMajor(b);
        for (double v : bias) {
            assertTrue(Math.abs(v) <= bound && v != 0.0);
        }
    }

    @Test
    void parameterOnlyBackwardStoresTheSameGradients() {
        Random rng = new Random(2);
        Conv2d conv = new Conv2d(2, 3, 3, 2, 1, rng);
        conv.connect(new ImageShape(2, 5, 5));
        Matrix x = Fixtures.uniform(ops, 3, 50, -1, 1, rng);
        Matrix g = Fixtures.uniform(ops, 3, 27, -1, 1, rng);
        conv.forward(x);
        conv.backward(g);
        double[] dw = ops.toRowMajor(conv.parameters().get(0).grad());
        double[] db = ops.toRowMajor(conv.parameters().get(1).grad());
        conv.forward(x);
        conv.backwardParametersOnly(g);
        assertArrayEquals(dw, ops.toRowMajor(conv.parameters().get(0).grad()), 0.0);
        assertArrayEquals(db, ops.toRowMajor(conv.parameters().get(1).grad()), 0.0);
    }

    @Test
    void misuseIsReportedWithTheShapes() {
        Conv2d conv = new Conv2d(2, 3, 3);
        IllegalStateException unknown = assertThrows(IllegalStateException.class, () -> conv.forward(ops.zeros(1, 50)));
        assertTrue(unknown.getMessage().contains("Conv2d(2 -> 3, 3x3) does not know"), unknown.getMessage());
        conv.connect(new ImageShape(2, 5, 5));
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class, () -> conv.forward(ops.zeros(1, 49)));
        assertTrue(wide.getMessage().contains("50 columns, one 2x5x5 image per row, got 1x49"), wide.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(1, 1, 5).connect(new ImageShape(1, 4, 4)));
        assertTrue(small.getMessage().contains("Conv2d(1 -> 1, 5x5) cannot take 1x4x4 inputs"), small.getMessage());
        assertEquals("Conv2d(1 -> 2, 3x2, stride 2x1, padding 1x0)",
                new Conv2d(1, 2, Size2d.of(3, 2), Size2d.of(2, 1), Size2d.of(1, 0), new Random(0)).toString());
    }
}
