import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The MNIST-size network's three large operations on plain, alone and one after another, microseconds a call: the
 * forward product (64x784 by 784x256), the weight gradient (x^T g, 784x256) and the update ({@code W -= lr dW}). A
 * sequence that costs more than its parts says that one operation's output reaches the next from the other core's
 * cache: on two distant cores the update, then the forward product, took about 90 us more than the two alone
 * (docs/performance.md, "Five rounds on the AMD EPYC, a JVM per column"). Compare with
 * {@code -Dtinytorch.plain.threads=1}.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp "examples/target/tinytorch/lib/*" \
 *     examples/bench/StepLocality.java [FLOAT32|FLOAT64]
 * </pre>
 *
 * Prints three rounds of 2,000 calls of each sequence, after a round of 3,000 as warm-up.
 */
public class StepLocality {

    private record Sequence(String name, Runnable step) {
    }

    public static void main(String[] args) {
        MatrixOps ops = Backends.get("plain", DType.valueOf(args.length > 0 ? args[0] : "FLOAT32"));
        Random random = new Random(1);
        Matrix x = gaussian(ops, 64, 784, random);
        Matrix w = gaussian(ops, 784, 256, random);
        Matrix dw = gaussian(ops, 784, 256, random);
        Matrix g = gaussian(ops, 64, 256, random);
        Matrix y = ops.zeros(64, 256);
        Runnable forward = () -> ops.gemm(false, false, 1, x, w, 0, y);
        Runnable gradient = () -> ops.gemm(true, false, 1, x, g, 0, dw);
        Runnable update = () -> ops.axpy(-1e-9, dw, w);
        List<Sequence> sequences = List.of(
                new Sequence("forward", forward),
                new Sequence("update", update),
                new Sequence("update+forward", () -> {
                    update.run();
                    forward.run();
                }),
                new Sequence("gradient", gradient),
                new Sequence("gradient+update", () -> {
                    gradient.run();
                    update.run();
                }),
                new Sequence("all three", () -> {
                    gradient.run();
                    update.run();
                    forward.run();
                }));
        for (int round = 0; round < 4; round++) {
            int calls = round == 0 ? 3000 : 2000;
            StringBuilder line = new StringBuilder("us a call:");
            for (Sequence sequence : sequences) {
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    sequence.step().run();
                }
                line.append(String.format(Locale.ROOT, "  %s %.1f", sequence.name(),
                        (System.nanoTime() - start) / 1e3 / calls));
            }
            if (round > 0) {
                System.out.println(line);
            }
        }
    }

    private static Matrix gaussian(MatrixOps ops, int rows, int cols, Random random) {
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() * 0.01;
        }
        return ops.fromRowMajor(rows, cols, values);
    }
}
