package dev.tinytorch.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tinytorch.api.Backends;
import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixOps;
import dev.tinytorch.api.contract.Float32Backends;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demos train in float32 without a change to their code, to the accuracy they reach in float64 (within 0.01):
 * Digits and breast cancer on the float32 test double and on every backend offering float32, LeNet-5 on MNIST on
 * every backend offering float32 (five epochs each; the double would take several times as long); and their setup
 * honours {@code tinytorch.dtype}.
 */
class Float32DemosTest {

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private final MatrixOps float64 = Backends.get("plain", DType.FLOAT64);

    @Test
    void digitsReachesItsFloat64Accuracy() {
        double reference = new Digits(new DemoSetup(float64, QUIET, Digits.SEED)).run().validation().metric();
        for (MatrixOps float32 : Float32Backends.all("plain")) {
            double accuracy = new Digits(new DemoSetup(float32, QUIET, Digits.SEED)).run().validation().metric();
            assertEquals(reference, accuracy, 0.01, "digits on " + float32.name() + " in float32");
        }
    }

    @Test
    void breastCancerReachesItsFloat64Accuracy() {
        BreastCancer.Results reference = new BreastCancer(new DemoSetup(float64, QUIET, BreastCancer.JAVA_SEED),
                BreastCancer.Draws.SEEDED_JAVA).run();
        for (MatrixOps float32 : Float32Backends.all("plain")) {
            BreastCancer.Results results = new BreastCancer(new DemoSetup(float32, QUIET, BreastCancer.JAVA_SEED),
                    BreastCancer.Draws.SEEDED_JAVA).run();
            String where = "breast cancer on " + float32.name() + " in float32";
            assertEquals(reference.logistic().metric(), results.logistic().metric(), 0.01, where + ", logistic");
            assertEquals(reference.deeper().metric(), results.deeper().metric(), 0.01, where + ", deeper");
        }
    }

    @Test
    void mnistReachesItsFloat64Accuracy(@TempDir Path directory) {
        List<MatrixOps> backends = Float32Backends.offered();
        assertTrue(backends.stream().anyMatch(ops -> ops.name().equals("plain")), "plain offers float32");
        double reference = new Mnist(new DemoSetup(float64, QUIET, Mnist.SEED), directory.resolve("float64")).run()
                .confusion().accuracy();
        assertTrue(reference >= 0.97, "float64 accuracy " + reference);
        for (MatrixOps float32 : backends) {
            double accuracy = new Mnist(new DemoSetup(float32, QUIET, Mnist.SEED),
                    directory.resolve(float32.name())).run().confusion().accuracy();
            assertEquals(reference, accuracy, 0.01, "LeNet-5 on MNIST on " + float32.name() + " in float32");
        }
    }

    @Test
    void theDemoSetupHonoursTheDtypeProperty() {
        String saved = System.getProperty(Backends.DTYPE_PROPERTY);
        try {
            System.setProperty(Backends.DTYPE_PROPERTY, "float64");
            assertEquals(DType.FLOAT64, DemoSetup.onDefaultBackend(1).ops().dtype());
            System.setProperty(Backends.DTYPE_PROPERTY, "float32");
            MatrixOps ops;
            try {
                ops = DemoSetup.onDefaultBackend(1).ops();
            } catch (IllegalArgumentException | IllegalStateException noFloat32Backend) {
                assertTrue(noFloat32Backend.getMessage().contains("float32"), noFloat32Backend.getMessage());
                return;
            }
            assertEquals(DType.FLOAT32, ops.dtype());
        } finally {
            if (saved == null) {
                System.clearProperty(Backends.DTYPE_PROPERTY);
            } else {
                System.setProperty(Backends.DTYPE_PROPERTY, saved);
            }
        }
    }
}
