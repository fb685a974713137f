package dev.tinytorch.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.Matrix;
import dev.tinytorch.api.MatrixOps;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** How the provider starts ND4J, and how it fails when ND4J cannot start. */
class Nd4jBackendTest {

    @Test
    void isFoundUnderItsNameBelowThePlainBackend() {
        assertTrue(Backends.available().contains("nd4j"));
        assertEquals(10, new Nd4jBackend().priority());
        assertEquals("nd4j", Backends.get("nd4j").name());
    }

    @Test
    void makesDoubleTheDefaultType() {
        Backends.get("nd4j");
        assertSame(DataType.DOUBLE, Nd4j.dataType());
    }

    /**
     * Float32 is offered and stores floats: 0.1 reads back as the float nearest to it, 1e300 as infinity, and a sum
     * of a million floats of 0.1 is their float64 sum (libnd4j's float sum gives 100,354, 0.35 % off).
     */
    @Test
    void offersFloat32WhoseMatricesHoldFloats() {
        assertEquals(java.util.EnumSet.of(DType.FLOAT64, DType.FLOAT32), new Nd4jBackend().dtypes());
        MatrixOps ops = Backends.get("nd4j", DType.FLOAT32);
        assertEquals(DType.FLOAT32, ops.dtype());
        assertEquals(DType.FLOAT64, Backends.get("nd4j", DType.FLOAT64).dtype());
        Matrix m = ops.fromRowMajor(1, 3, new double[] {0.1, 1e300, -1e-300});
        assertEquals((double) 0.1f, ops.get(m, 0, 0));
        assertEquals(Double.POSITIVE_INFINITY, ops.get(m, 0, 1));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(ops.get(m, 0, 2)));
        Matrix many = ops.zeros(1000, 1000);
        ops.fill(many, 0.1);
        assertEquals(1_000_000 * (double) 0.1f, ops.sum(many), 1e-9);
    }

    @Test
    void aLoadFailureNamesThePlatformAndTheRootCause() {
        UnsatisfiedLinkError root = new UnsatisfiedLinkError("no jnind4jcpu in java.library.path");
        IllegalStateException e = Nd4jBackend.loadFailure("linux-x86_64",
                new RuntimeException("backend init failed", new ExceptionInInitializerError(root)));
        assertEquals("ND4J natives failed to load for linux-x86_64: java.lang.UnsatisfiedLinkError: "
                + "no jnind4jcpu in java.library.path", e.getMessage());
        assertSame(root, e.getCause().getCause().getCause());
    }

    /**
     * Starts a JVM whose class path lacks this platform's ND4J natives, as a user's would on a platform with no
     * build: asking for nd4j there must fail naming the missing library, and the plain backend must still work.
     */
    @Test
    void withoutItsNativesItFailsClearlyAndLeavesTheOtherBackendsWorking() throws IOException, InterruptedException {
        String natives = "-" + Nd4jBackend.platform() + ".jar";
        String[] classPath = System.getProperty("java.class.path").split(File.pathSeparator);
        String withoutNatives = Arrays.stream(classPath)
                .filter(entry -> !(Path.of(entry).getFileName().toString().startsWith("nd4j-native-")
                        && entry.endsWith(natives)))
                .collect(Collectors.joining(File.pathSeparator));
        assertNotEquals(classPath.length, withoutNatives.split(File.pathSeparator).length,
                "the natives jar (*" + natives + ") should be on the test class path");

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", withoutNatives, WithoutNatives.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        assertTrue(output.contains("ND4J natives failed to load for " + Nd4jBackend.platform() + ": "
                + "java.lang.UnsatisfiedLinkError: Could not find jnind4jcpu"), output);
        assertTrue(output.contains("default: plain"), output);
    }
}
