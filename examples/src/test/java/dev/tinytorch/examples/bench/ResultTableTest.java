package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinytorch.api.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static Result result(String backend, String workload, String unit, boolean higherIsBetter,
                                 double... samples) {
        return new Result(backend, workload, unit, higherIsBetter, Stats.of(samples));
    }

    @Test
    void oneRowPerWorkloadAndUnitOneColumnPerBackendAndPrecisionWithTheBestNamed() {
        List<Result> results = List.of(
                result("plain", "gemm 8", "GFLOPS", true, 1, 2, 3),
                result("plain", "step", "us/step", false, 10, 11, 12),
                new Result("plain", DType.FLOAT32, "gemm 8", "GFLOPS", true, Stats.of(7, 8, 9)),
                result("nd4j", "gemm 8", "GFLOPS", true, 4, 5, 6),
                result("nd4j", "step", "us/step", false, 20, 21, 22));
        String[] lines = ResultTable.render(results, List.of("plain f64", "plain f32", "nd4j f64")).split("\n");
        assertEquals(4, lines.length);
        assertEquals(List.of("workload,", "unit:", "median", "(min..max)", "plain", "f64", "plain", "f32", "nd4j",
                        "f64", "best"), List.of(lines[0].trim().split("\\s+")));
        assertEquals(List.of("gemm", "8,", "GFLOPS", "2.00", "(1.00..3.00)", "8.00", "(7.00..9.00)", "5.00",
                        "(4.00..6.00)", "plain", "f32"), List.of(lines[2].trim().split("\\s+")));
        assertEquals(List.of("step,", "us/step", "11.0", "(10.0..12.0)", "-", "21.0", "(20.0..22.0)", "plain",
                        "f64"), List.of(lines[3].trim().split("\\s+")));
    }

    @Test
    void aBackendWithoutTheFigureShowsADash() {
        List<Result> results = List.of(result("plain", "step", "us/step", false, 10));
        String[] lines = ResultTable.render(results, List.of("plain f64", "ejml f64")).split("\n");
        assertEquals(List.of("step,", "us/step", "10.0", "-", "plain", "f64"), List.of(lines[2].trim().split("\\s+")));
    }

    @Test
    void bestIsTheFirstOnTies() {
        List<Result> tied = List.of(result("a", "w", "u", true, 1), result("b", "w", "u", true, 1));
        assertEquals("a", ResultTable.best(tied).orElseThrow().backend());
    }
}
