package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tinytorch.api.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvTest {

    @Test
    void oneLinePerResultWithItsWholeSummary() {
        List<String> lines = ResultsCsv.lines(List.of(
                new Result("plain", "gemm 64x30 * 30x20", "GFLOPS", true, Stats.of(1, 2, 3, 4, 5)),
                new Result("plain", DType.FLOAT32, "gemm 64x30 * 30x20", "GFLOPS", true, Stats.of(6))));
        assertEquals(List.of(ResultsCsv.HEADER,
                "plain,float64,gemm 64x30 * 30x20,GFLOPS,true,3.0,2.0,4.0,1.0,5.0,5",
                "plain,float32,gemm 64x30 * 30x20,GFLOPS,true,6.0,6.0,6.0,6.0,6.0,1"), lines);
    }

    @Test
    void fieldsWithCommasOrQuotesAreQuoted() {
        assertEquals("plain", ResultsCsv.field("plain"));
        assertEquals("\"seed, b64\"", ResultsCsv.field("seed, b64"));
        assertEquals("\"say \"\"hi\"\"\"", ResultsCsv.field("say \"hi\""));
    }

    @Test
    void writesIntoANewDirectory(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a/b/results.csv");
        ResultsCsv.write(List.of(new Result("x", "w", "u", false, Stats.of(1))), file);
        assertEquals(2, Files.readAllLines(file).size());
    }
}
