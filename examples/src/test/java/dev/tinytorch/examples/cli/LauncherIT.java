package dev.tinytorch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the distribution the build lays out in {@code target/tinytorch/} as a user would, through its launcher
 * {@code bin/tinytorch} with no JVM flags typed, on the JDK running this test (failsafe runs it after
 * {@code package}). The launcher must pass the Vector API module (the JVM then says it uses an incubator module)
 * and, on newer JDKs, what ND4J's natives need, so that the JVM prints nothing else on standard error.
 */
class LauncherIT {

    private static final Path DISTRIBUTION = Path.of("target", "tinytorch");
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    Path dir;

    @Test
    void listsTheBackendsWithTheVectorModuleAndNoOtherWarning() throws Exception {
        Run run = launch("backends").succeeds();
        assertTrue(run.out.contains("plain    ok"), run.out);
        assertTrue(run.out.contains("ejml     ok"), run.out);
        assertTrue(run.out.contains("nd4j     ok"), run.out);
    }

    @Test
    void trainsOnTheShippedDataThenEvaluatesTheSavedModel() throws Exception {
        Path data = Cli.shipped(dir, "breast_cancer.csv");
        Path model = dir.resolve("model");

        Run train = launch("train", "--data", data, "--epochs", "3", "--out", model, "--progress", "never")
                .succeeds();
        assertTrue(train.out.contains("backend plain"), train.out);
        assertTrue(Files.isRegularFile(model.resolve("model.safetensors")), "no model saved: " + train.out);

        Run evaluate = launch("evaluate", "--model", model, "--data", data).succeeds();
        double accuracy = Double.parseDouble(evaluate.out.lines().filter(l -> l.startsWith("accuracy"))
                .findFirst().orElseThrow().replace("accuracy", "").trim());
        assertTrue(accuracy > 0.9, "accuracy on the whole table after 3 epochs: " + evaluate.out);
    }

    @Test
    void refusesAJavaOlderThan17ByName() throws Exception {
        Path fakeJdk = dir.resolve("jdk8");
        Path java = Files.createDirectories(fakeJdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"1.8.0_392\"' >&2\n");
        assertTrue(java.toFile().setExecutable(true));

        Run run = launch(fakeJdk, "backends");
        assertEquals(1, run.exit, run.err);
        assertEquals("tinytorch: needs Java 17 or newer, but " + java + " is 1.8.0_392; set JAVA_HOME to a newer"
                + " JDK", run.err.strip());
    }

    @Test
    void theArchiveHoldsTheSameLauncherAndLibraries() throws Exception {
        Process tar = new ProcessBuilder("tar", "-tzvf", Path.of("target", "tinytorch.tar.gz").toString())
                .redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tar.waitFor(), listing);
        assertTrue(listing.lines().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(" tinytorch/bin/tinytorch")),
                listing);
        try (var libraries = Files.list(DISTRIBUTION.resolve("lib"))) {
            for (Path jar : libraries.toList()) {
                assertTrue(listing.contains(" tinytorch/lib/" + jar.getFileName() + "\n"), jar + " not in the archive");
            }
        }
    }

    /** {@code bin/tinytorch args} with JAVA_HOME set to the JDK running this test. */
    private static Run launch(Object... args) throws IOException, InterruptedException {
        return launch(Path.of(System.getProperty("java.home")), args);
    }

    private static Run launch(Path javaHome, Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DISTRIBUTION.resolve("bin").resolve("tinytorch").toString()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", javaHome.toString());
        env.remove("JAVA_OPTS");
        env.remove("TINYTORCH_OPTS");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("TINYTORCH_BACKEND");
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            // A guard against a hung JVM, not a time limit on the work: training takes seconds.
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("tinytorch " + command + " did not end");
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** What one launch printed and returned. */
    private record Run(int exit, String out, String err) {

        /** Asserts exit code 0 and nothing on standard error but the JVM's notice of the Vector API module. */
        Run succeeds() {
            assertEquals(0, exit, "exit code; stderr: " + err + "; stdout: " + out);
            assertEquals(List.of(INCUBATOR_WARNING), err.lines().toList(), "standard error");
            return this;
        }
    }
}
