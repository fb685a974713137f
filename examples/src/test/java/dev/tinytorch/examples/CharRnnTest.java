package dev.tinytorch.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.MatrixOps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A test-sized CharRnn (an LSTM of 64 units on windows of 32 characters, 200 batches of 32) learns more than the
 * character frequencies (3.31 nats per character): its validation loss falls below 2.5 (2.15 on plain, seed 1), and
 * a model it saved writes the same text again from the same seed. It runs on {@code --backend}, by default the
 * default backend ({@code -Dtinytorch.backend}).
 */
class CharRnnTest {

    private final MatrixOps ops = Backends.getDefault();

    @TempDir
    Path directory;

    @Test
    void aShortRunFallsBelow2point5NatsAndItsSavedModelWritesReproducibleText() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CharRnn run = new CharRnn().printingTo(new PrintStream(printed, true, StandardCharsets.UTF_8));
        new CommandLine(run).parseArgs("--hidden", "64", "--embedding", "16", "--seq-len", "32", "--batch", "32",
                "--lr", "1e-2", "--steps", "100", "--epochs", "2", "--sample-length", "40",
                "--out", directory.toString());
        List<CharRnn.Epoch> epochs = run.train();

        String output = printed.toString(StandardCharsets.UTF_8);
        assertTrue(output.startsWith("backend " + ops.name() + ": "), output);
        assertEquals(2, epochs.size(), output);
        assertTrue(epochs.get(0).validationLoss() < 3.31, output);
        assertTrue(epochs.get(1).validationLoss() < 2.5, output);
        assertTrue(output.contains("epoch   2  step    200  train "), output);
        assertTrue(Files.isRegularFile(directory.resolve(CharRnn.VOCABULARY)), output);

        String text = CharRnn.generate(directory, ops, "ROMEO:", 100, 0.8, 5);
        assertTrue(text.startsWith("ROMEO:"), text);
        assertEquals(106, text.length(), text);
        assertEquals(text, CharRnn.generate(directory, ops, "ROMEO:", 100, 0.8, 5), "same seed, same text");
        assertNotEquals(text, CharRnn.generate(directory, ops, "ROMEO:", 100, 0.8, 6), "another seed, another text");
    }

    @Test
    void theCommandLineGeneratesFromASavedModel() throws IOException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CharRnn run = new CharRnn().printingTo(new PrintStream(printed, true, StandardCharsets.UTF_8));
        new CommandLine(run).parseArgs("--hidden", "8", "--embedding", "4", "--seq-len", "8", "--batch", "4",
                "--steps", "2", "--epochs", "1", "--sample-length", "5", "--out", directory.toString());
        run.train();
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        int code = new CommandLine(new CharRnn().printingTo(new PrintStream(generated, true, StandardCharsets.UTF_8)))
                .execute("--generate", "--model", directory.toString(), "--length", "20", "--prime", "KING",
                        "--seed", "3");
        assertEquals(0, code);
        String text = generated.toString(StandardCharsets.UTF_8).strip();
        assertTrue(text.startsWith("KING") && text.length() >= 20, text);
        assertEquals(text, CharRnn.generate(directory, ops, "KING", 20, 0.8, 3).strip());
    }

    @Test
    void backendNamesTheBackendOfTrainingAndOfGeneration() throws IOException {
        String other = ops.name().equals("ejml") ? "plain" : "ejml";
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = new CommandLine(new CharRnn().printingTo(new PrintStream(printed, true, StandardCharsets.UTF_8)))
                .execute("--backend", other, "--hidden", "8", "--embedding", "4", "--seq-len", "8", "--batch", "4",
                        "--steps", "2", "--epochs", "1", "--sample-length", "5", "--out", directory.toString());
        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, output);
        assertTrue(output.startsWith("backend " + other + ": "), output);
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        code = new CommandLine(new CharRnn().printingTo(new PrintStream(generated, true, StandardCharsets.UTF_8)))
                .execute("--generate", "--backend", other, "--model", directory.toString(), "--length", "20",
                        "--seed", "3");
        assertEquals(0, code);
        assertEquals(CharRnn.generate(directory, Backends.get(other), "ROMEO:", 20, 0.8, 3).strip(),
                generated.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void anUnknownBackendIsAUsageErrorListingTheValidNames() {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new CharRnn());
        command.setErr(new PrintWriter(err, true));
        int code = command.execute("--backend", "cuda", "--epochs", "1", "--out", directory.toString());
        assertEquals(CommandLine.ExitCode.USAGE, code, err.toString());
        assertTrue(err.toString().contains("--backend: unknown backend 'cuda'; available: "), err.toString());
        for (String name : Backends.available()) {
            assertTrue(err.toString().contains(name), name + " in " + err);
        }
    }
}
