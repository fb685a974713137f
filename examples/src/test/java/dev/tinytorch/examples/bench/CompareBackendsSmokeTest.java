package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The whole comparison at tiny sizes, one sample each, on the plain backend: it runs and writes every file. */
class CompareBackendsSmokeTest {

    @Test
    void measuresEveryWorkloadAndWritesTheTablesAndCharts(@TempDir Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        CompareBackends comparison = new CompareBackends(Plan.smoke(),
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        CompareBackends.Report report = comparison.run(List.of("plain", "no-such-backend"));

        assertEquals(List.of("plain"), report.backends());
        assertTrue(report.skipped().get("no-such-backend").startsWith("unknown backend 'no-such-backend'"));
        Set<String> rows = report.results().stream().map(Result::row).collect(Collectors.toSet());
        long training = Plan.smoke().workloads().stream().filter(Workload::isTrainingStep).count();
        assertEquals(Plan.smoke().workloads().size() + training, rows.size(),
                "every workload, plus a heap row per training workload");
        assertTrue(rows.contains(MlpWorkload.MNIST_NAME + ", samples/s"));
        assertTrue(rows.contains(LeNetWorkload.NAME + ", samples/s"));
        assertTrue(rows.contains(RecurrentWorkload.LSTM_NAME + ", samples/s"));
        assertTrue(rows.contains(RecurrentWorkload.GRU_NAME + ", " + BackendRun.HEAP_UNIT));
        assertTrue(rows.contains(MlpWorkload.SEED_NAME + ", " + BackendRun.HEAP_UNIT));
        for (Result r : report.results()) {
            assertTrue(Double.isFinite(r.stats().median()) && r.stats().median() >= 0, r.toString());
        }

        String summary = CompareBackends.summary(report, null);
        List<Path> files = comparison.write(report, summary, dir);
        assertEquals(List.of("results.csv", "summary.txt", "gemm.png", "training.png"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(report.results().size() + 1, Files.readAllLines(dir.resolve("results.csv")).size());
        for (Path png : files.subList(2, 4)) {
            assertTrue(Files.size(png) > 1000, png + " holds an image");
        }
    }
}
