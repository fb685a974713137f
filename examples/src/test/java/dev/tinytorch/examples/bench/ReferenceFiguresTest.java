package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceFiguresTest {

    /** Lines in the form reference.py prints them (figures made up). */
    static final List<String> OUTPUT = List.of(
            "sklearn LogisticRegression val acc (seed split): 0.9737",
            "numpy seed-MLP 30-20-1 b64: 48.2 us/step",
            "numpy MLP 784-256-10 b64 (sigmoid/BCE head): 9050 samples/s",
            "numpy gemm f64 1024: 60.5 GFLOPS",
            "torch threads: 2",
            "torch seed-MLP 30-20-1 b64 f64: 151.3 us/step",
            "torch MLP 784-256-10 b64 torch.float64: 10400 samples/s",
            "torch MLP 784-256-10 b64 torch.float32: 21000 samples/s",
            "torch gemm f64 64: 20.1 GFLOPS",
            "torch cnn b64 torch.float64: 2150 samples/s",
            "torch cnn b64 torch.float32: 6925 samples/s",
            "numpy gemm f32 256: 110.5 GFLOPS");

    @Test
    void readsEveryFigureLineByItsLabel() {
        ReferenceFigures figures = ReferenceFigures.parse(OUTPUT);
        assertEquals(OptionalDouble.of(151.3), figures.get(ReferenceFigures.TORCH_SEED));
        assertEquals(OptionalDouble.of(10400), figures.get(ReferenceFigures.TORCH_MNIST_F64));
        assertEquals(OptionalDouble.of(48.2), figures.get(ReferenceFigures.NUMPY_SEED));
        assertEquals(OptionalDouble.of(60.5), figures.numpyGemm(1024));
        assertEquals(OptionalDouble.of(20.1), figures.torchGemm(64));
        assertEquals(OptionalDouble.of(2150), figures.get(ReferenceFigures.TORCH_CNN_F64));
        assertEquals(OptionalDouble.of(6925), figures.get(ReferenceFigures.TORCH_CNN_F32));
        assertEquals(OptionalDouble.empty(), figures.numpyGemm(64));
        assertEquals(OptionalDouble.of(21000), figures.get(ReferenceFigures.TORCH_MNIST_F32));
        assertEquals(OptionalDouble.of(110.5), figures.numpyGemm(256, DType.FLOAT32));
        assertEquals(OptionalDouble.empty(), figures.numpyGemm(256), "the float32 line is not float64's");
        assertEquals(OptionalDouble.empty(), figures.numpyGemm(1024, DType.FLOAT32));
        assertEquals(10, figures.labels().size(), "the accuracy and thread-count lines are not figures");
    }

    @Test
    void aRepeatedLabelGivesTheMedianOfItsValues() {
        ReferenceFigures figures = ReferenceFigures.parse(List.of(
                "numpy gemm f64 64: 10.0 GFLOPS", "numpy gemm f64 64: 30.0 GFLOPS", "numpy gemm f64 64: 12.0 GFLOPS"));
        assertEquals(OptionalDouble.of(12.0), figures.numpyGemm(64));
    }

    @Test
    void aFileWithoutAnyFigureIsRejectedByName(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("ref.txt"), "Traceback (most recent call last):\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReferenceFigures.read(file));
        assertTrue(e.getMessage().startsWith(file + ": no reference figure"), e.getMessage());
    }
}
