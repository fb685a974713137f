package dev.tinytorch.backend.nd4j;

import dev.tinytorch.api.DType;
import dev.tinytorch.api.MatrixBackend;
import dev.tinytorch.api.MatrixOps;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Registers the ND4J backend with {@link java.util.ServiceLoader} under the name {@code nd4j}, in float64 (its
 * {@code f64} package, ND4J {@code DOUBLE} arrays) and float32 (the {@code f32} package the build generates from it,
 * {@code FLOAT} arrays and OpenBLAS's {@code sgemm}).
 *
 * <p>Its priority is below the plain backend's, so it runs only when asked for by name. Nothing of ND4J is touched
 * until {@link #create()}, which loads the native libraries and turns any failure into one readable message.
 */
public final class Nd4jBackend implements MatrixBackend {

    /** The name users select this backend by. */
    public static final String NAME = "nd4j";

    private static final Logger LOG = System.getLogger(Nd4jBackend.class.getName());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public MatrixOps create() {
        return create(DType.FLOAT64);
    }

    @Override
    public Set<DType> dtypes() {
        return EnumSet.of(DType.FLOAT64, DType.FLOAT32);
    }

    /**
     * Loads ND4J's natives, makes double ND4J's default type and returns the operations in {@code dtype}.
     *
     * <p>Before loading, it picks OpenBLAS's kernels for this processor unless {@code OPENBLAS_CORETYPE} is set
     * ({@link OpenBlasCoreType}); after, it limits ND4J's kernels to one thread and OpenBLAS to one per core unless
     * {@code OMP_NUM_THREADS} or {@code OPENBLAS_NUM_THREADS} say otherwise ({@link NativeThreads}).
     *
     * @throws IllegalStateException naming the platform and the root cause if the natives cannot load (no build
     *     for this platform on the class path, a processor the build does not support, a missing system library)
     */
    @Override
    public MatrixOps create(DType dtype) {
        chooseOpenBlasKernels();
        NativeThreads threads = NativeThreads.from(System.getenv(), Runtime.getRuntime().availableProcessors());
        try {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
            Nd4j.create(DataType.DOUBLE, 1, 1).addi(1.0);
            threads.apply();
        } catch (RuntimeException | LinkageError e) {
            throw loadFailure(platform(), e);
        }
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "ND4J: OpenBLAS core type {0}, {1}", OpenBlasCoreType.active(), threads);
        }
        return dtype == DType.FLOAT32 ? new dev.tinytorch.backend.nd4j.f32.Nd4jOps()
                : new dev.tinytorch.backend.nd4j.f64.Nd4jOps();
    }

    /** A failure here costs speed, not correctness: OpenBLAS then picks its kernels itself. */
    private static void chooseOpenBlasKernels() {
        try {
            OpenBlasCoreType.chooseIfUnset();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "ND4J: could not choose OpenBLAS kernels for this processor, leaving it to "
                    + "OpenBLAS (set " + OpenBlasCoreType.VARIABLE + " to choose): " + e);
        }
    }

    /** The exception {@link #create()} throws when ND4J cannot start: it names the platform and the root cause. */
    static IllegalStateException loadFailure(String platform, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new IllegalStateException("ND4J natives failed to load for " + platform + ": "
                + root.getClass().getName() + ": " + root.getMessage(), e);
    }

    /** The platform in JavaCPP's naming (as the natives' Maven classifier), or Java's own if JavaCPP is missing. */
    static String platform() {
        try {
            return org.bytedeco.javacpp.Loader.getPlatform();
        } catch (RuntimeException | LinkageError e) {
            return System.getProperty("os.name") + "-" + System.getProperty("os.arch");
        }
    }
}
