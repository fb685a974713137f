package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsCsvTest {

    private static final List<Targets.Check> CHECKS = List.of(
            new Targets.Check("7 LSTM f32", "best/torch f32 >= 1.5x", 1.5, "plain f32 4000 samples/s",
                    "torch f32 3000 samples/s", 4.0 / 3, "NOT met"),
            new Targets.Check("4 plain heap, seed MLP 30-20-1 b64", "0 B/step", Double.NaN, "0 B/step", "-",
                    Double.NaN, "met"),
            new Targets.Check("say \"hi\"", "x", 1, "y", "z", 0.5, "no reference figure"));

    @Test
    void writesOneLinePerCheckQuotingCommas() {
        List<String> lines = TargetsCsv.lines(CHECKS.subList(0, 2));
        assertEquals(List.of(TargetsCsv.HEADER,
                "7 LSTM f32,best/torch f32 >= 1.5x,1.5,plain f32 4000 samples/s,torch f32 3000 samples/s,"
                        + 4.0 / 3 + ",NOT met",
                "\"4 plain heap, seed MLP 30-20-1 b64\",0 B/step,NaN,0 B/step,-,NaN,met"), lines);
    }

    @Test
    void readsBackWhatItWrote(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("round-1").resolve(TargetsCsv.FILE);
        TargetsCsv.write(CHECKS, file);
        assertEquals(CHECKS, TargetsCsv.read(file));
    }

    @Test
    void rejectsAnotherFileAndAShortLineByName() {
        assertEquals("x.csv: not a targets file (first line should be '" + TargetsCsv.HEADER + "')",
                assertThrows(IllegalArgumentException.class,
                        () -> TargetsCsv.parse(List.of(ResultsCsv.HEADER), "x.csv")).getMessage());
        assertEquals("x.csv:2: expected 7 fields, found 2 in 'a,b'",
                assertThrows(IllegalArgumentException.class,
                        () -> TargetsCsv.parse(List.of(TargetsCsv.HEADER, "a,b"), "x.csv")).getMessage());
    }
}
