package dev.tinytorch.examples.bench;

import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The product {@code C = op(A) op(B)} with {@code op(A)} of shape {@code m x k} and {@code op(B)} of {@code k x n},
 * timed through the SPI's {@code gemm}, reported in GFLOPS ({@code 2 m n k} per call).
 *
 * @param role   what the product is, e.g. {@code square} or {@code mnist dW1 = x^T g}
 * @param transA whether A is stored transposed ({@code k x m})
 * @param transB whether B is stored transposed ({@code n x k})
 * @param m      rows of C
 * @param n      columns of C
 * @param k      the common dimension
 */
public record GemmWorkload(String role, boolean transA, boolean transB, int m, int n, int k) implements Workload {

    private static final long SEED = 11;

    /** The square product of two {@code n x n} matrices. */
    public static GemmWorkload square(int n) {
        return new GemmWorkload("square", false, false, n, n, n);
    }

    /**
     * The six products of a training step of a two-layer perceptron {@code in -> hidden -> out} on a batch: each
     * layer's forward {@code x W}, weight gradient {@code x^T g} and input gradient {@code g W^T}.
     */
    public static List<GemmWorkload> mlpStep(String network, int batch, int in, int hidden, int out) {
        return List.of(
                new GemmWorkload(network + " fwd1 x W", false, false, batch, hidden, in),
                new GemmWorkload(network + " fwd2 x W", false, false, batch, out, hidden),
                new GemmWorkload(network + " dW2 x^T g", true, false, hidden, out, batch),
                new GemmWorkload(network + " dx2 g W^T", false, true, batch, hidden, out),
                new GemmWorkload(network + " dW1 x^T g", true, false, in, hidden, batch),
                new GemmWorkload(network + " dx1 g W^T", false, true, batch, in, hidden));
    }

    /** {@code 2 m n k}: a multiply and an add for each term of each element of C. */
    public double flops() {
        return 2.0 * m * n * k;
    }

    /** The shapes as multiplied, e.g. {@code 784x64 * 64x256 (A^T)}: {@code op(A) * op(B)}, and which is stored transposed. */
    public String shapes() {
        String stored = transA && transB ? " (A^T, B^T)" : transA ? " (A^T)" : transB ? " (B^T)" : "";
        return m + "x" + k + " * " + k + "x" + n + stored;
    }

    @Override
    public String name() {
        return "gemm " + shapes() + ("square".equals(role) ? "" : " " + role);
    }

    @Override
    public String group() {
        return "square".equals(role) ? "gemm" : "layers";
    }

    @Override
    public Metric metric() {
        return Metric.gflops(flops());
    }

    @Override
    public Task prepare(MatrixOps ops) {
        SplittableRandom rng = new SplittableRandom(SEED);
        Matrix a = transA ? ops.zeros(k, m) : ops.zeros(m, k);
        Matrix b = transB ? ops.zeros(n, k) : ops.zeros(k, n);
        Matrix c = ops.zeros(m, n);
        ops.fillUniform(a, -1, 1, rng);
        ops.fillUniform(b, -1, 1, rng);
        return times -> {
            for (int i = 0; i < times; i++) {
                ops.gemm(transA, transB, 1.0, a, b, 0.0, c);
            }
        };
    }
}
