package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.DType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsAreTheFullRunOfEveryBackendIntoTargetBench() {
        BenchOptions o = BenchOptions.parse();
        assertEquals("full", o.length());
        assertFalse(o.oneJvm(), "a JVM per backend and precision unless told");
        assertEquals(Path.of("target", "bench"), o.out());
        assertEquals(List.of(), o.backends());
        assertEquals(Optional.empty(), o.reference());
        assertEquals(List.of(DType.FLOAT64, DType.FLOAT32), o.dtypes(), "both precisions unless told");
        assertEquals(List.of(), o.workloads());
        assertEquals(Plan.full().workloads().stream().map(Workload::name).toList(),
                o.plan().workloads().stream().map(Workload::name).toList());
        assertEquals(Plan.full().crossoverSizes().length, o.plan().crossoverSizes().length);
    }

    @Test
    void limitsThePrecisionsAndTheWorkloads() {
        BenchOptions o = BenchOptions.parse("--dtypes", "f32", "--workloads", "mlp, lstm,gemm");
        assertEquals(List.of(DType.FLOAT32), o.dtypes());
        assertEquals(List.of("mlp", "lstm", "gemm"), o.workloads());
        Plan plan = o.plan();
        assertEquals(Set.of("mlp", "lstm", "gemm"), plan.workloads().stream().map(Workload::group)
                .collect(Collectors.toSet()));
        assertEquals(List.of(MlpWorkload.SEED_NAME, MlpWorkload.MNIST_NAME), plan.workloads().stream()
                .filter(w -> w.group().equals("mlp")).map(Workload::name).toList());
        assertTrue(plan.workloads().stream().anyMatch(w -> w.name().equals(RecurrentWorkload.LSTM_NAME)));
        assertTrue(plan.workloads().stream().noneMatch(w -> w.name().equals(RecurrentWorkload.GRU_NAME)));
        assertEquals(0, plan.crossoverSizes().length, "no sweep unless named");
        assertEquals(Plan.full().crossoverSizes().length,
                BenchOptions.parse("--workloads", "gemm,crossover").plan().crossoverSizes().length);
        assertEquals(List.of(DType.FLOAT32, DType.FLOAT64),
                BenchOptions.parse("--dtypes", "float32,double,f32").dtypes(), "in the order given, once each");
    }

    @Test
    void rejectsUnknownPrecisionsAndWorkloadsListingTheValidOnes() {
        String dtype = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("--dtypes", "float16")).getMessage();
        assertTrue(dtype.contains("'float16'") && dtype.contains("float64, float32"), dtype);
        assertEquals("unknown workload 'cnn'; valid: gemm, layers, mlp, lenet, lstm, gru, crossover",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--workloads", "mlp,cnn"))
                        .getMessage());
        assertEquals("--dtypes needs a value",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--dtypes", ",")).getMessage());
    }

    @Test
    void readsEveryOption() {
        BenchOptions o = BenchOptions.parse("--quick", "--out", "/tmp/b", "--backends", "plain, nd4j",
                "--reference", "ref.txt");
        assertEquals("quick", o.length());
        assertEquals(Path.of("/tmp/b"), o.out());
        assertEquals(List.of("plain", "nd4j"), o.backends());
        assertEquals(Optional.of(Path.of("ref.txt")), o.reference());
        assertEquals(Plan.quick().sampler(), o.plan().sampler());
    }

    @Test
    void writesTheCommandLineThatReadsBackToTheSameOptions() {
        for (String[] args : new String[][] {{}, {"--smoke", "--one-jvm", "--dtypes", "f32"},
                {"--quick", "--out", "/tmp/b", "--backends", "plain,nd4j", "--workloads", "gemm,mlp", "--reference",
                        "ref.txt"}}) {
            BenchOptions o = BenchOptions.parse(args);
            assertEquals(o, BenchOptions.parse(o.arguments().toArray(String[]::new)), String.join(" ", args));
        }
    }

    @Test
    void aColumnsOptionsMeasureOneBackendInOnePrecisionInItsOwnJvmWithoutTheReference() {
        BenchOptions run = BenchOptions.parse("--quick", "--backends", "plain,nd4j", "--workloads", "gemm",
                "--reference", "ref.txt");
        BenchOptions column = run.column("nd4j", DType.FLOAT32, Path.of("out/nd4j-float32"));
        assertEquals(BenchOptions.parse("--quick", "--backends", "nd4j", "--dtypes", "float32", "--workloads", "gemm",
                "--out", "out/nd4j-float32", "--one-jvm"), column);
        assertEquals(Plan.smoke().workloads().size(), BenchOptions.parse("--smoke").plan().workloads().size());
    }

    @Test
    void rejectsUnknownArgumentsAndMissingValues() {
        assertEquals("unknown argument '--fast'",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--fast")).getMessage());
        assertEquals("--out needs a value",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--out")).getMessage());
        assertEquals("--out needs a value",
                assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--out", "--quick"))
                        .getMessage());
    }
}
