package dev.tinytorch.backend.plain.machine;

import dev.tinytorch.api.kernels.HotSpotFlags;
import java.util.Optional;

/**
 * What the running JVM compiles the Vector API to, read once from HotSpot's flags ({@link HotSpotFlags}), so that
 * each precision's {@code KernelLoader} can choose the scalar kernels where vector code would be emulated and size the micro-kernel to the registers there
 * are. Refers to no class of the Vector API: it is read whether or not that module is present.
 *
 * <p>Emulated means each vector operation runs as a Java loop over its lanes, 10,000 times slower than the scalar
 * kernels (measured under {@code -XX:UseAVX=0}, where {@code UseFMA} is off and every fused multiply-add goes
 * through {@link Math#fma} lane by lane). That happens when fused multiply-add is not an instruction
 * ({@code UseFMA} off), and when C2, the only compiler that has the Vector API's intrinsics on JDK 17, does not
 * compile the code: {@code -Xint}, a tiered compiler stopped below level 4 ({@code -XX:TieredStopAtLevel=1}), or a
 * JVMCI compiler such as Graal in its place.
 *
 * @param optimizingCompiler whether C2 compiles hot code
 * @param fmaInstruction     whether a fused multiply-add is compiled to one instruction
 * @param registers          vector registers the compiler allocates: 32 on x86 with AVX-512 (EVEX encodes 32,
 *                           at every vector width) and on other processors (ARM's NEON and SVE have 32), 16 on
 *                           x86 below AVX-512
 */
public record VectorHardware(boolean optimizingCompiler, boolean fmaInstruction, int registers) {

    /** The JVM this code runs in; flags it does not know (another JVM than HotSpot) are taken at their best. */
    public static VectorHardware ofThisJvm() {
        boolean interpreted = System.getProperty("java.vm.info", "").contains("interpreted mode")
                || "false".equals(HotSpotFlags.get("UseCompiler"));
        String stopAt = HotSpotFlags.get("TieredStopAtLevel");
        boolean c1Only = !"false".equals(HotSpotFlags.get("TieredCompilation"))
                && stopAt != null && Integer.parseInt(stopAt) < 4;
        boolean jvmci = "true".equals(HotSpotFlags.get("UseJVMCICompiler"));
        boolean fma = HotSpotFlags.fmaInstruction();
        String arch = System.getProperty("os.arch", "");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86");
        String avx = HotSpotFlags.get("UseAVX");
        int registers = x86 && (avx == null || Integer.parseInt(avx) < 3) ? 16 : 32;
        return new VectorHardware(!interpreted && !c1Only && !jvmci, fma, registers);
    }

    /**
     * Why vector kernels of {@code lanes} doubles would run slower than the scalar ones here, or empty when they
     * are the faster.
     */
    public Optional<String> whyScalar(int lanes) {
        if (!optimizingCompiler) {
            return Optional.of("C2 does not compile here (-Xint, -XX:TieredStopAtLevel below 4 or a JVMCI compiler),"
                    + " so the Vector API would run emulated");
        }
        if (!fmaInstruction) {
            return Optional.of("fused multiply-add is not an instruction here (UseFMA is off, e.g. -XX:UseAVX=0 or a"
                    + " processor without FMA), so the Vector API would run it emulated");
        }
        if (lanes < 2) {
            return Optional.of("the preferred vector holds " + lanes + " double");
        }
        return Optional.empty();
    }
}
