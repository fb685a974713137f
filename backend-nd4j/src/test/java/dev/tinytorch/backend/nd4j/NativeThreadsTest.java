package dev.tinytorch.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinytorch.api.Backends;
import java.util.Map;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** One thread for ND4J's kernels and one per core for OpenBLAS unless the environment asks otherwise. */
class NativeThreadsTest {

    @Test
    void oneThreadForNd4jAndOnePerCoreForOpenBlasWhenNothingIsSet() {
        assertEquals(new NativeThreads(1, 2), NativeThreads.from(Map.of(), 2));
        assertEquals(new NativeThreads(1, 1), NativeThreads.from(Map.of(), 0));
    }

    @Test
    void theUsualVariablesAreHonouredEachForItsLibrary() {
        assertEquals(new NativeThreads(3, 2),
                NativeThreads.from(Map.of("OMP_NUM_THREADS", "3", "OPENBLAS_NUM_THREADS", " 2 "), 8));
        assertEquals(new NativeThreads(4, 8), NativeThreads.from(Map.of("OMP_NUM_THREADS", "4"), 8));
        assertEquals(new NativeThreads(1, 1), NativeThreads.from(Map.of("OPENBLAS_NUM_THREADS", "1"), 8));
    }

    @Test
    void valuesThatAreNotAPositiveCountMeanTheDefault() {
        assertEquals(new NativeThreads(1, 4),
                NativeThreads.from(Map.of("OMP_NUM_THREADS", "0", "OPENBLAS_NUM_THREADS", "many"), 4));
    }

    @Test
    void theBackendLeavesNd4jAndOpenBlasAtTheseSettings() {
        Backends.get(Nd4jBackend.NAME);
        NativeThreads expected = NativeThreads.from(System.getenv(), Runtime.getRuntime().availableProcessors());
        assertEquals(expected.nd4j(), Nd4j.getEnvironment().maxMasterThreads());
        assertEquals(expected.openBlas(), openblas_nolapack.blas_get_num_threads());
    }
}
