package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals("plain,float64,\"seed, b64\",\"say \"\"hi\"\"\",false,1.0,1.0,1.0,1.0,1.0,1",
                ResultsCsv.lines(List.of(new Result("plain", "seed, b64", "say \"hi\"", false, Stats.of(1)))).get(1));
    }

    @Test
    void readsBackWhatItWrote(@TempDir Path dir) throws IOException {
        List<Result> results = List.of(
                new Result("plain", "seed MLP 30-20-1 b64", "us/step", false, Stats.of(0.1, 1e-300, 12.5)),
                new Result("nd4j", DType.FLOAT32, "gemm, \"odd\" name", "GFLOPS", true, Stats.of(6, 7)));
        Path file = dir.resolve("results.csv");
        ResultsCsv.write(results, file);
        assertEquals(results, ResultsCsv.read(file));
    }

    @Test
    void aMalformedLineIsNamedWithItsFileAndLine() {
        String message = assertThrows(IllegalArgumentException.class, () -> ResultsCsv.parse(List.of(
                ResultsCsv.HEADER, "plain,float64,w,u,true,1.0,1.0,1.0,1.0,1.0,1", "plain,float64,w,u,true,x,1,1,1,1,1"),
                "r.csv")).getMessage();
        assertTrue(message.startsWith("r.csv:3: ") && message.contains("'plain,float64,w,u,true,x,1,1,1,1,1'"),
                message);
        assertEquals("r.csv:2: expected 11 fields, found 2 in 'plain,float64'", assertThrows(
                IllegalArgumentException.class, () -> ResultsCsv.parse(List.of(ResultsCsv.HEADER, "plain,float64"),
                        "r.csv")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ResultsCsv.parse(List.of("a,b"), "r.csv"))
                .getMessage().startsWith("r.csv: not a results file"));
    }

    @Test
    void writesIntoANewDirectory(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a/b/results.csv");
        ResultsCsv.write(List.of(new Result("x", "w", "u", false, Stats.of(1))), file);
        assertEquals(2, Files.readAllLines(file).size());
    }
}
