package dev.tinytorch.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.nn.Fixtures;
import dev.tinytorch.nn.GradientChecker;
import dev.tinytorch.nn.ImageShape;
import dev.tinytorch.nn.ShapedLayer;
import dev.tinytorch.nn.WeightedSumLoss;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MaxPool2d, AvgPool2d and Flatten. */
class PoolingTest {

    private final MatrixOps ops = Backends.getDefault();

    static Stream<Arguments> pools() {
        return Stream.of(
                Arguments.of(new MaxPool2d(2), new ImageShape(2, 4, 6)),
                Arguments.of(new MaxPool2d(3, 2), new ImageShape(1, 7, 7)),
                Arguments.of(new MaxPool2d(Size2d.of(2, 3), Size2d.of(1, 2)), new ImageShape(3, 4, 7)),
                Arguments.of(new AvgPool2d(2), new ImageShape(2, 4, 6)),
                Arguments.of(new AvgPool2d(3, 2), new ImageShape(1, 7, 7)),
                Arguments.of(new AvgPool2d(Size2d.of(2, 3), Size2d.of(1, 2)), new ImageShape(3, 4, 7)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("pools")
    void gradientsMatchFiniteDifferences(ShapedLayer pool, ImageShape input) {
        Random rng = new Random(7);
        ImageShape out = pool.connect(input);
        Matrix x = Fixtures.uniform(ops, 3, input.size(), -1, 1, rng);  // continuous: no ties, no kinks nearby
        GradientChecker.check(List.of(pool), new WeightedSumLoss(), x, Fixtures.uniform(ops, 3, out.size(), -1, 1, rng));
    }

    @Test
    void maxPoolTakesEachWindowsLargestAndSendsTheGradientThere() {
        MaxPool2d pool = new MaxPool2d(2);
        assertEquals(new ImageShape(1, 1, 2), pool.connect(new ImageShape(1, 2, 4)));
        Matrix y = pool.forward(ops.fromArray(new double[][] {{1, 7, 3, 3, 2, -1, 3, 0}}));
        assertArrayEquals(new double[] {7, 3}, ops.toRowMajor(y), 0.0);
        Matrix dx = pool.backward(ops.fromArray(new double[][] {{10, 20}}));
        assertArrayEquals(new double[] {0, 10, 20, 0, 0, 0, 0, 0}, ops.toRowMajor(dx), 0.0);  // the first 3 wins
    }

    @Test
    void avgPoolDividesByTheKernelArea() {
        AvgPool2d pool = new AvgPool2d(2);
        pool.connect(new ImageShape(1, 2, 4));
        Matrix y = pool.forward(ops.fromArray(new double[][] {{1, 7, 3, 3, 2, -1, 3, 0}}));
        assertArrayEquals(new double[] {2.25, 2.25}, ops.toRowMajor(y), 1e-15);
        Matrix dx = pool.backward(ops.fromArray(new double[][] {{4, 8}}));
        assertArrayEquals(new double[] {1, 1, 2, 2, 1, 1, 2, 2}, ops.toRowMajor(dx), 0.0);
    }

    @Test
    void flattenPassesRowsThroughAndNamesTheFlatShape() {
        Flatten flatten = new Flatten();
        assertEquals(new ImageShape(96, 1, 1), flatten.connect(new ImageShape(6, 4, 4)));
        Matrix x = ops.zeros(2, 96);
        assertSame(x, flatten.forward(x));
        assertSame(x, flatten.backward(x));
    }

    @Test
    void namesSayKernelAndStride() {
        assertEquals("MaxPool2d(2x2)", new MaxPool2d(2).toString());
        assertEquals("AvgPool2d(3x3, stride 2x2)", new AvgPool2d(3, 2).toString());
    }
}
