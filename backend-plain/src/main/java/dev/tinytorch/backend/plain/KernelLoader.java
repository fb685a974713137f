package dev.tinytorch.backend.plain;

import java.lang.reflect.InvocationTargetException;

/**
 * Picks the plain backend's kernels once per class loader: {@link VectorKernels} when the JDK was started with the
 * {@value #VECTOR_MODULE} module, {@link ScalarKernels} otherwise, saying so once in the log.
 *
 * <p>The vector class is loaded by name and only after the module is found, so that no class of the Vector API is
 * ever resolved without it.
 */
final class KernelLoader {

    /** The incubating module the fast kernels are written against. */
    static final String VECTOR_MODULE = "jdk.incubator.vector";

    private static final String VECTOR_KERNELS = KernelLoader.class.getPackageName() + ".VectorKernels";
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

    private static ScalarKernels choose() {
        System.Logger log = System.getLogger(PlainBackend.class.getName());
        if (!vectorModulePresent()) {
            log.log(System.Logger.Level.INFO, "plain backend: the " + VECTOR_MODULE + " module is not present, so"
                    + " matrix products run on scalar kernels, several times slower; start java with"
                    + " --add-modules=" + VECTOR_MODULE + " for the vector kernels");
            return new ScalarKernels();
        }
        try {
            return Class.forName(VECTOR_KERNELS).asSubclass(ScalarKernels.class).getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            return fallBack(log, e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return fallBack(log, e);
        }
    }

    private static ScalarKernels fallBack(System.Logger log, Throwable reason) {
        log.log(System.Logger.Level.WARNING, "plain backend: the " + VECTOR_MODULE + " module is present but its"
                + " kernels cannot run here (" + reason + "); using scalar kernels");
        return new ScalarKernels();
    }
}
