package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.DType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole comparison at tiny sizes, one sample each, on the plain backend in both precisions: it runs and writes
 * every file, the targets too when given reference figures.
 */
class CompareBackendsSmokeTest {

    @Test
    void measuresEveryWorkloadAndWritesTheTablesAndCharts(@TempDir Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        CompareBackends comparison = new CompareBackends(Plan.smoke(),
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        CompareBackends.Report report = comparison.run(List.of("plain", "no-such-backend"),
                List.of(DType.FLOAT64, DType.FLOAT32));

        assertEquals(List.of("plain f64", "plain f32"), report.columns());
        assertEquals(Set.of("no-such-backend"), report.skipped().keySet(), "an unknown name is skipped once");
        assertTrue(report.skipped().get("no-such-backend").startsWith("unknown backend 'no-such-backend'"));
        for (String column : report.columns()) {
            assertEquals(Plan.smoke().workloads().size() + training(),
                    report.results().stream().filter(r -> r.column().equals(column)).count(), column);
        }
        Set<String> rows = report.results().stream().map(Result::row).collect(Collectors.toSet());
        assertEquals(Plan.smoke().workloads().size() + training(), rows.size(),
                "every workload, plus a heap row per training workload");
        assertTrue(rows.contains(MlpWorkload.MNIST_NAME + ", samples/s"));
        assertTrue(rows.contains(LeNetWorkload.NAME + ", samples/s"));
        assertTrue(rows.contains(RecurrentWorkload.LSTM_NAME + ", samples/s"));
        assertTrue(rows.contains(RecurrentWorkload.GRU_NAME + ", " + BackendRun.HEAP_UNIT));
        assertTrue(rows.contains(MlpWorkload.SEED_NAME + ", " + BackendRun.HEAP_UNIT));
        for (Result r : report.results()) {
            assertTrue(Double.isFinite(r.stats().median()) && r.stats().median() >= 0, r.toString());
        }

        ReferenceFigures reference = ReferenceFigures.parse(List.of("numpy gemm f32 1024: 50 GFLOPS"));
        String summary = CompareBackends.summary(report, reference);
        assertTrue(summary.contains("plain f32"), summary);
        List<Path> files = comparison.write(report, summary, reference, dir);
        assertEquals(List.of("results.csv", "skipped.csv", "targets.csv", "summary.txt", "gemm.png", "training.png"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(report.skipped(), SkippedCsv.read(dir.resolve("skipped.csv")));
        assertEquals(report.results(), ResultsCsv.read(dir.resolve("results.csv")), "read back as written");
        List<Targets.Check> targets = TargetsCsv.read(dir.resolve("targets.csv"));
        assertTrue(targets.stream().anyMatch(c -> c.target().startsWith("7 plain f32 heap, ")), targets.toString());
        for (Path png : files.subList(4, 6)) {
            assertTrue(Files.size(png) > 1000, png + " holds an image");
        }
    }

    private static long training() {
        return Plan.smoke().workloads().stream().filter(Workload::isTrainingStep).count();
    }
}
