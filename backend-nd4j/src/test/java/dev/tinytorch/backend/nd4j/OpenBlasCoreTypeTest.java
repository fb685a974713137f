package dev.tinytorch.backend.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tinytorch.api.Backends;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Which OpenBLAS kernels the backend asks for, and that a user's own choice stands. */
class OpenBlasCoreTypeTest {

    @Test
    void avx512ProcessorsGetTheSkylakeXKernels() {
        Set<String> sapphireRapids = Set.of("sse3", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw",
                "avx512dq", "avx512vl", "avx512_bf16", "amx_tile");
        assertEquals(Optional.of("SkylakeX"), OpenBlasCoreType.forFlags(sapphireRapids));
    }

    @Test
    void avx2ProcessorsGetTheHaswellKernels() {
        assertEquals(Optional.of("Haswell"), OpenBlasCoreType.forFlags(Set.of("sse3", "avx", "avx2", "fma")));
        assertEquals(Optional.of("Haswell"), OpenBlasCoreType.forFlags(Set.of("avx2", "fma", "avx512f")),
                "AVX-512 Foundation alone (Knights Landing) is not enough for the SkylakeX kernels");
    }

    @Test
    void olderProcessorsAreLeftToOpenBlas() {
        assertEquals(Optional.empty(), OpenBlasCoreType.forFlags(Set.of("sse3", "avx")));
        assertEquals(Optional.empty(), OpenBlasCoreType.forFlags(Set.of()));
    }

    /** Only where the variable is unset: a value set for this run is the user's (or CI's) and stays as it is. */
    @Test
    void withNothingSetOpenBlasRunsTheKernelsChosenForThisProcessor() throws IOException {
        assumeTrue(System.getenv(OpenBlasCoreType.VARIABLE) == null, "OPENBLAS_CORETYPE is set for this run");
        Optional<String> choice = OpenBlasCoreType.forFlags(cpuFlags());
        assumeTrue(choice.isPresent(), "not a Linux host with AVX2 or AVX-512");
        Backends.get(Nd4jBackend.NAME);
        assertEquals(choice.get(), OpenBlasCoreType.active());
    }

    /** A JVM started with the variable set keeps its value: here Haswell, though this processor may do AVX-512. */
    @Test
    void aValueTheUserSetIsKept() throws IOException, InterruptedException {
        assumeTrue(System.getenv(OpenBlasCoreType.VARIABLE) == null, "OPENBLAS_CORETYPE is set for this run");
        assumeTrue(OpenBlasCoreType.forFlags(cpuFlags()).isPresent(), "not a Linux host with AVX2 or AVX-512");
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReportCoreType.class.getName())
                .redirectErrorStream(true);
        child.environment().put(OpenBlasCoreType.VARIABLE, "Haswell");
        Process process = child.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertEquals("core type: Haswell", output.lines().filter(l -> l.startsWith("core type: "))
                .findFirst().orElse(output));
    }

    private static Set<String> cpuFlags() throws IOException {
        Path cpuinfo = Path.of(File.separator, "proc", "cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Set.of();
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> Stream.of(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))
                            .collect(Collectors.toSet()))
                    .orElse(Set.of());
        }
    }
}
