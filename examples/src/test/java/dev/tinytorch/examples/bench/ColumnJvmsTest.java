package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.DType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison with each column in a JVM of its own, at the smoke plan's tiny sizes: every column's figures come
 * back from its JVM, in order, and a backend that does not exist is skipped once, with its reason.
 */
class ColumnJvmsTest {

    @Test
    void measuresEachColumnInAJvmOfItsOwnAndGathersTheirResults(@TempDir Path dir)
            throws IOException, InterruptedException {
        BenchOptions options = BenchOptions.parse("--smoke", "--backends", "plain,no-such-backend", "--workloads",
                "gemm,mlp", "--out", dir.toString());
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        CompareBackends.Report report = new ColumnJvms(options, new PrintStream(progress, true,
                StandardCharsets.UTF_8)).run(options.backends());

        assertEquals(List.of("plain f64", "plain f32"), report.columns());
        assertEquals(Set.of("no-such-backend"), report.skipped().keySet(), "an unknown name is skipped once");
        assertTrue(report.skipped().get("no-such-backend").startsWith("unknown backend 'no-such-backend'"),
                report.skipped().toString());
        long perColumn = options.plan().workloads().size()
                + options.plan().workloads().stream().filter(Workload::isTrainingStep).count();
        for (String column : report.columns()) {
            assertEquals(perColumn, report.results().stream().filter(r -> r.column().equals(column)).count(),
                    column);
        }
        assertEquals(report.results().subList(0, (int) perColumn),
                ResultsCsv.read(dir.resolve(ColumnJvms.DIR).resolve("plain-float64").resolve(ResultsCsv.FILE)),
                "float64's figures are those its JVM wrote");
        assertTrue(Files.isDirectory(dir.resolve(ColumnJvms.DIR).resolve("plain-float32")));
        assertTrue(report.sweep().isEmpty());
    }

    @Test
    void aColumnsJvmRunsThisJvmsJavaWithItsFlagsAndClassPath(@TempDir Path dir) {
        BenchOptions options = BenchOptions.parse("--quick", "--workloads", "gemm");
        List<String> command = new ColumnJvms(options, System.out).command("plain", DType.FLOAT32, dir);

        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), command.get(0));
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertEquals(flags, command.subList(1, 1 + flags.size()));
        int main = command.indexOf(CompareBackends.class.getName());
        assertEquals(List.of("-cp", System.getProperty("java.class.path")), command.subList(main - 2, main));
        assertEquals(options.column("plain", DType.FLOAT32, dir),
                BenchOptions.parse(command.subList(main + 1, command.size()).toArray(String[]::new)));
    }
}
