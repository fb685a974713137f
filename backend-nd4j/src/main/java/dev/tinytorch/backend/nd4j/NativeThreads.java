package dev.tinytorch.backend.nd4j;

import java.util.Map;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads ND4J's kernels and OpenBLAS may use: one for ND4J's kernels and one per core for OpenBLAS,
 * unless the user's environment says otherwise.
 *
 * <p>By default ND4J starts a pool of threads as wide as the machine for its own kernels, and that pool competes
 * with the JVM for the same cores: on the two-core machine this was measured on, a 64-row gather took 0.2-2.5 ms
 * with two ND4J threads against 4-8 us with one. OpenBLAS is different: it splits only products large enough to
 * repay it, and with the backend calling it directly, two OpenBLAS threads doubled GEMM at n = 1024 (50-58 to
 * 100-107 GFLOPS) and trained the 784-256-10 MLP 1.3x to 1.9x faster, with no loss on the small network. The usual
 * variables are honoured as given:
 * <ul>
 *   <li>{@code OMP_NUM_THREADS}: threads of ND4J's own kernels (element-wise, broadcasts, reductions, gathers);
 *   <li>{@code OPENBLAS_NUM_THREADS}: threads of OpenBLAS, which does gemm and axpy.
 * </ul>
 * ND4J itself sets OpenBLAS to {@code OMP_NUM_THREADS} or the core count when it starts, ignoring
 * {@code OPENBLAS_NUM_THREADS}; {@link #apply} runs after that and puts each setting where it belongs.
 *
 * <p>The bits of a result: ND4J's kernels give the same on any number of threads, and neither library's results
 * change with the load or with other products running at once (tested). OpenBLAS's products, though, depend on its
 * thread count, which this backend does not pin: one thread splits the depth of a product otherwise than several,
 * and some counts split C otherwise than others. Measured with OpenBLAS 0.3.19's SkylakeX kernels, against one
 * thread: 64x784x256 gave the same bits on 2, 4 and 8 threads but not on 3, 5, 6 or 7; 100x300x200 differed in
 * about two elements of three on every count from 2 to 8. So the same seed gives the same bits on one machine
 * under any load, but not on a machine with another core count unless {@code OPENBLAS_NUM_THREADS} is set alike
 * (1 for bits that no core count changes; it halves GEMM at n = 1024 on two cores).
 */
record NativeThreads(int nd4j, int openBlas) {

    static final String ND4J_VARIABLE = "OMP_NUM_THREADS";
    static final String OPENBLAS_VARIABLE = "OPENBLAS_NUM_THREADS";

    /**
     * The settings for an environment on a machine with {@code cores} cores: each variable's value if it is a
     * positive integer, else 1 for ND4J and {@code cores} for OpenBLAS.
     */
    static NativeThreads from(Map<String, String> environment, int cores) {
        return new NativeThreads(threads(environment.get(ND4J_VARIABLE), 1),
                threads(environment.get(OPENBLAS_VARIABLE), Math.max(1, cores)));
    }

    private static int threads(String value, int otherwise) {
        if (value == null) {
            return otherwise;
        }
        try {
            int threads = Integer.parseInt(value.trim());
            return threads > 0 ? threads : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /**
     * Applies both settings to the running ND4J and OpenBLAS. ND4J's kernels split their work over "master
     * threads"; its OpenMP setting covers the rest. (ND4J's {@code setMaxThreads} only ever raises its pool size.)
     */
    void apply() {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(nd4j);
        Nd4j.getEnvironment().setMaxMasterThreads(nd4j);
        openblas_nolapack.blas_set_num_threads(openBlas);
    }
}
