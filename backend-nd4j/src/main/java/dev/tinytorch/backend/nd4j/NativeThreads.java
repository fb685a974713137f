package dev.tinytorch.backend.nd4j;

import java.util.Map;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads ND4J's kernels and OpenBLAS may use: one each, unless the user's environment says otherwise.
 *
 * <p>By default ND4J starts a pool of threads as wide as the machine for its own kernels and sets OpenBLAS to as
 * many again, and both then compete with the JVM for the same cores. On the two-core machine this was measured on,
 * while other processes were busy, a 64-row gather took 0.2-2.5 ms with two ND4J threads against 4-8 us with one,
 * and the 784-256-10 MLP trained faster with one OpenBLAS thread than with two. The matrices of a training step are
 * small enough that one thread per call is the better default; a user with large products and idle cores can ask
 * for more with the usual variables, which are honoured as given:
 * <ul>
 *   <li>{@code OMP_NUM_THREADS}: threads of ND4J's own kernels (element-wise, broadcasts, reductions, gathers);
 *   <li>{@code OPENBLAS_NUM_THREADS}: threads of OpenBLAS, which does gemm and axpy.
 * </ul>
 * ND4J itself sets OpenBLAS to {@code OMP_NUM_THREADS} or the core count when it starts, ignoring
 * {@code OPENBLAS_NUM_THREADS}; {@link #apply} runs after that and puts each setting where it belongs.
 */
record NativeThreads(int nd4j, int openBlas) {

    static final String ND4J_VARIABLE = "OMP_NUM_THREADS";
    static final String OPENBLAS_VARIABLE = "OPENBLAS_NUM_THREADS";

    /** The settings for an environment: each variable's value if it is a positive integer, else 1. */
    static NativeThreads from(Map<String, String> environment) {
        return new NativeThreads(threads(environment.get(ND4J_VARIABLE)), threads(environment.get(OPENBLAS_VARIABLE)));
    }

    private static int threads(String value) {
        if (value == null) {
            return 1;
        }
        try {
            return Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 1;
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
