package dev.tinytorch.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private static AtomicFiles.Content text(String s) {
        return out -> out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesEveryFileAndLeavesNoTemporaryFile() throws IOException {
        Path nested = dir.resolve("a").resolve("b");
        AtomicFiles.write(nested, Map.of("x.txt", text("hello")));
        assertEquals("hello", Files.readString(nested.resolve("x.txt")));
        AtomicFiles.write(dir, Map.of("x.txt", text("old")));
        AtomicFiles.write(dir, Map.of("x.txt", text("new")));
        assertEquals("new", Files.readString(dir.resolve("x.txt")));
        assertEquals(List.of("a", "x.txt"), names());
    }

    @Test
    void oneFileIsReplacedInItsOwnDirectory() throws IOException {
        Path file = dir.resolve("out").resolve("predictions.csv");
        AtomicFiles.write(file, AtomicFiles.Content.text("old"));
        AtomicFiles.write(file, AtomicFiles.Content.lines(List.of("a", "b")));
        assertEquals(List.of("a", "b"), Files.readAllLines(file));
        assertEquals(List.of("out"), names());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldFilesUntouched() throws IOException {
        Map<String, AtomicFiles.Content> old = new LinkedHashMap<>();
        old.put("weights", text("old weights"));
        old.put("config", text("old config"));
        AtomicFiles.write(dir, old);

        Map<String, AtomicFiles.Content> interrupted = new LinkedHashMap<>();
        interrupted.put("weights", text("new weights, complete"));
        interrupted.put("config", out -> {
            out.write("new config, half".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IOException("disk full");
        });
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(dir, interrupted));
        assertEquals("disk full", e.getMessage());

        assertEquals("old weights", Files.readString(dir.resolve("weights")), "no file is replaced before all are written");
        assertEquals("old config", Files.readString(dir.resolve("config")));
        assertEquals(List.of("config", "weights"), names(), "temporary files are removed");
    }
}
