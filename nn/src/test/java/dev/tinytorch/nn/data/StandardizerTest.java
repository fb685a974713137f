package dev.tinytorch.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandardizerTest {

    private static final double EPS = 1e-12;
    private final MatrixOps ops = Backends.getDefault();

    /** Column 0: mean 2.5, population std sqrt(1.25); column 1: constant 10; column 2: mean 2, std 2. */
    private final double[][] training = {{1, 10, 0}, {2, 10, 0}, {3, 10, 4}, {4, 10, 4}};

    @Test
    void learnsMeanAndPopulationStdOfTheTrainingColumns() {
        Standardizer s = Standardizer.fit(ops, ops.fromArray(training));
        assertEquals(3, s.features());
        assertArrayEquals(new double[] {2.5, 10, 2}, s.mean(), EPS);
        assertArrayEquals(new double[] {Math.sqrt(1.25), 0, 2}, s.std(), EPS);
        assertArrayEquals(new double[] {Math.sqrt(1.25), 1, 2}, s.scale(), EPS);
    }

    @Test
    void trainingColumnsGetMeanZeroAndStdOne() {
        Matrix x = ops.fromArray(training);
        Standardizer s = Standardizer.fit(ops, x);
        Standardizer again = Standardizer.fit(ops, s.transform(x));
        assertArrayEquals(new double[] {0, 0, 0}, again.mean(), EPS);
        assertArrayEquals(new double[] {1, 0, 1}, again.std(), EPS);
    }

    @Test
    void validationUsesTheTrainingStatistics() {
        Standardizer s = Standardizer.fit(ops, ops.fromArray(training));
        Matrix validation = ops.fromArray(new double[][] {{5, 10, 6}, {0, 7, 2}});
        double r = Math.sqrt(1.25);
        assertArrayEquals(new double[] {2.5 / r, 0, 2, -2.5 / r, -3, 0}, ops.toRowMajor(s.transform(validation)), EPS);
        assertArrayEquals(new double[] {5, 10, 6, 0, 7, 2}, ops.toRowMajor(validation), "the input is left alone");
    }

    @Test
    void aConstantColumnBecomesZerosNotNaN() {
        double[][] x = new double[7][];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {0.1, i}; // 0.1 has no exact double: its mean may carry rounding error
        }
        Standardizer s = Standardizer.fit(ops, ops.fromArray(x));
        assertEquals(1.0, s.scale()[0]);
        for (double[] row : ops.toArray(s.transform(ops.fromArray(x)))) {
            assertEquals(0.0, row[0], 1e-15);
        }
        Standardizer single = Standardizer.fit(ops, ops.fromArray(new double[][] {{3, -4}}));
        assertArrayEquals(new double[] {1, 1}, single.scale());
        assertArrayEquals(new double[] {0, 0}, ops.toRowMajor(single.transform(ops.fromArray(new double[][] {{3, -4}}))));
    }

    @Test
    void transformsADatasetKeepingItsTargets() {
        Dataset train = Dataset.of(ops, training, new double[] {0, 1, 0, 1});
        Standardizer s = Standardizer.fit(train);
        Dataset scaled = s.transform(train);
        assertSame(train.targets(), scaled.targets());
        assertArrayEquals(ops.toRowMajor(s.transform(train.inputs())), ops.toRowMajor(scaled.inputs()));
    }

    @Test
    void transformsInPlace() {
        Matrix x = ops.fromArray(training);
        Standardizer s = Standardizer.fit(ops, x);
        double[] expected = ops.toRowMajor(s.transform(x));
        s.transform(x, x);
        assertArrayEquals(expected, ops.toRowMajor(x));
    }

    @Test
    void rejectsAMatrixWithOtherColumns() {
        Standardizer s = Standardizer.fit(ops, ops.fromArray(training));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.transform(ops.zeros(2, 4)));
        assertTrue(e.getMessage().contains("3 columns") && e.getMessage().contains("2x4"), e.getMessage());
    }

    @Test
    void returnsCopiesOfItsStatistics() {
        Standardizer s = Standardizer.fit(ops, ops.fromArray(training));
        s.mean()[0] = 99;
        s.scale()[0] = 99;
        assertEquals(2.5, s.mean()[0], EPS);
        assertEquals(Math.sqrt(1.25), s.scale()[0], EPS);
    }

    @Test
    void refusesColumnsWhoseStatisticsAreNotFiniteNamingThem() {
        double[][] huge = {{1, -1e300}, {2, 1e300}, {3, -1e300}};  // squares of 1e300 overflow
        IllegalArgumentException named = assertThrows(IllegalArgumentException.class,
                () -> Standardizer.fit(ops, ops.fromArray(huge), List.of("a", "b")));
        assertTrue(named.getMessage().startsWith("Standardizer.fit: column 'b' has mean "), named.getMessage());
        assertTrue(named.getMessage().contains("standard deviation Infinity, which are not finite"),
                named.getMessage());
        IllegalArgumentException numbered = assertThrows(IllegalArgumentException.class,
                () -> Standardizer.fit(ops, ops.fromArray(huge)));
        assertTrue(numbered.getMessage().startsWith("Standardizer.fit: column 1 has mean "), numbered.getMessage());
        double[][] nearLimit = {{1, -1e150}, {2, 1e150}, {3, -1e150}};
        assertEquals(Math.sqrt(8.0 / 9) * 1e150, Standardizer.fit(ops, ops.fromArray(nearLimit)).std()[1], 1e136);
    }
}
