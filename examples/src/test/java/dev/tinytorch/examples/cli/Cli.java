package dev.tinytorch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One run of the {@code tinytorch} command in this JVM: its exit code and what it printed. */
record Cli(int exit, String out, String err) {

    /** Runs {@code args} as the command line. */
    static Cli run(Object... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        int exit = TinyTorch.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), strings);
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The shipped data set {@code name} (e.g. {@code breast_cancer.csv}), copied to {@code dir}. */
    static Path shipped(Path dir, String name) throws IOException {
        try (InputStream in = Cli.class.getResourceAsStream("/dev/tinytorch/examples/data/" + name)) {
            Path file = dir.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    /** Asserts a failure with exit code {@code exit} and a single line on standard error containing {@code parts}. */
    Cli fails(int exit, String... parts) {
        assertEquals(exit, this.exit, "exit code; stderr: " + err + "; stdout: " + out);
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), "one line on stderr: " + err);
        for (String part : parts) {
            assertTrue(err.contains(part), "'" + part + "' not in: " + err);
        }
        return this;
    }

    /** Asserts success, returning this run. */
    Cli succeeds() {
        assertEquals(TinyTorch.OK, exit, "exit code; stderr: " + err + "; stdout: " + out);
        return this;
    }
}
