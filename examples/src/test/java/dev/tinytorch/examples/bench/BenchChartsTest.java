package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BenchCharts} draws what a run measured, and only that. */
class BenchChartsTest {

    @TempDir
    Path dir;

    @Test
    void aRunOfProductsAloneWritesOnlyTheGemmChart() throws Exception {
        List<Result> results = List.of(new Result("plain", "gemm 64x64x64", "GFLOPS", true, Stats.of(80, 90, 100)));

        List<Path> written = BenchCharts.write(results, List.of("plain f64"), List.of(), dir);

        assertEquals(List.of(dir.resolve("gemm.png")), written);
        assertTrue(Files.size(written.get(0)) > 0);
    }

    @Test
    void aRunOfTrainingStepsAloneWritesOnlyTheTrainingChart() throws Exception {
        List<Result> results = List.of(new Result("plain", "LSTM", "samples/s", true, Stats.of(9000, 9100)));

        List<Path> written = BenchCharts.write(results, List.of("plain f64"), List.of(), dir);

        assertEquals(List.of(dir.resolve("training.png")), written);
    }
}
