package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.api.Matrix;

/** A matrix as a row-major {@code double[]}: element (r, c) lives at {@code data[r * cols + c]}. */
final class PlainMatrix implements Matrix {

    final int rows;
    final int cols;
    final double[] data;

    PlainMatrix(int rows, int cols) {
        this(rows, cols, new double[Math.multiplyExact(rows, cols)]);
    }

    PlainMatrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public String toString() {
        return "PlainMatrix " + shape();
    }
}
