package dev.tinytorch.examples.jmh;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
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
 * The SPI's {@code gemm} alone, per backend and shape, in microseconds per call: for judging a kernel change on
 * one product without the rest of a training step.
 *
 * <p>A shape is {@code MxKxN}: {@code op(A)} is {@code M x K} and {@code op(B)} is {@code K x N}; a suffix
 * {@code :tA} or {@code :tB} stores that operand transposed, as a layer's backward pass does. The defaults are the
 * MNIST-size layer's three products, the seed layer's forward product and two squares.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Thread)
public class GemmBenchmark {

    @Param({"plain", "ejml", "nd4j"})
    public String backend;

    @Param({"64x30x20", "64x784x256", "784x64x256:tA", "64x256x784:tB", "256x256x256", "1024x1024x1024"})
    public String shape;

    private MatrixOps ops;
    private boolean transA;
    private boolean transB;
    private Matrix a;
    private Matrix b;
    private Matrix c;

    /** Allocates random operands of the shape on the named backend. */
    @Setup
    public void setUp() {
        ops = Backends.get(backend);
        String[] parts = shape.split(":");
        int[] mkn = Shapes.dimensions(parts[0], 3);
        transA = parts.length > 1 && parts[1].equals("tA");
        transB = parts.length > 1 && parts[1].equals("tB");
        if (parts.length > 1 && !transA && !transB) {
            throw new IllegalArgumentException("shape '" + shape + "': the suffix must be :tA or :tB");
        }
        int m = mkn[0];
        int k = mkn[1];
        int n = mkn[2];
        SplittableRandom rng = new SplittableRandom(1);
        a = transA ? ops.zeros(k, m) : ops.zeros(m, k);
        b = transB ? ops.zeros(n, k) : ops.zeros(k, n);
        c = ops.zeros(m, n);
        ops.fillUniform(a, -1, 1, rng);
        ops.fillUniform(b, -1, 1, rng);
    }

    /** {@code C = op(A) op(B)}, overwriting C. */
    @Benchmark
    public Matrix gemm() {
        ops.gemm(transA, transB, 1.0, a, b, 0.0, c);
        return c;
    }
}
