package dev.tinytorch.examples.jmh;

import dev.tinytorch.api.Axis;
import dev.tinytorch.api.Backends;
import dev.tinytorch.api.BinaryOp;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.Reduction;
import dev.tinytorch.api.UnaryOp;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SPI's other hot operations of a training step, per backend and batch shape, in nanoseconds per call: the
 * activations ({@code map} SIGMOID and RELU), {@code zip}, the bias broadcast, the bias-gradient and loss
 * reductions, the SGD update ({@code axpy}) and the data loader's {@code gatherRows}. At these sizes a call's fixed
 * cost (checks, dispatch, a JNI crossing) weighs as much as its arithmetic, which is what these figures expose.
 *
 * <p>A shape is {@code RxC}: {@code 64x20} is the seed network's hidden activations, {@code 64x256} the MNIST-size
 * network's, {@code 64x784} its input batch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class ElementwiseBenchmark {

    /** Rows of the matrix {@link #gatherRows()} picks its batch from. */
    private static final int SOURCE_ROWS = 4096;

    @Param({"plain", "ejml", "nd4j"})
    public String backend;

    @Param({"64x20", "64x256", "64x784"})
    public String shape;

    private MatrixOps ops;
    private Matrix x;
    private Matrix y;
    private Matrix out;
    private Matrix row;
    private Matrix columnSums;
    private Matrix rowSums;
    private Matrix source;
    private int[] order;

    /** Allocates random operands of the shape, and a larger matrix to gather from, on the named backend. */
    @Setup
    public void setUp() {
        ops = Backends.get(backend);
        int[] size = Shapes.dimensions(shape, 2);
        int rows = size[0];
        int cols = size[1];
        SplittableRandom rng = new SplittableRandom(1);
        x = ops.zeros(rows, cols);
        y = ops.zeros(rows, cols);
        out = ops.zeros(rows, cols);
        row = ops.zeros(1, cols);
        columnSums = ops.zeros(1, cols);
        rowSums = ops.zeros(rows, 1);
        source = ops.zeros(SOURCE_ROWS, cols);
        ops.fillUniform(x, -1, 1, rng);
        ops.fillUniform(y, -1, 1, rng);
        ops.fillUniform(row, -1, 1, rng);
        ops.fillUniform(source, -1, 1, rng);
        order = new int[SOURCE_ROWS];
        for (int i = 0; i < SOURCE_ROWS; i++) {
            order[i] = (int) ((i * 2654435761L) % SOURCE_ROWS);  // a fixed scatter over the source rows
        }
    }

    /** The sigmoid of an output layer. */
    @Benchmark
    public Matrix mapSigmoid() {
        ops.map(UnaryOp.SIGMOID, x, out);
        return out;
    }

    /** The ReLU of a hidden layer. */
    @Benchmark
    public Matrix mapRelu() {
        ops.map(UnaryOp.RELU, x, out);
        return out;
    }

    /** An element-wise product, as a ReLU's backward pass multiplies by its mask. */
    @Benchmark
    public Matrix zipMul() {
        ops.zip(BinaryOp.MUL, x, y, out);
        return out;
    }

    /** The bias added to every row, in place as {@code Linear.forward} does. */
    @Benchmark
    public Matrix broadcastRowAdd() {
        ops.broadcastRow(BinaryOp.ADD, out, row, out);
        return out;
    }

    /** The bias gradient: the mean over the batch. */
    @Benchmark
    public Matrix reduceMeanOverRows() {
        ops.reduce(Reduction.MEAN, Axis.OVER_ROWS, x, columnSums);
        return columnSums;
    }

    /** A per-sample reduction, as the losses sum over their columns. */
    @Benchmark
    public Matrix reduceSumOverColumns() {
        ops.reduce(Reduction.SUM, Axis.OVER_COLUMNS, x, rowSums);
        return rowSums;
    }

    /** The SGD update {@code y += alpha x} (alpha tiny, so the values stay bounded over billions of calls). */
    @Benchmark
    public Matrix axpy() {
        ops.axpy(-1e-12, x, y);
        return y;
    }

    /** A shuffled mini-batch gathered from a larger matrix, as the data loader forms one. */
    @Benchmark
    public Matrix gatherRows() {
        ops.gatherRows(source, order, 0, x.rows(), out);
        return out;
    }
}
