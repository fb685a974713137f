package dev.tinytorch.backend.nd4j;

import dev.tinytorch.api.MatrixBackend;
import dev.tinytorch.api.MatrixOps;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Registers the ND4J backend with {@link java.util.ServiceLoader} under the name {@code nd4j}.
 *
 * <p>Its priority is below the plain backend's, so it runs only when asked for by name. Nothing of ND4J is touched
 * until {@link #create()}, which loads the native libraries and turns any failure into one readable message.
 */
public final class Nd4jBackend implements MatrixBackend {

    /** The name users select this backend by. */
    public static final String NAME = "nd4j";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    /**
     * Loads ND4J's natives, makes double ND4J's default type and returns the operations.
     *
     * @throws IllegalStateException naming the platform and the root cause if the natives cannot load (no build
     *     for this platform on the class path, a processor the build does not support, a missing system library)
     */
    @Override
    public MatrixOps create() {
        try {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
            Nd4j.create(DataType.DOUBLE, 1, 1).addi(1.0);
        } catch (RuntimeException | LinkageError e) {
            throw loadFailure(platform(), e);
        }
        return new Nd4jOps();
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
