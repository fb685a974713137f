package dev.tinytorch.backend.nd4j;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Chooses OpenBLAS's kernels for this processor when the user has not, before OpenBLAS loads.
 *
 * <p>The OpenBLAS that ND4J 1.0.0-M2.1 is built with (0.3.19) picks its kernels at load time from a table of
 * processor models; a processor newer than the table gets the generic SSE3 ("Prescott") kernels. On an AVX-512
 * Xeon that is a quarter or less of the speed: a 1024 x 1024 product ran at 5-9 GFLOPS with Prescott against
 * 44-52 with SkylakeX. OpenBLAS takes the choice from the environment variable {@value #VARIABLE} instead when it
 * is set, so this class sets it, for this process only, from the vector extensions the processor reports.
 *
 * <p>A value the user set is never changed: {@code OPENBLAS_CORETYPE=Prescott} (or any core name OpenBLAS knows)
 * overrides the choice here. Only Linux is handled (the processor's flags come from {@code /proc/cpuinfo} and the
 * variable is set with the C library's {@code setenv}); elsewhere OpenBLAS's own detection stands.
 */
final class OpenBlasCoreType {

    static final String VARIABLE = "OPENBLAS_CORETYPE";

    private static final Set<String> AVX512 = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    private static final Set<String> AVX2 = Set.of("avx2", "fma");
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private OpenBlasCoreType() {
    }

    /**
     * The OpenBLAS core type whose kernels fit a processor with these flags: {@code SkylakeX} with AVX-512 (the
     * subsets Skylake-SP and every later AVX-512 processor has), {@code Haswell} with AVX2 and FMA, else none.
     */
    static Optional<String> forFlags(Set<String> flags) {
        if (flags.containsAll(AVX512)) {
            return Optional.of("SkylakeX");
        }
        if (flags.containsAll(AVX2)) {
            return Optional.of("Haswell");
        }
        return Optional.empty();
    }

    /**
     * Sets {@value #VARIABLE} in this process to the choice of {@link #forFlags} when it is unset and this is Linux;
     * must run before OpenBLAS loads to have any effect. Returns the value set, or empty if none was.
     *
     * @throws IllegalStateException if the C library refuses the variable
     */
    static Optional<String> chooseIfUnset() {
        if (System.getenv(VARIABLE) != null || !Files.isReadable(CPUINFO)) {
            return Optional.empty();
        }
        Optional<String> choice = forFlags(linuxCpuFlags());
        choice.ifPresent(OpenBlasCoreType::setenv);
        return choice;
    }

    /** The core type OpenBLAS is running with, as it names it (e.g. {@code SkylakeX}); loads OpenBLAS if needed. */
    static String active() {
        String library = Loader.load(openblas_nolapack.class);
        return NativeLibrary.getInstance(library).getFunction("openblas_get_corename").invokeString(new Object[0],
                false);
    }

    private static Set<String> linuxCpuFlags() {
        try (Stream<String> lines = Files.lines(CPUINFO)) {
            return lines.filter(line -> line.startsWith("flags"))
                    .findFirst()
                    .map(line -> Stream.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                            .collect(Collectors.toSet()))
                    .orElse(Set.of());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static void setenv(String value) {
        int result = NativeLibrary.getProcess().getFunction("setenv").invokeInt(new Object[] {VARIABLE, value, 0});
        if (result != 0) {
            throw new IllegalStateException("setenv(" + VARIABLE + ", " + value + ") failed with " + result);
        }
    }
}
