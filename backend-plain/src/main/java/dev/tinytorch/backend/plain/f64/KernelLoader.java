package dev.tinytorch.backend.plain.f64;

import dev.tinytorch.backend.plain.machine.VectorHardware;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * Picks the plain backend's kernels once per class loader: {@link VectorKernels}, their micro-kernel sized to the
 * {@link VectorHardware#registers() vector registers} there are, when the JDK was started with the
 * {@value #VECTOR_MODULE} module and compiles its operations to instructions; {@link ScalarKernels} otherwise,
 * saying why once in the log.
 *
 * <p>The vector class is loaded by name and only after the module is found, so that no class of the Vector API is
 * ever resolved without it.
 */
final class KernelLoader {

    /** The incubating module the fast kernels are written against. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final String VECTOR_KERNELS = KernelLoader.class.getPackageName() + ".VectorKernels";
    private static final System.Logger LOG = System.getLogger(KernelLoader.class.getName());
    private static final ScalarKernels CHOSEN = choose();

    private KernelLoader() {
    }

    /** The kernels every plain backend in this class loader uses. */
    static ScalarKernels kernels() {
        return CHOSEN;
    }

    /** Whether the JDK was started with the Vector API module, e.g. by {@code --add-modules=jdk.incubator.vector}. */
    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * Vector kernels for a micro-kernel of {@code registers} vector registers, whether or not this JVM would choose
     * them (tests run every shape on one machine); requires the module.
     */
    static ScalarKernels vectorKernels(int registers) throws ReflectiveOperationException {
        return Class.forName(VECTOR_KERNELS).asSubclass(ScalarKernels.class).getDeclaredConstructor(int.class)
                .newInstance(registers);
    }

    private static ScalarKernels choose() {
        if (!vectorModulePresent()) {
            LOG.log(System.Logger.Level.INFO, "plain backend: the " + VECTOR_MODULE + " module is not present, so"
                    + " matrix products run on scalar kernels, several times slower; start java with"
                    + " --add-modules=" + VECTOR_MODULE + " for the vector kernels");
            return new ScalarKernels();
        }
        VectorHardware hardware = VectorHardware.ofThisJvm();
        ScalarKernels vector;
        try {
            vector = vectorKernels(hardware.registers());
        } catch (InvocationTargetException e) {
            return fallBack("its kernels cannot run here (" + e.getCause() + ")");
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return fallBack("its kernels cannot run here (" + e + ")");
        }
        Optional<String> whyScalar = hardware.whyScalar(vector.vectorLength());
        if (whyScalar.isPresent()) {
            return fallBack(whyScalar.get());
        }
        LOG.log(System.Logger.Level.DEBUG, "plain backend: " + vector);
        return vector;
    }

    private static ScalarKernels fallBack(String reason) {
        LOG.log(System.Logger.Level.WARNING, "plain backend: the " + VECTOR_MODULE + " module is present but "
                + reason + "; using scalar kernels");
        return new ScalarKernels();
    }
}
