package dev.tinytorch.nn.io;

/**
 * How a parameter's {@code rows x cols} matrix is laid out as a tensor of the saved file, so that the file matches
 * PyTorch's {@code state_dict()} and loads into the equivalent {@code torch.nn} module unchanged.
 */
public enum TensorLayout {

    /** Shape {@code [rows, cols]}, the elements in the matrix's row-major order. */
    AS_IS,
    /**
     * Shape {@code [cols, rows]}, the transpose: a {@link dev.tinytorch.nn.layers.Linear} keeps {@code W} as
     * {@code in x out} to compute {@code x W}, PyTorch keeps {@code out x in} to compute {@code x W^T}.
     */
    TRANSPOSED,
    /** Shape {@code [rows * cols]}: a bias kept as a {@code 1 x n} row here is a 1-D tensor in PyTorch. */
    VECTOR;

    /** The tensor shape of a {@code rows x cols} parameter. */
    long[] shape(int rows, int cols) {
        return switch (this) {
            case AS_IS -> new long[] {rows, cols};
            case TRANSPOSED -> new long[] {cols, rows};
            case VECTOR -> new long[] {(long) rows * cols};
        };
    }

    /** The tensor elements of a parameter whose row-major elements are {@code values}. */
    double[] toTensor(double[] values, int rows, int cols) {
        return this == TRANSPOSED ? transpose(values, rows, cols) : values;
    }

    /** The row-major elements of a {@code rows x cols} parameter stored as the tensor elements {@code values}. */
    double[] fromTensor(double[] values, int rows, int cols) {
        return this == TRANSPOSED ? transpose(values, cols, rows) : values;
    }

    /** The row-major transpose of a row-major {@code rows x cols} array. */
    private static double[] transpose(double[] values, int rows, int cols) {
        double[] out = new double[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[r * cols + c];
            }
        }
        return out;
    }
}
