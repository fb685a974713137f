package dev.tinytorch.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinytorch.api.Backends;
import java.util.Map;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** One thread each for ND4J and OpenBLAS unless the environment asks for more. */
class NativeThreadsTest {

    @Test
    void oneThreadEachWhenNothingIsSet() {
        assertEquals(new NativeThreads(1, 1), NativeThreads.from(Map.of()));
    }

    @Test
    void theUsualVariablesAreHonouredEachForItsLibrary() {
        assertEquals(new NativeThreads(3, 2),
                NativeThreads.from(Map.of("OMP_NUM_THREADS", "3", "OPENBLAS_NUM_THREADS", " 2 ")));
        assertEquals(new NativeThreads(4, 1), NativeThreads.from(Map.of("OMP_NUM_THREADS", "4")));
    }

    @Test
    void valuesThatAreNotAPositiveCountMeanOne() {
        assertEquals(new NativeThreads(1, 1),
                NativeThreads.from(Map.of("OMP_NUM_THREADS", "0", "OPENBLAS_NUM_THREADS", "many")));
    }

    @Test
    void theBackendLeavesNd4jAndOpenBlasAtTheseSettings() {
        Backends.get(Nd4jBackend.NAME);
        NativeThreads expected = NativeThreads.from(System.getenv());
        assertEquals(expected.nd4j(), Nd4j.getEnvironment().maxMasterThreads());
        assertEquals(expected.openBlas(), openblas_nolapack.blas_get_num_threads());
    }
}
