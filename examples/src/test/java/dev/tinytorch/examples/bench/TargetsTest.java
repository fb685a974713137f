package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.DType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetsTest {

    private static Result result(String backend, String workload, String unit, boolean higherIsBetter, double value) {
        return new Result(backend, workload, unit, higherIsBetter, Stats.of(value));
    }

    private static Result f32(String backend, String workload, String unit, boolean higherIsBetter, double value) {
        return new Result(backend, DType.FLOAT32, workload, unit, higherIsBetter, Stats.of(value));
    }

    /** Float32 figures, some better than every float64 one, which the float64 targets must not see. */
    private static List<Result> withFloat32() {
        List<Result> r = new ArrayList<>(results());
        r.add(f32("plain", MlpWorkload.SEED_NAME, "us/step", false, 1));
        r.add(f32("plain", MlpWorkload.MNIST_NAME, "samples/s", true, 15000));
        r.add(f32("ejml", MlpWorkload.MNIST_NAME, "samples/s", true, 16000));
        r.add(f32("plain", MlpWorkload.MNIST_NAME, BackendRun.HEAP_UNIT, false, 0));
        r.add(f32("plain", LeNetWorkload.NAME, "samples/s", true, 9000));
        r.add(f32("plain", RecurrentWorkload.LSTM_NAME, "samples/s", true, 4000));
        r.add(f32("plain", GemmWorkload.square(64).name(), "GFLOPS", true, 27));
        r.add(f32("plain", GemmWorkload.square(1024).name(), "GFLOPS", true, 100));
        return r;
    }

    private static List<Result> results() {
        List<Result> r = new ArrayList<>();
        r.add(result("plain", MlpWorkload.SEED_NAME, "us/step", false, 20));
        r.add(result("ejml", MlpWorkload.SEED_NAME, "us/step", false, 10));
        r.add(result("plain", MlpWorkload.SEED_NAME, BackendRun.HEAP_UNIT, false, 0));
        r.add(result("plain", MlpWorkload.MNIST_NAME, "samples/s", true, 12000));
        r.add(result("plain", MlpWorkload.MNIST_NAME, BackendRun.HEAP_UNIT, false, 640));
        r.add(result("plain", LeNetWorkload.NAME, "samples/s", true, 3000));
        r.add(result("nd4j", LeNetWorkload.NAME, "samples/s", true, 4000));
        r.add(result("plain", LeNetWorkload.NAME, BackendRun.HEAP_UNIT, false, 0));
        r.add(result("plain", RecurrentWorkload.LSTM_NAME, "samples/s", true, 3000));
        r.add(result("plain", RecurrentWorkload.GRU_NAME, "samples/s", true, 2000));
        r.add(result("plain", RecurrentWorkload.GRU_NAME, BackendRun.HEAP_UNIT, false, 224353));
        r.add(result("plain", GemmWorkload.square(64).name(), "GFLOPS", true, 30));
        r.add(result("plain", GemmWorkload.square(1024).name(), "GFLOPS", true, 40));
        r.add(result("nd4j", GemmWorkload.square(1024).name(), "GFLOPS", true, 50));
        return r;
    }

    private static final ReferenceFigures REFERENCE = ReferenceFigures.parse(List.of(
            "torch seed-MLP 30-20-1 b64 f64: 150 us/step",
            "torch MLP 784-256-10 b64 torch.float64: 10000 samples/s",
            "numpy gemm f64 64: 20 GFLOPS",
            "torch cnn b64 torch.float64: 2000 samples/s",
            "torch cnn b64 torch.float32: 5000 samples/s",
            "torch lstm b64 torch.float64: 1500 samples/s",
            "torch lstm b64 torch.float32: 3000 samples/s",
            "torch gru b64 torch.float64: 1000 samples/s",
            "torch gru b64 torch.float32: 2500 samples/s",
            "numpy gemm f64 1024: 60 GFLOPS"));

    private static Targets.Check check(List<Targets.Check> checks, String target) {
        return checks.stream().filter(c -> c.target().equals(target)).findFirst().orElseThrow();
    }

    @Test
    void eachTargetIsJudgedByItsRatio() {
        List<Targets.Check> checks = Targets.evaluate(results(), List.of(), REFERENCE);

        Targets.Check seed = check(checks, "1 seed MLP step");
        assertEquals("ejml f64 10.0 us/step", seed.measured(), "the best backend is judged");
        assertEquals(15.0, seed.ratio(), 1e-12);
        assertEquals("met", seed.verdict());

        Targets.Check mnist = check(checks, "2 MNIST MLP f64");
        assertEquals(1.2, mnist.ratio(), 1e-12);
        assertEquals("NOT met", mnist.verdict());

        assertEquals("met", check(checks, "3 GEMM plain n=64").verdict());
        Targets.Check plainLarge = check(checks, "3 GEMM plain n=1024");
        assertEquals(40.0 / 60, plainLarge.ratio(), 1e-12);
        assertEquals("NOT met", plainLarge.verdict(), "0.67 is below 0.75");
        assertEquals("NOT met", check(checks, "3 GEMM nd4j n=1024").verdict());

        assertEquals("met", check(checks, "4 plain heap, " + MlpWorkload.SEED_NAME).verdict());
        assertEquals("NOT met", check(checks, "4 plain heap, " + MlpWorkload.MNIST_NAME).verdict());
        assertEquals("met", check(checks, "4 plain heap, " + LeNetWorkload.NAME).verdict());
        assertEquals("NOT met", check(checks, "4 plain heap, " + RecurrentWorkload.GRU_NAME).verdict());

        Targets.Check lenet64 = check(checks, "5 LeNet-5 f64");
        assertEquals("nd4j f64 4000 samples/s", lenet64.measured(), "the best backend is judged");
        assertEquals(2.0, lenet64.ratio(), 1e-12);
        assertEquals("met", lenet64.verdict());
        Targets.Check lenet32 = check(checks, "5 LeNet-5 f32");
        assertEquals(0.8, lenet32.ratio(), 1e-12);
        assertEquals("NOT met", lenet32.verdict());

        assertEquals(2.0, check(checks, "6 LSTM f64").ratio(), 1e-12);
        assertEquals("met", check(checks, "6 LSTM f64").verdict(), "2x is enough");
        assertEquals("met", check(checks, "6 LSTM f32").verdict());
        assertEquals("met", check(checks, "6 GRU f64").verdict());
        assertEquals(0.8, check(checks, "6 GRU f32").ratio(), 1e-12);
        assertEquals("NOT met", check(checks, "6 GRU f32").verdict());
    }

    @Test
    void float32TargetsCompareFloat32WithFloat32AndLeaveTheFloat64OnesAlone() {
        ReferenceFigures reference = ReferenceFigures.parse(List.of(
                "torch seed-MLP 30-20-1 b64 f64: 150 us/step",
                "torch MLP 784-256-10 b64 torch.float64: 10000 samples/s",
                "torch MLP 784-256-10 b64 torch.float32: 10000 samples/s",
                "torch cnn b64 torch.float32: 5000 samples/s",
                "torch lstm b64 torch.float32: 3000 samples/s",
                "numpy gemm f32 64: 30 GFLOPS",
                "numpy gemm f64 1024: 60 GFLOPS",
                "numpy gemm f32 1024: 100 GFLOPS"));
        List<Targets.Check> checks = Targets.evaluate(withFloat32(), List.of(), reference);

        assertEquals("ejml f64 10.0 us/step", check(checks, "1 seed MLP step").measured(),
                "float64 targets ignore the float32 figures");
        assertEquals(1.2, check(checks, "2 MNIST MLP f64").ratio(), 1e-12);
        assertEquals("plain f64 3000 samples/s", check(checks, "6 LSTM f32").measured(),
                "issue 16's targets stay on the float64 figures");

        Targets.Check mlp = check(checks, "7 MNIST MLP f32");
        assertEquals("ejml f32 16000 samples/s", mlp.measured(), "the best float32 backend is judged");
        assertEquals(1.6, mlp.ratio(), 1e-12);
        assertEquals(1.5, mlp.needed());
        assertEquals("met", mlp.verdict());
        Targets.Check lstm = check(checks, "7 LSTM f32");
        assertEquals(4000.0 / 3000, lstm.ratio(), 1e-12);
        assertEquals("NOT met", lstm.verdict(), "1.33 is below 1.5");
        assertEquals(1.8, check(checks, "7 LeNet-5 f32").ratio(), 1e-12);
        assertEquals("met", check(checks, "7 LeNet-5 f32").verdict());

        Targets.Check small = check(checks, "7 GEMM plain f32 n=64");
        assertEquals(0.9, small.ratio(), 1e-12);
        assertEquals("met", small.verdict(), "0.9x is enough");
        assertEquals("numpy f32 30.0 GFLOPS", small.reference());
        assertEquals(1.0, check(checks, "7 GEMM plain f32 n=1024").ratio(), 1e-12);
        assertEquals("met", check(checks, "7 plain f32 heap, " + MlpWorkload.MNIST_NAME).verdict());
        assertEquals("NOT met", check(checks, "4 plain heap, " + MlpWorkload.MNIST_NAME).verdict());
        assertTrue(checks.stream().noneMatch(c -> c.target().equals("7 GEMM plain f32 n=256")),
                "no float32 figure at n=256, no check");
    }

    @Test
    void withoutFloat32FiguresThereAreNoFloat32Targets() {
        assertTrue(Targets.evaluate(results(), List.of(), REFERENCE).stream()
                .noneMatch(c -> c.target().startsWith("7 ")));
    }

    @Test
    void aTargetWithoutReferenceFigureIsNotJudged() {
        List<Targets.Check> checks = Targets.evaluate(results(), List.of(), ReferenceFigures.parse(List.of()));
        assertEquals("no reference figure", check(checks, "1 seed MLP step").verdict());
        assertEquals(Double.NaN, check(checks, "1 seed MLP step").ratio());
    }
}
