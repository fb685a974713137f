package dev.tinytorch.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkippedCsvTest {

    @Test
    void readsBackWhatItWroteInOrderWithLineBreaksAsSpaces(@TempDir Path dir) throws IOException {
        Map<String, String> skipped = new LinkedHashMap<>();
        skipped.put("nd4j f32", "cannot start: \"libnd4j\", on\nthis machine");
        skipped.put("cuda", "unknown backend 'cuda'; valid: plain, ejml, nd4j");
        Path file = dir.resolve("skipped.csv");

        SkippedCsv.write(skipped, file);

        Map<String, String> read = SkippedCsv.read(file);
        assertEquals(List.of("nd4j f32", "cuda"), List.copyOf(read.keySet()));
        assertEquals("cannot start: \"libnd4j\", on this machine", read.get("nd4j f32"));
        assertEquals(skipped.get("cuda"), read.get("cuda"));
    }

    @Test
    void noFileMeansNothingWasSkipped(@TempDir Path dir) throws IOException {
        assertTrue(SkippedCsv.read(dir.resolve("skipped.csv")).isEmpty());
    }

    @Test
    void aFileOfAnotherKindIsNamed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("skipped.csv"), ResultsCsv.HEADER + "\n");
        String message = assertThrows(IllegalArgumentException.class, () -> SkippedCsv.read(file)).getMessage();
        assertTrue(message.startsWith(file + ": not a skipped-columns file"), message);
    }
}
