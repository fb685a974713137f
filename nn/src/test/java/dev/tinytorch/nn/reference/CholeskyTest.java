package dev.tinytorch.nn.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CholeskyTest {

    @Test
    void solvesASymmetricPositiveDefiniteSystem() {
        // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]], x = (1, -1, 2): b = A x = (2, -1, 5)
        double[][] a = {{4, 2, 0}, {2, 5, 1}, {0, 1, 3}};
        assertArrayEquals(new double[] {1, -1, 2}, Cholesky.solve(a, new double[] {2, -1, 5}), 1e-14);
        assertArrayEquals(new double[] {4, 2, 0}, a[0], "the matrix is left alone");
    }

    @Test
    void rejectsAnIndefiniteMatrix() {
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> Cholesky.solve(new double[][] {{1, 2}, {2, 1}}, new double[] {1, 1}));
        assertTrue(e.getMessage().contains("pivot 1 is -3.0"), e.getMessage());
    }
}
